import { DecodeError, OmaDmError } from "../errors.js";
import type { DecodeLimits } from "../limits.js";
import { resolveLimits } from "../limits.js";

/** One non-blank line of a DM 2.0 text document: its whitespace-separated tokens and byte offset. */
export interface Dm2Line {
  readonly tokens: readonly string[];
  readonly offset: number;
}

/**
 * Splits a DM 2.0 command or status document into lines. [DM2 §5.5, §5.6] Lines end in CRLF; LF
 * alone is accepted too. Blank lines are skipped wherever they are: the draft's examples put one
 * between every two lines, while their Content-Length (15 for "MsgID 0", "200 ") counts none, so
 * the blanks are an artefact of the document, not of the protocol. Tokens are separated by runs of
 * spaces (tabs accepted). A control character in a line gives "DM2_INVALID", bad UTF-8
 * "DECODE_INVALID_UTF8", both at the offset of the line.
 */
export function readDm2Lines(input: Uint8Array | string, limits?: Partial<DecodeLimits>): Dm2Line[] {
  const b = typeof input === "string" ? utf8Encoder.encode(input) : input;
  const max = resolveLimits(limits).maxBytes;
  if (b.length > max)
    throw new DecodeError("DECODE_LIMIT", `document of ${b.length} bytes exceeds ${max}`, max);
  const lines: Dm2Line[] = [];
  let start = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (start < b.length) {
    let end = b.indexOf(0x0a, start);
    if (end < 0) end = b.length;
    const lineEnd = end > start && b[end - 1] === 0x0d ? end - 1 : end;
    let blank = true;
    let ascii = true;
    for (let k = start; k < lineEnd; k++) {
      const c = b[k]!;
      if (c === 0x20 || c === 0x09) continue;
      blank = false;
      if (c < 0x20 || c === 0x7f) throw new DecodeError("DM2_INVALID", "control character in a line", start);
      if (c >= 0x80) ascii = false;
    }
    if (!blank) {
      const text = decodeLine(b.subarray(start, lineEnd), ascii, start);
      lines.push({ tokens: text.trim().split(whitespace), offset: start });
    }
    start = end + 1;
  }
  return lines;
}

/** Joins lines of tokens with single spaces, each line ended by CRLF. [DM2 §5.5] */
export function writeDm2Lines(lines: readonly (readonly string[])[]): Uint8Array {
  const parts: string[] = [];
  for (const tokens of lines) parts.push(tokens.join(" "), "\r\n");
  return utf8Encoder.encode(parts.join(""));
}

/** Throws OmaDmError "INVALID_ARGUMENT" unless `token` can be one token of a line. */
export function checkDm2Token(token: string, what: string): string {
  if (token === "" || notTokenChar.test(token)) {
    throw new OmaDmError(
      "INVALID_ARGUMENT",
      `${what} "${token}" is empty or holds whitespace or a control character`,
    );
  }
  return token;
}

/** Parses a decimal count as written on the wire; undefined unless 1-15 ASCII digits. */
export function decimal(token: string | undefined): number | undefined {
  return token !== undefined && digits.test(token) ? Number(token) : undefined;
}

const digits = /^[0-9]{1,15}$/;
const whitespace = /[ \t]+/;
const notTokenChar = /[\u0000-\u0020\u007f]/;
const utf8Encoder = new TextEncoder();
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const latin1 = new TextDecoder("latin1");

function decodeLine(bytes: Uint8Array, ascii: boolean, offset: number): string {
  if (ascii) return latin1.decode(bytes);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new DecodeError("DECODE_INVALID_UTF8", "line is not valid UTF-8", offset);
  }
}
