/**
 * Character classes of XML 1.0 (Fifth Edition) as byte tables, so that the scanners compare
 * bytes instead of running regexes. Internal to the XML codec.
 */

/** Byte classes of character data in element content. */
export const textClass = {
  plain: 0,
  lt: 1,
  amp: 2,
  cr: 3,
  rbracket: 4,
  illegal: 5,
  high: 6, // a UTF-8 lead or continuation byte: validated as a sequence
  nonAscii: 7, // a byte >= 0x80 in a document declared US-ASCII
} as const;

/** Byte classes of attribute values (the quote that ends the value is checked by the caller). */
export const attrClass = {
  plain: 0,
  lt: 1,
  amp: 2,
  cr: 3,
  tabOrLf: 4,
  illegal: 5,
  high: 6,
  nonAscii: 7,
  quote: 8,
} as const;

/** The byte encodings the decoder reads; anything else is refused. */
export type ByteEncoding = "utf-8" | "us-ascii" | "latin1";

export interface ClassTables {
  readonly text: Uint8Array;
  readonly attr: Uint8Array;
}

function buildTables(encoding: ByteEncoding): ClassTables {
  const text = new Uint8Array(256);
  const attr = new Uint8Array(256);
  for (let b = 0; b < 0x20; b++) {
    // [XML §2.2] Char: of the C0 controls only TAB, LF and CR are characters.
    text[b] = textClass.illegal;
    attr[b] = attrClass.illegal;
  }
  text[0x09] = textClass.plain;
  text[0x0a] = textClass.plain;
  text[0x0d] = textClass.cr;
  attr[0x09] = attrClass.tabOrLf;
  attr[0x0a] = attrClass.tabOrLf;
  attr[0x0d] = attrClass.cr;
  text[0x3c] = textClass.lt;
  text[0x26] = textClass.amp;
  text[0x5d] = textClass.rbracket;
  attr[0x3c] = attrClass.lt;
  attr[0x26] = attrClass.amp;
  attr[0x22] = attrClass.quote;
  attr[0x27] = attrClass.quote;
  // UTF-8 lead and continuation bytes are validated as sequences; US-ASCII has none; every
  // ISO-8859-1 byte is a character.
  const [highText, highAttr] =
    encoding === "utf-8"
      ? [textClass.high, attrClass.high]
      : encoding === "us-ascii"
        ? [textClass.nonAscii, attrClass.nonAscii]
        : [textClass.plain, attrClass.plain];
  text.fill(highText, 0x80);
  attr.fill(highAttr, 0x80);
  return { text, attr };
}

export const classTables: Readonly<Record<ByteEncoding, ClassTables>> = {
  "utf-8": buildTables("utf-8"),
  "us-ascii": buildTables("us-ascii"),
  latin1: buildTables("latin1"),
};

/** ASCII name bytes: 1 = NameStartChar (and NameChar), 2 = NameChar only. ':' is handled by callers. */
export const asciiName: Uint8Array = (() => {
  const t = new Uint8Array(128);
  for (let b = 0x41; b <= 0x5a; b++) t[b] = 1;
  for (let b = 0x61; b <= 0x7a; b++) t[b] = 1;
  t[0x5f] = 1; // _
  for (let b = 0x30; b <= 0x39; b++) t[b] = 2;
  t[0x2d] = 2; // -
  t[0x2e] = 2; // .
  return t;
})();

export function isWhitespaceByte(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x09 || b === 0x0d;
}

/** [XML §2.3] NameStartChar for code points >= 0x80. */
export function isNameStartCodePoint(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    (c >= 0x200c && c <= 0x200d) ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0xeffff)
  );
}

/** [XML §2.3] NameChar for code points >= 0x80. */
export function isNameCodePoint(c: number): boolean {
  return isNameStartCodePoint(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || (c >= 0x203f && c <= 0x2040);
}

/** [XML §2.2] Char, for a code point from a character reference. */
export function isXmlCodePoint(c: number): boolean {
  return c >= 0x20
    ? c <= 0xd7ff || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff)
    : c === 0x09 || c === 0x0a || c === 0x0d;
}

/** utf8Sequence results below 1. */
export const utf8Invalid = -1;
/** A well-formed sequence for U+FFFE or U+FFFF, which are not XML characters. */
export const utf8NotXmlChar = -2;

/**
 * The length of the well-formed UTF-8 sequence starting at `i` (1..4), or utf8Invalid
 * (overlong, surrogate, out of range, bad or missing continuation), or utf8NotXmlChar.
 */
export function utf8Sequence(b: Uint8Array, i: number, end: number): number {
  const b0 = b[i] ?? 0;
  if (b0 < 0x80) return 1;
  if (b0 < 0xc2 || b0 > 0xf4) return utf8Invalid;
  const b1 = i + 1 < end ? (b[i + 1] ?? 0) : 0;
  if (b0 < 0xe0) return (b1 & 0xc0) === 0x80 ? 2 : utf8Invalid;
  const b2 = i + 2 < end ? (b[i + 2] ?? 0) : 0;
  if (b0 < 0xf0) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf; // ED A0..BF would be a surrogate
    if (b1 < lo || b1 > hi || (b2 & 0xc0) !== 0x80) return utf8Invalid;
    // EF BF BE / EF BF BF = U+FFFE / U+FFFF
    if (b0 === 0xef && b1 === 0xbf && b2 >= 0xbe) return utf8NotXmlChar;
    return 3;
  }
  const b3 = i + 3 < end ? (b[i + 3] ?? 0) : 0;
  const lo = b0 === 0xf0 ? 0x90 : 0x80;
  const hi = b0 === 0xf4 ? 0x8f : 0xbf;
  if (b1 < lo || b1 > hi || (b2 & 0xc0) !== 0x80 || (b3 & 0xc0) !== 0x80) return utf8Invalid;
  return 4;
}

/** The code point of a sequence already checked by utf8Sequence. */
export function utf8CodePoint(b: Uint8Array, i: number, length: number): number {
  const b0 = b[i] ?? 0;
  const b1 = (b[i + 1] ?? 0) & 0x3f;
  if (length === 2) return ((b0 & 0x1f) << 6) | b1;
  const b2 = (b[i + 2] ?? 0) & 0x3f;
  if (length === 3) return ((b0 & 0x0f) << 12) | (b1 << 6) | b2;
  return ((b0 & 0x07) << 18) | (b1 << 12) | (b2 << 6) | ((b[i + 3] ?? 0) & 0x3f);
}
