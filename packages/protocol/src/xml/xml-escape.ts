/**
 * Escaping and checking of what the encoder writes. Text and attribute values must consist of
 * XML characters [XML §2.2]; anything else is a caller bug (OmaDmError INVALID_ARGUMENT), since
 * XML 1.0 cannot carry it at all (binary goes through base64 in the SyncML layer). Internal to
 * the XML codec.
 */
import { OmaDmError } from "../errors.js";
import { asciiName, isNameCodePoint, isNameStartCodePoint } from "./xml-chars.js";

// Per code unit below 0x40: 0 = write as is, 1 = escape, 2 = not an XML character.
const keep = 0;
const escape = 1;
const illegal = 2;

function table(escaped: string): Uint8Array {
  const t = new Uint8Array(0x40).fill(keep);
  for (let c = 0; c < 0x20; c++) t[c] = illegal;
  t[0x09] = keep;
  t[0x0a] = keep;
  for (const ch of escaped) t[ch.charCodeAt(0)] = escape;
  return t;
}

// Text: `& < >` are escaped (`>` so that `]]>` can never appear), and CR as `&#xD;` because a
// decoder turns a literal CR into LF [XML §2.11].
const textTable = table("&<>\r");
// Attribute values: `& < "` are escaped, and TAB, LF and CR as character references because a
// decoder turns literal ones into spaces [XML §3.3.3].
const attrTable = table('&<"\t\n\r');

const replacements: Readonly<Record<number, string>> = {
  0x26: "&amp;",
  0x3c: "&lt;",
  0x3e: "&gt;",
  0x22: "&quot;",
  0x09: "&#x9;",
  0x0a: "&#xA;",
  0x0d: "&#xD;",
};

export function escapeText(s: string): string {
  return escapeWith(s, textTable);
}

export function escapeAttribute(s: string): string {
  return escapeWith(s, attrTable);
}

function escapeWith(s: string, t: Uint8Array): string {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x40 ? t[c] !== keep : c >= 0xd800) return escapeFrom(s, i, t);
  }
  return s;
}

function escapeFrom(s: string, start: number, t: Uint8Array): string {
  const n = s.length;
  let out = s.slice(0, start);
  let run = start;
  for (let i = start; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x40) {
      const k = t[c];
      if (k === keep) continue;
      if (k === illegal) throw notXml(c, i);
      out += s.slice(run, i) + (replacements[c] ?? "");
      run = i + 1;
    } else if (c >= 0xd800) {
      if (c <= 0xdbff) {
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          continue;
        }
        throw notXml(c, i);
      }
      if (c <= 0xdfff || c >= 0xfffe) throw notXml(c, i);
    }
  }
  return out + s.slice(run);
}

function notXml(c: number, index: number): OmaDmError {
  const hex = c.toString(16).toUpperCase().padStart(4, "0");
  return new OmaDmError("INVALID_ARGUMENT", `U+${hex} at index ${index} is not an XML 1.0 character`);
}

/** [XML-NS §3] NCName: an XML name without a colon. */
export function isNcName(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  for (let i = 0; i < n;) {
    const c = s.codePointAt(i) ?? 0;
    if (c < 0x80) {
      const k = asciiName[c];
      if (!(k === 1 || (k === 2 && i > 0))) return false;
      i++;
      continue;
    }
    if (!(i === 0 ? isNameStartCodePoint(c) : isNameCodePoint(c))) return false;
    i += c > 0xffff ? 2 : 1;
  }
  return true;
}

/** [XML-NS §3] QName (at most one colon), for the DOCTYPE name. */
export function isQName(s: string): boolean {
  const parts = s.split(":");
  return parts.length <= 2 && parts.every(isNcName);
}
