import { textStart } from "../text-start.js";
import type { SyncMLEncoding } from "./media-types.js";

/**
 * Tells XML from WBXML by the first bytes: WBXML starts with its version byte (0x00-0x03; DM
 * receivers accept any WBXML 1.x [TR-REP intro]); XML starts with `<` after an optional UTF-8 BOM
 * and whitespace. Anything else gives undefined.
 */
export function sniffEncoding(bytes: Uint8Array): SyncMLEncoding | undefined {
  const first = bytes[0];
  if (first === undefined) return undefined;
  if (first <= 0x03) return "wbxml";
  return bytes[textStart(bytes)] === 0x3c ? "xml" : undefined;
}
