import { DecodeError, OmaDmError } from "../errors.js";
import { resolveLimits, type DecodeLimits } from "../limits.js";
import { readContentType, writeContentType, type WspContentType } from "./wsp-content-type.js";
import {
  peekByte,
  readByte,
  readGenericValue,
  readIntegerValue,
  readText,
  readUintvar,
  skipValue,
  wspFail,
  writeIntegerValue,
  writeText,
  writeToken,
  writeUintvar,
  writeValueLength,
  type WspCursor,
} from "./wsp-primitives.js";
import { wspHeaderFields, xWapApplicationIdField, type WspHeaderKind } from "./wsp-tables.js";
import { copyBytes } from "./copy-bytes.js";

/** A push header other than Content-Type and X-Wap-Application-Id. */
export interface WspHeader {
  /** The well-known field name ("Content-Length") or an application header's own name. */
  readonly name: string;
  /** Integers as numbers, texts and versions ("1.3") as strings, anything else as raw bytes. */
  readonly value: number | string | Uint8Array;
}

/** A connectionless WSP Push PDU (WAP-230-WSP §8.2.4.1), as a WAP push over SMS carries it. */
export interface WspPush {
  /** Transaction id, one octet. */
  readonly transactionId: number;
  readonly contentType: WspContentType;
  /** X-Wap-Application-Id: a well-known code (7 = syncml.dm) or the URI text. [TR-NOT §6.3] */
  readonly applicationId?: number | string;
  readonly headers?: readonly WspHeader[];
  readonly body: Uint8Array;
}

/** PDU type of a Push. WAP-230-WSP table 34 */
export const wspPushPduType = 0x06;

const fieldByCode = new Map<number, { name: string; kind: WspHeaderKind }>(
  wspHeaderFields.map(([code, name, kind]) => [code, { name, kind }]),
);
const fieldByName = new Map<string, { code: number; kind: WspHeaderKind }>();
for (const [code, name, kind] of wspHeaderFields) {
  // Names repeated in WSP 1.3 (Accept-Charset, Cache-Control, ...) encode with the first code.
  if (!fieldByName.has(name.toLowerCase())) fieldByName.set(name.toLowerCase(), { code, kind });
}

/**
 * Encodes a connectionless Push PDU: TID, 0x06, uintvar header length, content type, then
 * X-Wap-Application-Id (if given) and the other headers in order, then the body.
 */
export function encodeWspPush(push: WspPush): Uint8Array {
  if (!Number.isInteger(push.transactionId) || push.transactionId < 0 || push.transactionId > 255) {
    throw new OmaDmError("INVALID_ARGUMENT", `transaction id must be one octet, got ${push.transactionId}`);
  }
  const headers: number[] = [];
  writeContentType(headers, push.contentType);
  if (push.applicationId !== undefined) {
    headers.push(xWapApplicationIdField | 0x80);
    // Application-id-value = Uri-value | App-assigned-code (Integer-value).
    if (typeof push.applicationId === "number") writeIntegerValue(headers, push.applicationId);
    else writeText(headers, push.applicationId);
  }
  for (const h of push.headers ?? []) writeHeader(headers, h);
  const head: number[] = [push.transactionId, wspPushPduType];
  writeUintvar(head, headers.length);
  const out = new Uint8Array(head.length + headers.length + push.body.length);
  out.set(head, 0);
  out.set(headers, head.length);
  out.set(push.body, head.length + headers.length);
  return out;
}

function writeHeader(out: number[], h: WspHeader): void {
  const field = fieldByName.get(h.name.toLowerCase());
  if (field === undefined) {
    // Application-header: Token-text Application-specific-value (Text-string).
    writeToken(out, h.name);
    if (h.value instanceof Uint8Array) {
      throw new OmaDmError("INVALID_ARGUMENT", `application header ${h.name} needs a text value`);
    }
    writeText(out, String(h.value));
    return;
  }
  out.push(field.code | 0x80);
  const v = h.value;
  if (v instanceof Uint8Array) {
    writeValueLength(out, v.length);
    out.push(...v);
  } else if (typeof v === "number") {
    writeIntegerValue(out, v);
  } else if (field.kind === "version") {
    writeVersion(out, v);
  } else if (field.kind === "integer") {
    throw new OmaDmError("INVALID_ARGUMENT", `header ${h.name} needs an integer value`);
  } else {
    writeText(out, v);
  }
}

