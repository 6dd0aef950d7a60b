// Text of a WBXML document in its header charset, read without copying the bytes first.
import { Buffer } from "node:buffer";
import { DecodeError } from "../errors.js";
import { wbxmlCharsets } from "./wbxml-tokens.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A Buffer over the same memory, for its fast one-byte-per-char string making. */
export function bufferView(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The text of bytes[start, end). `ascii` says the caller saw no byte >= 0x80 there, the common
 * case, which needs no charset decoding at all.
 */
export function readText(
  bytes: Uint8Array,
  view: Buffer,
  start: number,
  end: number,
  charset: number,
  ascii: boolean,
): string {
  const n = end - start;
  if (ascii) {
    // Short strings are cheaper built in JS than through a native call.
    if (n <= 12) {
      let s = "";
      for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
      return s;
    }
    return view.toString("latin1", start, end);
  }
  if (charset === wbxmlCharsets.iso88591 || charset === wbxmlCharsets.usAscii) {
    // US-ASCII text with high bytes is read as ISO-8859-1, its superset, rather than refused.
    return view.toString("latin1", start, end);
  }
  try {
    return utf8.decode(bytes.subarray(start, end));
  } catch (cause) {
    throw new DecodeError("DECODE_INVALID_UTF8", "text is not valid UTF-8", start, { cause });
  }
}

/** Whether `charset` (a MIBenum from the header) is one the decoder reads. */
export function isSupportedCharset(charset: number): boolean {
  return (
    charset === wbxmlCharsets.utf8 ||
    charset === wbxmlCharsets.usAscii ||
    charset === wbxmlCharsets.iso88591 ||
    charset === wbxmlCharsets.unknown
  );
}
