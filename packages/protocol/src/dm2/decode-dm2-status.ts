import { DecodeError } from "../errors.js";
import type { DecodeDm2Options } from "./decode-dm2-commands.js";
import { decimal, readDm2Lines } from "./dm2-lines.js";
import type { Dm2Status, Dm2StatusDocument } from "./dm2-status.js";
import { msgIdOf } from "./msg-id.js";

/**
 * Decodes a DM 2.0 status document (application/dm20status). [DM2 §5.6] A line that does not start
 * with a decimal status code gives DecodeError "DM2_INVALID" at the line's offset.
 */
export function decodeDm2Status(
  input: Uint8Array | string,
  options: DecodeDm2Options = {},
): Dm2StatusDocument {
  const lines = readDm2Lines(input, options.limits);
  const msgId = msgIdOf(lines[0]);
  const statuses: Dm2Status[] = [];
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k]!;
    const [first, ...params] = line.tokens;
    // [DM2 §5.6] the status code is the integer result code as a decimal string.
    const code = first !== undefined && first.length <= 9 ? decimal(first) : undefined;
    if (code === undefined)
      throw new DecodeError("DM2_INVALID", "status line must start with a status code", line.offset);
    statuses.push({ code, params });
  }
  return { msgId, statuses };
}