/** Version-value: Short-integer major (3 bits) / minor (4 bits, 15 = none) when it fits, else text. */
function writeVersion(out: number[], v: string): void {
  const m = /^([1-7])(?:\.(\d{1,2}))?$/.exec(v);
  const minor = m?.[2] === undefined ? 15 : Number(m[2]);
  if (m === null || minor > 15 || (m[2] !== undefined && minor === 15)) writeText(out, v);
  else out.push(0x80 | (Number(m[1]) << 4) | minor);
}

function readVersion(c: WspCursor): string | Uint8Array | number {
  const first = peekByte(c);
  if (first >= 0x80) {
    c.pos++;
    const minor = first & 0x0f;
    const major = (first >> 4) & 0x07;
    return minor === 15 ? `${major}` : `${major}.${minor}`;
  }
  return readGenericValue(c);
}

/**
 * Decodes a connectionless Push PDU. The content type may be a well-known code or text, with
 * parameters; X-Wap-Application-Id may be a code or text; well-known headers this table lacks,
 * and headers in other code pages, are skipped by the generic length rule. Throws
 * DecodeError("WSP_INVALID") with the byte offset for anything malformed.
 */
export function decodeWspPush(
  bytes: Uint8Array,
  limits?: Partial<DecodeLimits>,
): WspPush & {
  readonly headers: readonly WspHeader[];
} {
  const { maxBytes } = resolveLimits(limits);
  if (bytes.length > maxBytes)
    throw new DecodeError("DECODE_LIMIT", "push PDU larger than maxBytes", maxBytes);
  const c: WspCursor = { bytes, pos: 0, end: bytes.length };
  const transactionId = readByte(c);
  const pduType = readByte(c);
  if (pduType !== wspPushPduType) wspFail(`PDU type 0x${pduType.toString(16)} is not Push`, 1);
  const lengthAt = c.pos;
  const headersLength = readUintvar(c);
  if (headersLength === 0) wspFail("a push needs a content type", lengthAt);
  if (headersLength > c.end - c.pos) wspFail("headers length runs past the end", lengthAt);
  const headersEnd = c.pos + headersLength;
  c.end = headersEnd;
  const contentType = readContentType(c);
  let applicationId: number | string | undefined;
  const headers: WspHeader[] = [];
  let page = 1;
  while (c.pos < headersEnd) {
    const at = c.pos;
    const b = peekByte(c);
    if (b === 0x7f) {
      // Shift-delimiter + Page-identity: later well-known headers belong to another code page.
      c.pos++;
      page = readByte(c);
      continue;
    }
    if (b >= 0x01 && b <= 0x1f) {
      c.pos++; // Short-cut-shift-delimiter
      page = b;
      continue;
    }
    if (b === 0x00) wspFail("empty header name", at);
    if (b < 0x80) {
      const name = readText(c);
      headers.push({ name, value: readText(c) });
      continue;
    }
    c.pos++;
    const code = b & 0x7f;
    if (page !== 1) {
      skipValue(c);
      continue;
    }
    if (code === xWapApplicationIdField) {
      const first = peekByte(c);
      const id = first >= 0x20 && first < 0x80 ? readText(c) : readIntegerValue(c);
      if (id instanceof Uint8Array) wspFail("application id code too large", at);
      applicationId ??= id;
      continue;
    }
    const field = fieldByCode.get(code);
    if (field === undefined) {
      skipValue(c);
      continue;
    }
    headers.push({ name: field.name, value: readHeaderValue(c, field.kind) });
  }
  c.end = bytes.length;
  const body = copyBytes(bytes, headersEnd);
  const base = { transactionId, contentType, headers, body };
  return applicationId === undefined ? base : { ...base, applicationId };
}

function readHeaderValue(c: WspCursor, kind: WspHeaderKind): number | string | Uint8Array {
  switch (kind) {
    case "version":
      return readVersion(c);
    case "integer": {
      const first = peekByte(c);
      return first >= 0x80 || (first >= 1 && first <= 30) ? readIntegerValue(c) : readGenericValue(c);
    }
    case "text":
    case "other":
      return readGenericValue(c);
  }
}
