import { DecodeError, type ErrorCode } from "../errors.js";

// Standard alphabet (RFC 4648 §4) value of each ASCII code, -1 for anything else.
const alphabet = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  alphabet["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charCodeAt(i)] = i;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Strict base64 decoding: the standard alphabet, `=` padding only at the end (optional),
 * ASCII whitespace ignored (XML text may wrap). `Buffer.from(s, "base64")` silently drops
 * bad characters, which would let a corrupted nonce pass as a different one.
 * Throws DecodeError(code) with the character offset of the first bad character.
 */
export function decodeBase64Text(text: string, code: ErrorCode): Uint8Array {
  let digits = 0;
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c === 0x3d) {
      padding++;
      if (padding > 2) throw new DecodeError(code, "too much base64 padding", i);
      continue;
    }
    if (padding > 0) throw new DecodeError(code, "base64 digit after padding", i);
    if (c >= 128 || alphabet[c] === -1) throw new DecodeError(code, "not a base64 character", i);
    digits++;
  }
  if (digits % 4 === 1 || (padding > 0 && (digits + padding) % 4 !== 0)) {
    throw new DecodeError(code, "base64 text has an impossible length", text.length);
  }
  return new Uint8Array(Buffer.from(text, "base64"));
}
