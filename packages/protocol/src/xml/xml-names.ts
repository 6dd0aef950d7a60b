/**
 * Scanning and decoding of XML names [XML §2.3] under Namespaces in XML [XML-NS §3]: a QName
 * has at most one colon, with a non-empty prefix and local part. Internal to the XML codec.
 */
import {
  asciiName,
  isNameCodePoint,
  isNameStartCodePoint,
  utf8CodePoint,
  utf8Sequence,
} from "./xml-chars.js";
import { badSequence, decodeRange, malformed, truncated } from "./xml-source.js";
import type { Source } from "./xml-source.js";

/** What scanName found besides the end: where the colon is (-1 if none), whether all ASCII. */
export interface NameScan {
  colon: number;
  ascii: boolean;
}

/**
 * Scans the QName starting at `i` and returns where it ends; `scan` receives the colon and
 * ASCII facts (one object reused by the caller, so that no name allocates).
 */
export function scanName(src: Source, i: number, scan: NameScan): number {
  const b = src.bytes;
  const end = src.end;
  const start = i;
  let colon = -1;
  let ascii = true;
  let partStart = i; // the first character of the name, or of the local part after the colon
  for (;;) {
    // The common case: a run of ASCII NameChars.
    while (i < end) {
      const c = b[i]!;
      if (c >= 0x80 || asciiName[c] === 0) break;
      if (i === partStart && asciiName[c] !== 1) return malformed("invalid first character of a name", i);
      i++;
    }
    if (i >= end) return truncated(src, "a name");
    const c = b[i]!;
    if (c === 0x3a) {
      if (colon >= 0 || i === partStart) return malformed("a name may have one colon, between two parts", i);
      colon = i;
      partStart = ++i;
      continue;
    }
    const cp = c >= 0x80 ? nonAsciiNameChar(src, i) : -1;
    if (cp < 0) break;
    if (i === partStart && !isNameStartCodePoint(cp))
      return malformed("invalid first character of a name", i);
    ascii = false;
    i += src.encoding === "utf-8" ? utf8Sequence(b, i, end) : 1;
  }
  if (i === partStart) {
    return malformed(i === start ? "expected a name" : "a name may not end with a colon", i);
  }
  scan.colon = colon;
  scan.ascii = ascii;
  return i;
}

// The code point at `i` (a byte >= 0x80) if it is a NameChar, else -1.
function nonAsciiNameChar(src: Source, i: number): number {
  if (src.encoding === "us-ascii") return malformed("byte >= 0x80 in a US-ASCII document", i);
  const b = src.bytes;
  let cp: number;
  if (src.encoding === "latin1") cp = b[i]!;
  else {
    const n = utf8Sequence(b, i, src.end);
    if (n < 1) return badSequence(n, i);
    cp = utf8CodePoint(b, i, n);
  }
  return isNameCodePoint(cp) ? cp : -1;
}

// Names repeat (a DM message has a few dozen distinct ones), so an ASCII name is looked up in
// a small hash table before a string is made for it.
const cacheSize = 1024;
const cache: (string | undefined)[] = new Array<string | undefined>(cacheSize);

/** The string of the name bytes [start, end). */
export function nameString(src: Source, start: number, end: number, ascii: boolean): string {
  if (!ascii || end - start > 32) return decodeRange(src, start, end, ascii);
  const b = src.bytes;
  let h = end - start;
  for (let i = start; i < end; i++) h = (h * 31 + b[i]!) | 0;
  const slot = h & (cacheSize - 1);
  const hit = cache[slot];
  if (hit !== undefined && hit.length === end - start) {
    let same = true;
    for (let i = start, k = 0; i < end; i++, k++) {
      if (hit.charCodeAt(k) !== b[i]) {
        same = false;
        break;
      }
    }
    if (same) return hit;
  }
  const s = decodeRange(src, start, end, true);
  cache[slot] = s;
  return s;
}
