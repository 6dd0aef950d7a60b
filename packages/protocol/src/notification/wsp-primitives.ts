import { DecodeError, OmaDmError } from "../errors.js";
import { copyBytes } from "./copy-bytes.js";

/**
 * WSP value encodings (WAP-230-WSP §8.4.2): uintvar, Short-integer, Long-integer,
 * Integer-value, Text-string, Quoted-string, Value-length. Readers work on a cursor bounded by
 * `end` and throw DecodeError("WSP_INVALID") with the byte offset; writers append to a number[].
 */
export interface WspCursor {
  readonly bytes: Uint8Array;
  pos: number;
  end: number;
}

export function wspFail(message: string, at: number): never {
  throw new DecodeError("WSP_INVALID", message, at);
}

export function readByte(c: WspCursor): number {
  if (c.pos >= c.end) wspFail("value truncated", c.pos);
  const b = c.bytes[c.pos] ?? 0;
  c.pos++;
  return b;
}

export function peekByte(c: WspCursor): number {
  if (c.pos >= c.end) wspFail("value truncated", c.pos);
  return c.bytes[c.pos] ?? 0;
}

/** uintvar: 7 bits per octet, high bit = more follows; at most 5 octets (32 bits). */
export function readUintvar(c: WspCursor): number {
  const start = c.pos;
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const b = readByte(c);
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (value > 0xffffffff) wspFail("uintvar larger than 32 bits", start);
      return value;
    }
  }
  return wspFail("uintvar longer than 5 octets", start);
}

/** Value-length: Short-length (0..30) or Length-quote (31) followed by a uintvar; checked against the end. */
export function readValueLength(c: WspCursor): number {
  const at = c.pos;
  const b = readByte(c);
  const length = b === 31 ? readUintvar(c) : b;
  if (length > c.end - c.pos) wspFail("value length runs past the end", at);
  return length;
}

const textDecoder = new TextDecoder("utf-8");

/** Text-string or Quoted-string up to its NUL; a leading Quote (0x7F) or '"' (0x22) is dropped. */
export function readText(c: WspCursor): string {
  const at = c.pos;
  let start = c.pos;
  const first = peekByte(c);
  if (first === 0x7f || first === 0x22) start++;
  let i = start;
  while (i < c.end && c.bytes[i] !== 0) i++;
  if (i >= c.end) wspFail("text not terminated by NUL", at);
  c.pos = i + 1;
  return textDecoder.decode(c.bytes.subarray(start, i));
}

/** Multi-octet integer of `length` octets (big-endian), as a number when it has at most 6 octets. */
function readMultiOctet(c: WspCursor, length: number): number | Uint8Array {
  if (length > 6) {
    const raw = copyBytes(c.bytes, c.pos, c.pos + length);
    c.pos += length;
    return raw;
  }
  let v = 0;
  for (let i = 0; i < length; i++) v = v * 256 + readByte(c);
  return v;
}

/** Integer-value: Short-integer (0x80..0xFF) or Long-integer (Short-length 1..30 + octets). */
export function readIntegerValue(c: WspCursor): number | Uint8Array {
  const at = c.pos;
  const b = readByte(c);
  if (b >= 0x80) return b & 0x7f;
  if (b < 1 || b > 30) wspFail("expected an Integer-value", at);
  if (b > c.end - c.pos) wspFail("long integer runs past the end", at);
  return readMultiOctet(c, b);
}

/**
 * Any value by the generic rule of WSP §8.4.1.2: 0..30 Short-length + data, 31 Length-quote +
 * uintvar + data, 32..127 text, 128..255 Short-integer. A lone NUL is the empty text.
 */
export function readGenericValue(c: WspCursor): number | string | Uint8Array {
  const b = peekByte(c);
  if (b >= 0x80) {
    c.pos++;
    return b & 0x7f;
  }
  if (b === 0) {
    c.pos++;
    return "";
  }
  if (b >= 0x20) return readText(c);
  const length = readValueLength(c);
  const data = copyBytes(c.bytes, c.pos, c.pos + length);
  c.pos += length;
  return data;
}

/** Skips one value by the generic rule. */
export function skipValue(c: WspCursor): void {
  readGenericValue(c);
}

export function writeUintvar(out: number[], n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new OmaDmError("INVALID_ARGUMENT", `uintvar out of range: ${n}`);
  }
  const groups: number[] = [n % 128];
  let v = Math.floor(n / 128);
  while (v > 0) {
    groups.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  for (let i = groups.length - 1; i >= 0; i--) out.push(groups[i] ?? 0);
}

export function writeValueLength(out: number[], n: number): void {
  if (n <= 30) out.push(n);
  else {
    out.push(31);
    writeUintvar(out, n);
  }
}

/** Integer-value: Short-integer below 128, else Long-integer. */
export function writeIntegerValue(out: number[], n: number): void {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new OmaDmError("INVALID_ARGUMENT", `not an unsigned integer: ${n}`);
  if (n < 0x80) {
    out.push(n | 0x80);
    return;
  }
  const octets: number[] = [];
  let v = n;
  while (v > 0) {
    octets.unshift(v % 256);
    v = Math.floor(v / 256);
  }
  out.push(octets.length, ...octets);
}

const utf8 = new TextEncoder();

/**
 * Text-string: the UTF-8 bytes and a NUL. A first octet of 128 or more takes the Quote 0x7F and
 * a first '"' takes another '"' (Quoted-string), so readers never mistake the text for another
 * encoding. Control characters first and NULs inside cannot be encoded.
 */
export function writeText(out: number[], s: string): void {
  const b = utf8.encode(s);
  if (b.includes(0)) throw new OmaDmError("INVALID_ARGUMENT", "WSP text cannot contain NUL");
  const first = b[0];
  if (first !== undefined) {
    if (first < 0x20)
      throw new OmaDmError("INVALID_ARGUMENT", "WSP text cannot start with a control character");
    if (first >= 0x80) out.push(0x7f);
    else if (first === 0x22) out.push(0x22);
  }
  for (const x of b) out.push(x);
  out.push(0);
}

/** Token-text: a header or parameter name, NUL-terminated. */
export function writeToken(out: number[], s: string): void {
  // RFC 2616 token characters: no separators, so a reader never mistakes it for a quoted string.
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(s)) {
    throw new OmaDmError("INVALID_ARGUMENT", `not a WSP token: ${JSON.stringify(s)}`);
  }
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
  out.push(0);
}
