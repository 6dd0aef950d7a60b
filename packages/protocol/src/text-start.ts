/**
 * Where text content starts: the index after an optional UTF-8 byte order mark and XML white
 * space (space, tab, LF, CR). Equal to `bytes.length` when nothing follows. Format sniffing uses
 * it to look at the first character that means something.
 */
export function textStart(bytes: Uint8Array): number {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) break;
    i++;
  }
  return i;
}
