import { DecodeError } from "../errors.js";
import type { DecodeLimits } from "../limits.js";
import { resolveLimits } from "../limits.js";
import type { JsonMember, JsonValue } from "./ordered-json.js";

export interface DecodeJsonOptions {
  readonly limits?: Partial<DecodeLimits>;
}

/**
 * Parses JSON text (RFC 8259, UTF-8, an optional BOM is skipped) into ordered values that keep
 * duplicate keys. Syntax errors give DecodeError "JSON_MALFORMED", bad UTF-8 inside a string
 * "DECODE_INVALID_UTF8", input over `maxBytes` or nesting over `maxDepth` "DECODE_LIMIT"; every
 * error carries the byte offset. A string input is parsed as its UTF-8 bytes.
 */
export function decodeJson(input: Uint8Array | string, options: DecodeJsonOptions = {}): JsonValue {
  const limits = resolveLimits(options.limits);
  const b = typeof input === "string" ? utf8Encoder.encode(input) : input;
  if (b.length > limits.maxBytes) {
    throw new DecodeError(
      "DECODE_LIMIT",
      `JSON of ${b.length} bytes exceeds ${limits.maxBytes}`,
      limits.maxBytes,
    );
  }
  const p: Parser = { b, i: 0, maxDepth: limits.maxDepth };
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) p.i = 3;
  skipWs(p);
  const v = parseValue(p, 0);
  skipWs(p);
  if (p.i < b.length) malformed(p.i, "unexpected data after the JSON value");
  return v;
}

interface Parser {
  readonly b: Uint8Array;
  i: number;
  readonly maxDepth: number;
}

const utf8Encoder = new TextEncoder();
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const latin1 = new TextDecoder("latin1");

function parseValue(p: Parser, depth: number): JsonValue {
  const start = p.i;
  const c = p.b[start];
  switch (c) {
    case 0x7b: // {
      return parseObject(p, depth + 1);
    case 0x5b: // [
      return parseArray(p, depth + 1);
    case 0x22: // "
      return { type: "string", value: parseString(p), offset: start };
    case 0x74: // t
      literal(p, "true");
      return { type: "boolean", value: true, offset: start };
    case 0x66: // f
      literal(p, "false");
      return { type: "boolean", value: false, offset: start };
    case 0x6e: // n
      literal(p, "null");
      return { type: "null", offset: start };
    case undefined:
      return malformed(start, "unexpected end of input, expected a value");
    default:
      if (c === 0x2d || (c >= 0x30 && c <= 0x39))
        return { type: "number", text: parseNumber(p), offset: start };
      return malformed(start, "expected a value");
  }
}

function parseObject(p: Parser, depth: number): JsonValue {
  const start = p.i;
  if (depth > p.maxDepth) throw new DecodeError("DECODE_LIMIT", `nesting deeper than ${p.maxDepth}`, start);
  p.i++;
  const members: JsonMember[] = [];
  skipWs(p);
  if (p.b[p.i] === 0x7d) {
    p.i++;
    return { type: "object", members, offset: start };
  }
  for (;;) {
    skipWs(p);
    const keyAt = p.i;
    if (p.b[keyAt] !== 0x22) malformed(keyAt, "expected a member name in double quotes");
    const key = parseString(p);
    skipWs(p);
    if (p.b[p.i] !== 0x3a) malformed(p.i, "expected ':' after a member name");
    p.i++;
    skipWs(p);
    members.push({ key, value: parseValue(p, depth), offset: keyAt });
    skipWs(p);
    const c = p.b[p.i];
    if (c === 0x2c) {
      p.i++;
      continue;
    }
    if (c === 0x7d) {
      p.i++;
      return { type: "object", members, offset: start };
    }
    malformed(p.i, "expected ',' or '}' in an object");
  }
}

function parseArray(p: Parser, depth: number): JsonValue {
  const start = p.i;
  if (depth > p.maxDepth) throw new DecodeError("DECODE_LIMIT", `nesting deeper than ${p.maxDepth}`, start);
  p.i++;
  const items: JsonValue[] = [];
  skipWs(p);
  if (p.b[p.i] === 0x5d) {
    p.i++;
    return { type: "array", items, offset: start };
  }
  for (;;) {
    skipWs(p);
    items.push(parseValue(p, depth));
    skipWs(p);
    const c = p.b[p.i];
    if (c === 0x2c) {
      p.i++;
      continue;
    }
    if (c === 0x5d) {
      p.i++;
      return { type: "array", items, offset: start };
    }
    malformed(p.i, "expected ',' or ']' in an array");
  }
}

