import { OmaDmError } from "../errors.js";
import { checkDm2Token, writeDm2Lines } from "./dm2-lines.js";
import type { Dm2StatusDocument } from "./dm2-status.js";
import { msgIdLine } from "./msg-id.js";

/**
 * Encodes a DM 2.0 status document, each line ended by CRLF. [DM2 §5.6] Throws OmaDmError
 * "INVALID_ARGUMENT" for a status code that is not an integer from 0 to 999999999 or a parameter
 * that is empty or holds whitespace.
 */
export function encodeDm2Status(doc: Dm2StatusDocument): Uint8Array {
  const lines: string[][] = [msgIdLine(doc.msgId)];
  for (const s of doc.statuses) {
    if (!Number.isInteger(s.code) || s.code < 0 || s.code > 999_999_999) {
      throw new OmaDmError("INVALID_ARGUMENT", `status code ${s.code} is not an integer from 0 to 999999999`);
    }
    lines.push([String(s.code), ...s.params.map((p) => checkDm2Token(p, "parameter"))]);
  }
  return writeDm2Lines(lines);
}
