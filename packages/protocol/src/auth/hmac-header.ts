import { DecodeError } from "../errors.js";

/** Algorithms the x-syncml-hmac header may name; MD5 is the only one defined. [TR-SEC §5.1.4.3] */
export const hmacAlgorithms = ["MD5"] as const;

export type HmacAlgorithm = (typeof hmacAlgorithms)[number];

/** The parsed `x-syncml-hmac` header value. [TR-SEC §5.1.4.3] */
export interface HmacHeader {
  readonly algorithm: HmacAlgorithm;
  /** The same string as the SyncHdr Source/LocName of the message. */
  readonly username: string;
  /** base64 of the MD5 digest (see hmacMac). */
  readonly mac: string;
}

/**
 * The `x-syncml-hmac` header value: `algorithm=MD5, username="...", mac=...`, the spelling of
 * the spec example and of the Motorola engine. [TR-SEC §5.1.4.3]
 */
export function formatHmacHeader(header: {
  readonly algorithm?: HmacAlgorithm;
  readonly username: string;
  readonly mac: string;
}): string {
  const username = header.username.replace(/["\\]/g, (c) => `\\${c}`);
  return `algorithm=${header.algorithm ?? "MD5"}, username="${username}", mac=${header.mac}`;
}

const comma = 0x2c;
const equals = 0x3d;
const quote = 0x22;
const backslash = 0x5c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Parses an `x-syncml-hmac` header value. Lenient as peers are (oma-dm-gaps §HTTP): any
 * spacing, keys in any case, values quoted (with backslash escapes) or bare, unknown keys
 * ignored, empty list elements skipped; a missing algorithm means MD5. [TR-SEC §5.1.4.3]
 * Throws DecodeError("AUTH_HEADER_INVALID") with the character offset in `value` for bad
 * syntax, a repeated key, an unknown algorithm, or a missing username or mac.
 */
export function parseHmacHeader(value: string): HmacHeader {
  const fail = (message: string, at: number): never => {
    throw new DecodeError("AUTH_HEADER_INVALID", `x-syncml-hmac: ${message}`, at);
  };
  const fields = new Map<string, { value: string; at: number }>();
  const n = value.length;
  let i = 0;
  while (i < n) {
    while (i < n && (isSpace(value.charCodeAt(i)) || value.charCodeAt(i) === comma)) i++;
    if (i >= n) break;
    const keyAt = i;
    while (i < n) {
      const c = value.charCodeAt(i);
      if (c === equals || c === comma || c === quote || isSpace(c)) break;
      i++;
    }
    if (i === keyAt) fail("expected a parameter name", i);
    const key = value.slice(keyAt, i).toLowerCase();
    while (i < n && isSpace(value.charCodeAt(i))) i++;
    if (i >= n || value.charCodeAt(i) !== equals) fail(`expected "=" after "${key}"`, i);
    i++;
    while (i < n && isSpace(value.charCodeAt(i))) i++;
    const valueAt = i;
    let text: string;
    if (i < n && value.charCodeAt(i) === quote) {
      i++;
      let s = "";
      let closed = false;
      while (i < n) {
        const c = value.charCodeAt(i);
        if (c === quote) {
          closed = true;
          i++;
          break;
        }
        if (c === backslash && i + 1 < n) i++;
        s += value[i];
        i++;
      }
      if (!closed) fail("unterminated quoted string", valueAt);
      text = s;
    } else {
      while (i < n) {
        const c = value.charCodeAt(i);
        if (c === comma || isSpace(c)) break;
        // "=" is allowed: base64 padding in a bare mac.
        if (c === quote) fail("unexpected quote in a bare value", i);
        i++;
      }
      text = value.slice(valueAt, i);
    }
    while (i < n && isSpace(value.charCodeAt(i))) i++;
    if (i < n && value.charCodeAt(i) !== comma) fail('expected "," between parameters', i);
    if (fields.has(key)) fail(`parameter "${key}" given twice`, keyAt);
    fields.set(key, { value: text, at: valueAt });
  }

  const algorithm = fields.get("algorithm");
  if (algorithm !== undefined && algorithm.value.toUpperCase() !== "MD5") {
    fail(`unknown algorithm "${algorithm.value}"`, algorithm.at);
  }
  const username = fields.get("username");
  if (username === undefined) return fail("username is missing", n);
  const mac = fields.get("mac");
  if (mac === undefined) return fail("mac is missing", n);
  if (mac.value === "") fail("mac is empty", mac.at);
  return { algorithm: "MD5", username: username.value, mac: mac.value };
}
