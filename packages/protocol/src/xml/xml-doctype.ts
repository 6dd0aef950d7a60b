/**
 * The document type declaration [XML §2.8]. The external subset is never fetched, and the
 * internal subset is only checked and skipped: every ENTITY declaration and every parameter
 * entity reference is refused (XML_DTD_REFUSED), so no entity beyond the five predefined ones
 * can ever be expanded: no billion laughs, no XXE. ELEMENT, ATTLIST and NOTATION declarations
 * are skipped; ATTLIST defaults are not applied (DM documents declare none).
 */
import { isWhitespaceByte } from "./xml-chars.js";
import { skipComment, skipProcessingInstruction } from "./xml-markup.js";
import { nameString, scanName } from "./xml-names.js";
import type { NameScan } from "./xml-names.js";
import type { XmlDoctype } from "./xml-options.js";
import {
  checkChars,
  decodeRange,
  fail,
  isPrefixAtEnd,
  malformed,
  skipWhitespace,
  startsWithAscii,
  truncated,
} from "./xml-source.js";
import type { Source } from "./xml-source.js";

const scan: NameScan = { colon: -1, ascii: true };

/** Reads the DOCTYPE whose `<!DOCTYPE` is at `lt`; `src.pos` is set after its `>`. */
export function readDoctype(src: Source, lt: number): XmlDoctype {
  // doctypedecl ::= '<!DOCTYPE' S Name (S ExternalID)? S? ('[' intSubset ']' S?)? '>'
  const b = src.bytes;
  let i = lt + 9;
  i = requireWhitespace(src, i);
  const nameStart = i;
  const nameEnd = scanName(src, i, scan);
  const name = nameString(src, nameStart, nameEnd, scan.ascii);
  let publicId: string | undefined;
  let systemId: string | undefined;
  i = skipWhitespace(src, nameEnd);
  if (i >= src.end) return truncated(src, "the DOCTYPE");
  const spaced = i > nameEnd;
  if (spaced && startsWithAscii(src, i, "PUBLIC")) {
    // ExternalID ::= 'PUBLIC' S PubidLiteral S SystemLiteral
    i = requireWhitespace(src, i + 6);
    const [ps, pe] = quoted(src, i);
    for (let k = ps; k < pe; k++) {
      if (!isPubidByte(b[k]!)) return malformed("character not allowed in a public identifier", k);
    }
    publicId = decodeRange(src, ps, pe, true);
    const after = pe + 1;
    i = skipWhitespace(src, after);
    if (i >= src.end) return truncated(src, "the DOCTYPE");
    if (i > after && (b[i] === 0x22 || b[i] === 0x27)) {
      systemId = systemLiteral(src, i);
      i = skipWhitespace(src, src.pos);
    } else if (!src.lenient) {
      return malformed("a PUBLIC identifier must be followed by a system literal", i);
    }
  } else if (spaced && startsWithAscii(src, i, "SYSTEM")) {
    i = requireWhitespace(src, i + 6);
    systemId = systemLiteral(src, i);
    i = skipWhitespace(src, src.pos);
  } else if (isPrefixAtEnd(src, i, "PUBLIC") || isPrefixAtEnd(src, i, "SYSTEM")) {
    return truncated(src, "the DOCTYPE");
  }
  if (i < src.end && b[i] === 0x5b) i = skipWhitespace(src, skipInternalSubset(src, i + 1));
  if (i >= src.end) return truncated(src, "the DOCTYPE");
  if (b[i] !== 0x3e) return malformed("expected '>' to end the DOCTYPE", i);
  src.pos = i + 1;
  const doctype: { name: string; publicId?: string; systemId?: string } = { name };
  if (publicId !== undefined) doctype.publicId = publicId;
  if (systemId !== undefined) doctype.systemId = systemId;
  return doctype;
}

