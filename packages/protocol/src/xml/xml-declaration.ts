/**
 * The byte order mark and the XML declaration [XML §2.8, §4.3.3]: they decide how the bytes
 * are read. Internal to the XML codec.
 */
import { isWhitespaceByte } from "./xml-chars.js";
import type { ByteEncoding } from "./xml-chars.js";
import { malformed, setEncoding, skipWhitespace, startsWithAscii, truncated } from "./xml-source.js";
import type { Source } from "./xml-source.js";

/**
 * The encodings the decoder reads, by lower-cased declared name: the IANA names and their
 * common aliases. Everything else (UTF-16 above all) is refused [XML §4.3.3]: DM messages are
 * UTF-8 in practice, and older tools write US-ASCII or Latin-1.
 */
export const xmlEncodingNames = [
  ["utf-8", "utf-8"],
  ["utf8", "utf-8"],
  ["us-ascii", "us-ascii"],
  ["ascii", "us-ascii"],
  ["iso-8859-1", "latin1"],
  ["iso_8859-1", "latin1"],
  ["iso8859-1", "latin1"],
  ["latin1", "latin1"],
  ["l1", "latin1"],
] as const satisfies readonly (readonly [string, ByteEncoding])[];

const encodingOf: ReadonlyMap<string, ByteEncoding> = new Map(xmlEncodingNames);

/**
 * Reads the BOM and the XML declaration if present, sets the source encoding and leaves
 * `src.pos` at the first byte after them.
 */
export function readDeclaration(src: Source): void {
  const b = src.bytes;
  let i = 0;
  const bom = src.end >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
  if (bom) i = 3;
  else if (src.end >= 2 && ((b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0xff && b[1] === 0xfe))) {
    return malformed("UTF-16 documents are not supported; send UTF-8", 0);
  }
  src.pos = i;
  // [XML §2.8] XMLDecl ::= '<?xml' VersionInfo EncodingDecl? SDDecl? S? '?>'
  if (!startsWithAscii(src, i, "<?xml") || i + 5 >= src.end || !isWhitespaceByte(b[i + 5]!)) return;
  i = expectKeyword(src, i + 5, "version", true);
  let [vs, ve] = readQuoted(src, i);
  if (!isVersion(b, vs, ve)) return malformed("XML version must be 1.x", vs);
  i = ve + 1;
  let j = skipWhitespace(src, i);
  if (j > i && startsWithAscii(src, j, "encoding")) {
    i = expectKeyword(src, j, "encoding", false);
    [vs, ve] = readQuoted(src, i);
    if (ve - vs > 32) return malformed("unsupported encoding (UTF-8, US-ASCII, ISO-8859-1)", vs);
    let name = "";
    for (let k = vs; k < ve; k++)
      name += String.fromCharCode(b[k]! | (b[k]! >= 0x41 && b[k]! <= 0x5a ? 0x20 : 0));
    const encoding = encodingOf.get(name);
    if (encoding === undefined) return malformed("unsupported encoding (UTF-8, US-ASCII, ISO-8859-1)", vs);
    // [XML §4.3.3] a BOM says UTF-8; a declaration naming another encoding contradicts it.
    if (bom && encoding !== "utf-8") return malformed("a UTF-8 byte order mark with another encoding", vs);
    setEncoding(src, encoding);
    i = ve + 1;
    j = skipWhitespace(src, i);
  }
  if (j > i && startsWithAscii(src, j, "standalone")) {
    i = expectKeyword(src, j, "standalone", false);
    [vs, ve] = readQuoted(src, i);
    const len = ve - vs;
    const ok = len === 3 ? startsWithAscii(src, vs, "yes") : len === 2 && startsWithAscii(src, vs, "no");
    if (!ok) return malformed("standalone must be yes or no", vs);
    i = ve + 1;
    j = skipWhitespace(src, i);
  }
  if (j + 1 >= src.end) return truncated(src, "the XML declaration");
  if (b[j] !== 0x3f || b[j + 1] !== 0x3e) return malformed("expected '?>' to end the XML declaration", j);
  src.pos = j + 2;
}

// Expects `keyword` (after whitespace if `skip`), then Eq; returns the position of the quote.
function expectKeyword(src: Source, i: number, keyword: string, skip: boolean): number {
  if (skip) i = skipWhitespace(src, i);
  if (i + keyword.length > src.end) return truncated(src, "the XML declaration");
  if (!startsWithAscii(src, i, keyword)) return malformed(`expected '${keyword}'`, i);
  i = skipWhitespace(src, i + keyword.length);
  if (i >= src.end) return truncated(src, "the XML declaration");
  if (src.bytes[i] !== 0x3d) return malformed("expected '='", i);
  return skipWhitespace(src, i + 1);
}

// The value bounds [start, end) of the quoted ASCII value at `i`; `end` is the closing quote.
function readQuoted(src: Source, i: number): [number, number] {
  if (i >= src.end) return truncated(src, "the XML declaration");
  const q = src.bytes[i];
  if (q !== 0x22 && q !== 0x27) return malformed("expected a quoted value", i);
  for (let k = i + 1; k < src.end; k++) {
    const c = src.bytes[k]!;
    if (c === q) return [i + 1, k];
    // [XML §2.8, §4.3.3] VersionNum, EncName and yes/no are short ASCII words.
    if (!(asciiWordByte(c) || c === 0x2e || c === 0x2d || c === 0x5f))
      return malformed("unexpected character", k);
  }
  return truncated(src, "the XML declaration");
}

function asciiWordByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isVersion(b: Uint8Array, start: number, end: number): boolean {
  // [XML §2.8] VersionNum ::= '1.' [0-9]+
  if (end - start < 3 || b[start] !== 0x31 || b[start + 1] !== 0x2e) return false;
  for (let k = start + 2; k < end; k++) if (b[k]! < 0x30 || b[k]! > 0x39) return false;
  return true;
}
