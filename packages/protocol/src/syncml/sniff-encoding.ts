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
  let i = first === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) break;
  }
  return bytes[i] === 0x3c ? "xml" : undefined;
}