// Checks and skips the internal subset from after `[`; returns the position after `]`.
function skipInternalSubset(src: Source, i: number): number {
  const b = src.bytes;
  for (;;) {
    i = skipWhitespace(src, i);
    if (i >= src.end) return truncated(src, "the DOCTYPE internal subset");
    const c = b[i];
    if (c === 0x5d) return i + 1;
    if (c === 0x25) return refuse("parameter entity references are refused", i);
    if (c !== 0x3c) return malformed("unexpected character in the DOCTYPE internal subset", i);
    if (startsWithAscii(src, i, "<!--")) i = skipComment(src, i);
    else if (startsWithAscii(src, i, "<?")) i = skipProcessingInstruction(src, i);
    else if (startsWithAscii(src, i, "<!ENTITY")) {
      // [XML §4.2] entity declarations are how billion-laughs and XXE documents work.
      return refuse("ENTITY declarations are refused", i);
    } else if (
      startsWithAscii(src, i, "<!ELEMENT") ||
      startsWithAscii(src, i, "<!ATTLIST") ||
      startsWithAscii(src, i, "<!NOTATION")
    ) {
      i = skipDeclaration(src, i + 2);
    } else if (
      ["<!ENTITY", "<!ELEMENT", "<!ATTLIST", "<!NOTATION", "<!--"].some((k) => isPrefixAtEnd(src, i, k))
    ) {
      return truncated(src, "the DOCTYPE internal subset");
    } else {
      return malformed("unexpected markup in the DOCTYPE internal subset", i);
    }
  }
}

// Skips a markup declaration up to its `>`, honouring quoted literals.
function skipDeclaration(src: Source, i: number): number {
  const b = src.bytes;
  while (i < src.end) {
    const c = b[i]!;
    if (c === 0x3e) return i + 1;
    if (c === 0x22 || c === 0x27) {
      const close = b.indexOf(c, i + 1);
      if (close < 0) break;
      checkChars(src, i + 1, close);
      i = close + 1;
      continue;
    }
    if (c === 0x25) return refuse("parameter entity references are refused", i);
    if (c === 0x3c) return malformed("unexpected '<' in a markup declaration", i);
    if (c < 0x20 || c >= 0x80) checkChars(src, i, i + 1);
    i++;
  }
  return truncated(src, "a markup declaration");
}

function systemLiteral(src: Source, i: number): string {
  const [s, e] = quoted(src, i);
  checkChars(src, s, e);
  src.pos = e + 1;
  let ascii = true;
  for (let k = s; k < e; k++) if (src.bytes[k]! >= 0x80) ascii = false;
  return decodeRange(src, s, e, ascii);
}

// The bounds [start, end) of the literal quoted at `i`.
function quoted(src: Source, i: number): [number, number] {
  if (i >= src.end) return truncated(src, "the DOCTYPE");
  const q = src.bytes[i]!;
  if (q !== 0x22 && q !== 0x27) return malformed("expected a quoted literal", i);
  const close = src.bytes.indexOf(q, i + 1);
  if (close < 0) return truncated(src, "a quoted literal");
  return [i + 1, close];
}

function requireWhitespace(src: Source, i: number): number {
  if (i >= src.end) return truncated(src, "the DOCTYPE");
  if (!isWhitespaceByte(src.bytes[i]!)) return malformed("expected whitespace", i);
  return skipWhitespace(src, i);
}

// [XML §2.3] PubidChar ::= #x20 | #xD | #xA | [a-zA-Z0-9] | [-'()+,./:=?;!*#@$_%]
function isPubidByte(c: number): boolean {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x3f && c <= 0x5a) || (c >= 0x27 && c <= 0x3b)) return true;
  return (
    c === 0x20 ||
    c === 0x0d ||
    c === 0x0a ||
    c === 0x21 ||
    c === 0x23 ||
    c === 0x24 ||
    c === 0x25 ||
    c === 0x3d ||
    c === 0x5f
  );
}

function refuse(message: string, offset: number): never {
  return fail("XML_DTD_REFUSED", message, offset);
}
