/**
 * Turning Item Data into a stored leaf value, by Format. [TR-TND §8.3.7.2], fact sheet §2.3
 *
 * - `b64`: the data is base64 text; it is decoded and stored with Format `bin`.
 * - `bin`: bytes are stored as they are; text (WBXML inline string, XML text) as its UTF-8 bytes.
 * - `bool`, `int`, `float`, `date`, `time`: the text must match the Format (400 otherwise); an
 *   empty value is allowed, because a leaf may hold a null value.
 * - `xml`: an element is serialized to XML text; text is kept.
 * - `chr`, `null`: text; bytes are decoded as UTF-8 (400 if they are not UTF-8).
 * - anything else: 415.
 */
import type { Element } from "@omadm/protocol";
import { encodeXmlString, nodeFormats } from "@omadm/protocol";
import type { LeafValue, NodeData } from "./tree-api.js";

/** Formats a node can have; `b64` is a transfer format stored as `bin`. */
export type StoredFormat = Exclude<(typeof nodeFormats)[number], "b64">;

const knownFormats: ReadonlySet<string> = new Set(nodeFormats);

/** True for a Format the tree knows (the DDF vocabulary, b64 included). */
export function isKnownFormat(format: string): boolean {
  return knownFormats.has(format);
}

/** The Format stored for a transfer Format: `b64` becomes `bin`. [TR-TND §8.3.7.2] */
export function storedFormat(format: string): string {
  return format === "b64" ? "bin" : format;
}

export type LeafDecode =
  | { readonly status: 200; readonly value: LeafValue; readonly format: string }
  | { readonly status: number; readonly value?: undefined; readonly format?: undefined };

/** Decodes and validates Item Data for a leaf of `format` (a leaf format, not `node`). */
export function decodeLeafValue(format: string, data: NodeData | undefined): LeafDecode {
  if (!knownFormats.has(format) || format === "node") return { status: 415 };
  if (data === undefined)
    return {
      status: 200,
      value: format === "bin" || format === "b64" ? empty : "",
      format: storedFormat(format),
    };
  if (isElementData(data)) {
    // Structured data only makes sense as an XML value.
    if (format !== "xml") return { status: 415 };
    return { status: 200, value: encodeXmlString(data, { declaration: false }), format };
  }
  switch (format) {
    case "bin":
      return { status: 200, value: typeof data === "string" ? utf8.encode(data) : data, format };
    case "b64": {
      const bytes = decodeBase64(typeof data === "string" ? data : latin1(data));
      return bytes === undefined ? { status: 400 } : { status: 200, value: bytes, format: "bin" };
    }
    default: {
      const text = typeof data === "string" ? data : decodeUtf8(data);
      if (text === undefined) return { status: 400 };
      if (!isValidValue(format, text)) return { status: 400 };
      return { status: 200, value: text, format };
    }
  }
}

/**
 * True when `text` is a valid value of `format`. [TR-TND §8.5] int = signed 32-bit decimal;
 * bool = true/false; float = XML Schema float; date = ISO 8601 date with century (calendar, ordinal or week);
 * time = ISO 8601 time of day, optional fraction and zone. Empty text is a null value.
 */
export function isValidValue(format: string, text: string): boolean {
  if (text === "") return true;
  switch (format) {
    case "int": {
      if (!/^[+-]?\d{1,10}$/.test(text)) return false;
      const n = Number(text);
      return n >= -2147483648 && n <= 2147483647;
    }
    case "bool":
      return text === "true" || text === "false";
    case "float":
      return /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?INF|NaN)$/.test(text);
    case "date":
      return isIsoDate(text);
    case "time":
      return isIsoTime(text);
    default:
      return true;
  }
}

/** Raw byte length of a value (the Size property). [TR-TND §8.3] */
export function byteLength(value: LeafValue): number {
  return typeof value === "string" ? Buffer.byteLength(value, "utf8") : value.length;
}

/** A value as text: bytes as base64 (for TNDS Value and the state file). */
export function valueText(value: LeafValue): string {
  return typeof value === "string"
    ? value
    : Buffer.from(value.buffer, value.byteOffset, value.length).toString("base64");
}

/** Strict base64 (whitespace ignored); undefined when the text is not base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const s = text.replace(/\s+/g, "");
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  return new Uint8Array(Buffer.from(s, "base64"));
}

export function isElementData(data: NodeData): data is Element {
  return typeof data === "object" && !(data instanceof Uint8Array);
}

const empty = new Uint8Array(0);
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
}

/**
 * ISO 8601 complete dates with century, in basic or extended form: calendar (2005-10-18),
 * ordinal (2005-345, which the Motorola engine's tests send) and week dates (2005-W42-2).
 */
function isIsoDate(text: string): boolean {
  const calendar = /^(\d{4})(-?)(\d{2})\2(\d{2})$/.exec(text);
  if (calendar !== null) return isCalendarDate(Number(calendar[1]), Number(calendar[3]), Number(calendar[4]));
  const ordinal = /^(\d{4})-?(\d{3})$/.exec(text);
  if (ordinal !== null) {
    const day = Number(ordinal[2]);
    return day >= 1 && day <= (isLeapYear(Number(ordinal[1])) ? 366 : 365);
  }
  const week = /^(\d{4})(-?)W(\d{2})\2([1-7])$/.exec(text);
  if (week !== null) {
    const w = Number(week[3]);
    return w >= 1 && w <= isoWeeksIn(Number(week[1]));
  }
  return false;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** 53 when the year starts on a Thursday, or is a leap year starting on a Wednesday; else 52. */
function isoWeeksIn(y: number): number {
  const jan1 = new Date(Date.UTC(y, 0, 1)).getUTCDay();
  return jan1 === 4 || (jan1 === 3 && isLeapYear(y)) ? 53 : 52;
}

function isCalendarDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function isIsoTime(text: string): boolean {
  const m = /^(\d{2})(:?)(\d{2})\2(\d{2})(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (m === null) return false;
  const h = Number(m[1]);
  const mi = Number(m[3]);
  const s = Number(m[4]);
  return h <= 23 && mi <= 59 && s <= 60;
}