/** Parses the string starting at the opening quote; leaves `p.i` after the closing quote. */
function parseString(p: Parser): string {
  const b = p.b;
  const open = p.i;
  let j = open + 1;
  let runStart = j;
  let out = "";
  for (;;) {
    const c = b[j];
    if (c === undefined) malformed(open, "unterminated string");
    if (c === 0x22) {
      out += decodeRun(b, runStart, j);
      p.i = j + 1;
      return out;
    }
    if (c < 0x20) malformed(j, "control character in a string");
    if (c !== 0x5c) {
      j++;
      continue;
    }
    out += decodeRun(b, runStart, j);
    const e = b[j + 1];
    switch (e) {
      case 0x22:
        out += '"';
        break;
      case 0x5c:
        out += "\\";
        break;
      case 0x2f:
        out += "/";
        break;
      case 0x62:
        out += "\b";
        break;
      case 0x66:
        out += "\f";
        break;
      case 0x6e:
        out += "\n";
        break;
      case 0x72:
        out += "\r";
        break;
      case 0x74:
        out += "\t";
        break;
      case 0x75: {
        let u = 0;
        for (let k = 2; k < 6; k++) {
          const h = hexValue(b[j + k]);
          if (h < 0) malformed(j, "bad \\u escape");
          u = u * 16 + h;
        }
        // Lone surrogates are kept as code units, as JSON allows them.
        out += String.fromCharCode(u);
        j += 4;
        break;
      }
      case undefined:
        return malformed(open, "unterminated string");
      default:
        malformed(j, "bad escape in a string");
    }
    j += 2;
    runStart = j;
  }
}

function decodeRun(b: Uint8Array, from: number, to: number): string {
  if (from === to) return "";
  let ascii = true;
  for (let k = from; k < to; k++) {
    if (b[k]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii && to - from < 64) return String.fromCharCode(...b.subarray(from, to));
  try {
    return utf8.decode(b.subarray(from, to));
  } catch {
    throw new DecodeError("DECODE_INVALID_UTF8", "string is not valid UTF-8", firstInvalidUtf8(b, from, to));
  }
}

/** Offset of the first byte of the first ill-formed UTF-8 sequence in b[from, to). */
function firstInvalidUtf8(b: Uint8Array, from: number, to: number): number {
  let k = from;
  while (k < to) {
    const c = b[k]!;
    let n: number;
    let min: number;
    if (c < 0x80) {
      k++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return k;
    if (k + n >= to) return k;
    let cp = c & (0x3f >> n);
    for (let m = 1; m <= n; m++) {
      const cc = b[k + m]!;
      if ((cc & 0xc0) !== 0x80) return k;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return k;
    k += n + 1;
  }
  return from;
}

function parseNumber(p: Parser): string {
  const b = p.b;
  const start = p.i;
  let j = start;
  if (b[j] === 0x2d) j++;
  if (b[j] === 0x30) j++;
  else if (isDigit(b[j])) while (isDigit(b[j])) j++;
  else malformed(j, "expected a digit");
  if (b[j] === 0x2e) {
    j++;
    if (!isDigit(b[j])) malformed(j, "expected a digit after '.'");
    while (isDigit(b[j])) j++;
  }
  if (b[j] === 0x65 || b[j] === 0x45) {
    j++;
    if (b[j] === 0x2b || b[j] === 0x2d) j++;
    if (!isDigit(b[j])) malformed(j, "expected a digit in the exponent");
    while (isDigit(b[j])) j++;
  }
  p.i = j;
  return latin1.decode(b.subarray(start, j));
}

function literal(p: Parser, word: string): void {
  for (let k = 0; k < word.length; k++) {
    if (p.b[p.i + k] !== word.charCodeAt(k)) malformed(p.i, `expected ${word}`);
  }
  p.i += word.length;
}

function skipWs(p: Parser): void {
  const b = p.b;
  let j = p.i;
  for (;;) {
    const c = b[j];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) j++;
    else break;
  }
  p.i = j;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function malformed(offset: number, message: string): never {
  throw new DecodeError("JSON_MALFORMED", message, offset);
}
