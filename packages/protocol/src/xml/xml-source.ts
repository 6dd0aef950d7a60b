/**
 * The decoder's cursor over the input bytes, with the helpers every scanner shares: errors
 * carrying byte offsets, UTF-8 checks and text decoding. Internal to the XML codec.
 */
import { Buffer } from "node:buffer";
import { DecodeError } from "../errors.js";
import type { ErrorCode } from "../errors.js";
import { classTables, utf8Invalid, utf8Sequence } from "./xml-chars.js";
import type { ByteEncoding, ClassTables } from "./xml-chars.js";

export interface Source {
  readonly bytes: Uint8Array;
  /** The same memory as `bytes`, for its fast latin1/utf8 slicing. */
  readonly buf: Buffer;
  readonly end: number;
  readonly lenient: boolean;
  readonly maxDepth: number;
  pos: number;
  encoding: ByteEncoding;
  tables: ClassTables;
}

export function openSource(bytes: Uint8Array, lenient: boolean, maxDepth: number): Source {
  return {
    bytes,
    buf: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    end: bytes.length,
    lenient,
    maxDepth,
    pos: 0,
    encoding: "utf-8",
    tables: classTables["utf-8"],
  };
}

export function setEncoding(src: Source, encoding: ByteEncoding): void {
  src.encoding = encoding;
  src.tables = classTables[encoding];
}

export function fail(code: ErrorCode, message: string, offset: number): never {
  throw new DecodeError(code, message, offset);
}

export function malformed(message: string, offset: number): never {
  throw new DecodeError("XML_MALFORMED", message, offset);
}

/** The input ended inside `what`; the offset is the end of the input. */
export function truncated(src: Source, what: string): never {
  throw new DecodeError("DECODE_TRUNCATED", `input ends inside ${what}`, src.end);
}

/** Throws the error a failed utf8Sequence result stands for. */
export function badSequence(result: number, offset: number): never {
  if (result === utf8Invalid) fail("DECODE_INVALID_UTF8", "invalid UTF-8 sequence", offset);
  return malformed("U+FFFE and U+FFFF are not XML characters", offset);
}

/**
 * Checks the bytes of a character at `i` that the text tables flagged (a control byte, a byte
 * >= 0x80) and returns its length; throws for anything that is not an XML character.
 */
export function checkFlaggedChar(src: Source, i: number): number {
  const b = src.bytes[i]!;
  if (b < 0x80) return malformed(`character U+${hex(b)} is not allowed in XML`, i);
  if (src.encoding === "latin1") return 1;
  if (src.encoding === "us-ascii") return malformed("byte >= 0x80 in a US-ASCII document", i);
  const n = utf8Sequence(src.bytes, i, src.end);
  return n > 0 ? n : badSequence(n, i);
}

/**
 * Validates the characters of [start, end) without decoding them (comments, PIs, DTD parts):
 * only XML characters, well-formed in the document's encoding.
 */
export function checkChars(src: Source, start: number, end: number): void {
  const b = src.bytes;
  for (let i = start; i < end;) {
    const c = b[i]!;
    if (c >= 0x20 && c < 0x80) i++;
    else if (c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else i += checkFlaggedChar(src, i);
  }
}

/** Decodes [start, end), already validated; `ascii` says no byte is >= 0x80. */
export function decodeRange(src: Source, start: number, end: number, ascii: boolean): string {
  if (ascii || src.encoding !== "utf-8") {
    // Short values (CmdIDs, status codes, formats) are most of a DM message; a call into
    // Buffer costs more than building them here. Bytes are code points in ASCII and Latin-1.
    if (end - start <= 8) {
      const b = src.bytes;
      let s = "";
      for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
      return s;
    }
    return src.buf.toString("latin1", start, end);
  }
  return src.buf.toString("utf8", start, end);
}

/** Decodes validated text in which CR and CRLF still have to become LF [XML §2.11]. */
export function decodeWithLineEnds(src: Source, start: number, end: number, ascii: boolean): string {
  const b = src.bytes;
  let s = "";
  let run = start;
  for (let i = start; i < end; i++) {
    if (b[i] !== 0x0d) continue;
    s += decodeRange(src, run, i, ascii) + "\n";
    if (i + 1 < end && b[i + 1] === 0x0a) i++;
    run = i + 1;
  }
  return run === start ? decodeRange(src, start, end, ascii) : s + decodeRange(src, run, end, ascii);
}

/** True when `bytes` continue at `i` with the ASCII string `s`. */
export function startsWithAscii(src: Source, i: number, s: string): boolean {
  if (i + s.length > src.end) return false;
  for (let k = 0; k < s.length; k++) if (src.bytes[i + k] !== s.charCodeAt(k)) return false;
  return true;
}

/**
 * True when the input ends at `i` with a proper prefix of `s`: the caller reports truncation
 * rather than a syntax error.
 */
export function isPrefixAtEnd(src: Source, i: number, s: string): boolean {
  const left = src.end - i;
  if (left >= s.length) return false;
  for (let k = 0; k < left; k++) if (src.bytes[i + k] !== s.charCodeAt(k)) return false;
  return true;
}

export function skipWhitespace(src: Source, i: number): number {
  const b = src.bytes;
  const end = src.end;
  while (i < end) {
    const c = b[i]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) break;
    i++;
  }
  return i;
}

export function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, "0");
}
