import { OmaDmError } from "../errors.js";
import {
  readByte,
  readGenericValue,
  readIntegerValue,
  readText,
  readUintvar,
  readValueLength,
  peekByte,
  wspFail,
  writeIntegerValue,
  writeText,
  writeToken,
  writeUintvar,
  writeValueLength,
  type WspCursor,
} from "./wsp-primitives.js";
import { contentTypeForCode, wspParameters } from "./wsp-tables.js";

/** A content-type parameter: a well-known one (SEC, MAC, Charset, ...) or an untyped token. */
export interface WspParameter {
  readonly name: string;
  readonly value: string | number;
}

/**
 * A WSP content type. `code` is set when the type is (to be) sent as a well-known code; without
 * it the media type is sent as text. Decoding keeps the form that was used (Kannel sends text,
 * [TR-NOT §6.3] requires the code), so an intake can accept both and a re-encode is exact.
 */
export interface WspContentType {
  /** The media type; undefined only for a well-known code missing from wspContentTypes. */
  readonly mediaType?: string;
  readonly code?: number;
  readonly params?: readonly WspParameter[];
}

const parameterName = new Map<number, string>(wspParameters);
const parameterCode = new Map<string, number>();
for (const [code, name] of wspParameters) {
  if (!parameterCode.has(name.toLowerCase())) parameterCode.set(name.toLowerCase(), code);
}
const qToken = 0x00;

/** Content-type-value (WSP §8.4.2.24): constrained media, or Value-length + media + parameters. */
export function readContentType(c: WspCursor): WspContentType {
  const at = c.pos;
  const first = peekByte(c);
  if (first >= 0x80) {
    c.pos++;
    return withName(first & 0x7f);
  }
  if (first >= 0x20) return { mediaType: readText(c) };
  if (first === 0) wspFail("empty content type", at);
  const length = readValueLength(c);
  const end = c.pos + length;
  const outer = c.end;
  c.end = end;
  const mediaFirst = peekByte(c);
  let type: WspContentType;
  if (mediaFirst >= 0x20 && mediaFirst < 0x80) type = { mediaType: readText(c) };
  else {
    const code = readIntegerValue(c);
    if (typeof code !== "number") wspFail("content type code too large", at);
    type = withName(code);
  }
  const params: WspParameter[] = [];
  while (c.pos < end) {
    const p = readParameter(c);
    if (p !== undefined) params.push(p);
  }
  c.end = outer;
  return params.length === 0 ? type : { ...type, params };
}

function withName(code: number): WspContentType {
  const mediaType = contentTypeForCode(code);
  return mediaType === undefined ? { code } : { mediaType, code };
}

/** Typed-parameter (well-known token + typed value) or Untyped-parameter (token text + value). */
function readParameter(c: WspCursor): WspParameter | undefined {
  const at = c.pos;
  const first = peekByte(c);
  if (first >= 0x20 && first < 0x80) {
    const name = readText(c);
    return { name, value: readParameterValue(c, at) };
  }
  const token = readIntegerValue(c);
  if (typeof token !== "number") wspFail("parameter token too large", at);
  // Q-value is a uintvar, not an Integer-value.
  const value = token === qToken ? readUintvar(c) : readParameterValue(c, at);
  const name = parameterName.get(token);
  // Unknown well-known parameters are skipped: their value was read by the generic rule.
  return name === undefined ? undefined : { name, value };
}

function readParameterValue(c: WspCursor, at: number): string | number {
  const first = peekByte(c);
  if (first >= 0x80) {
    readByte(c);
    return first & 0x7f;
  }
  if (first === 0) {
    readByte(c); // No-value
    return "";
  }
  if (first >= 0x20) return readText(c);
  const v = readGenericValue(c);
  if (typeof v === "number" || typeof v === "string") return v;
  if (v.length > 6 || v.length === 0) wspFail("parameter value is not an integer of at most 6 octets", at);
  let n = 0;
  for (const b of v) n = n * 256 + b;
  return n;
}

/** Appends a Content-type-value: the constrained form when it can, else the general form. */
export function writeContentType(out: number[], type: WspContentType): void {
  const media: number[] = [];
  if (type.code !== undefined) writeIntegerValue(media, type.code);
  else if (type.mediaType !== undefined && type.mediaType !== "") writeText(media, type.mediaType);
  else throw new OmaDmError("INVALID_ARGUMENT", "a content type needs a media type or a code");
  const params = type.params ?? [];
  // A short-integer or text alone is the Constrained-media form; anything else needs a length.
  if (params.length === 0 && (media[0] ?? 0) >= 0x20) {
    out.push(...media);
    return;
  }
  const body = media;
  for (const p of params) writeParameter(body, p);
  writeValueLength(out, body.length);
  out.push(...body);
}

function writeParameter(out: number[], p: WspParameter): void {
  const code = parameterCode.get(p.name.toLowerCase());
  if (code === undefined) writeToken(out, p.name);
  else out.push(code | 0x80);
  if (code === qToken) {
    if (typeof p.value !== "number") throw new OmaDmError("INVALID_ARGUMENT", "Q parameter needs a number");
    writeUintvar(out, p.value);
  } else if (typeof p.value === "number") writeIntegerValue(out, p.value);
  else if (p.value === "")
    out.push(0); // No-value
  else writeText(out, p.value);
}
