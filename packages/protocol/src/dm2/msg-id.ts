import { DecodeError, OmaDmError } from "../errors.js";
import type { Dm2Line } from "./dm2-lines.js";
import { decimal } from "./dm2-lines.js";

/** The first line of both DM 2.0 documents is `MsgID <n>`. [DM2 §5.5, §5.6] */
export function msgIdOf(line: Dm2Line | undefined): number {
  if (line === undefined) throw new DecodeError("DM2_INVALID", "document has no MsgID line", 0);
  const [keyword, value, ...rest] = line.tokens;
  const n = decimal(value);
  if (keyword !== "MsgID" || n === undefined || rest.length > 0) {
    throw new DecodeError("DM2_INVALID", "first line must be MsgID <n>", line.offset);
  }
  return n;
}

/** The tokens of the MsgID line; throws OmaDmError "INVALID_ARGUMENT" for a bad number. */
export function msgIdLine(msgId: number): string[] {
  if (!Number.isSafeInteger(msgId) || msgId < 0 || msgId > 999_999_999_999_999) {
    throw new OmaDmError("INVALID_ARGUMENT", `MsgID ${msgId} is not a non-negative integer`);
  }
  return ["MsgID", String(msgId)];
}
