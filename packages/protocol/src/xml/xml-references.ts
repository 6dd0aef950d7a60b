/**
 * Entity and character references [XML §4.1]. Only the five predefined entities [XML §4.6]
 * and character references are ever expanded; there is no other entity to expand because the
 * DTD policy refuses every ENTITY declaration (see xml-doctype.ts). Internal to the XML codec.
 */
import { asciiName, isXmlCodePoint } from "./xml-chars.js";
import { fail, malformed, truncated } from "./xml-source.js";
import type { Source } from "./xml-source.js";

const predefined = [
  ["lt", "<"],
  ["gt", ">"],
  ["amp", "&"],
  ["apos", "'"],
  ["quot", '"'],
] as const;

/**
 * Reads the reference whose `&` is at `amp` and returns its replacement text; `src.pos` is set
 * after it. In lenient mode an `&` that does not start a well-formed reference to a predefined
 * entity or an XML character is kept as a literal `&` (and `src.pos` is `amp + 1`).
 */
export function readReference(src: Source, amp: number): string {
  const b = src.bytes;
  const end = src.end;
  let i = amp + 1;
  if (i < end && b[i] === 0x23) {
    // [XML §4.1] CharRef ::= '&#' [0-9]+ ';' | '&#x' [0-9a-fA-F]+ ';'
    i++;
    const isHex = i < end && b[i] === 0x78;
    if (isHex) i++;
    const digitsStart = i;
    let value = 0;
    for (; i < end; i++) {
      const c = b[i]!;
      const d = digitValue(c, isHex);
      if (d < 0) break;
      // Saturate: the digit count is bounded by the input, the value by 0x110000.
      value = Math.min(value * (isHex ? 16 : 10) + d, 0x110000);
    }
    if (i >= end) return src.lenient ? literalAmp(src, amp) : truncated(src, "a character reference");
    if (i === digitsStart || b[i] !== 0x3b) {
      return src.lenient ? literalAmp(src, amp) : malformed("malformed character reference", amp);
    }
    if (!isXmlCodePoint(value)) {
      return src.lenient
        ? literalAmp(src, amp)
        : malformed("character reference to a non-XML character", amp);
    }
    src.pos = i + 1;
    return String.fromCodePoint(value);
  }
  // [XML §4.1] EntityRef ::= '&' Name ';'. Non-ASCII name bytes are taken loosely here: the
  // name can only be undefined, and the bytes are validated again if the & is kept literally.
  const nameStart = i;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c >= 0x80 || asciiName[c] === 1 || (i > nameStart && (asciiName[c] === 2 || c === 0x3a))) continue;
    break;
  }
  if (i >= end) return src.lenient ? literalAmp(src, amp) : truncated(src, "an entity reference");
  if (i === nameStart || b[i] !== 0x3b) {
    return src.lenient ? literalAmp(src, amp) : malformed("'&' must start a reference (write &amp;)", amp);
  }
  for (const [name, text] of predefined) {
    if (sameAscii(b, nameStart, i, name)) {
      src.pos = i + 1;
      return text;
    }
  }
  return src.lenient
    ? literalAmp(src, amp)
    : fail("XML_UNDEFINED_ENTITY", "entity is not one of the five predefined entities", amp);
}

function literalAmp(src: Source, amp: number): string {
  src.pos = amp + 1;
  return "&";
}

function digitValue(c: number, isHex: boolean): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (!isHex) return -1;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function sameAscii(b: Uint8Array, start: number, end: number, s: string): boolean {
  if (end - start !== s.length) return false;
  for (let k = 0; k < s.length; k++) if (b[start + k] !== s.charCodeAt(k)) return false;
  return true;
}
