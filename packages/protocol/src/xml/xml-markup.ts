/**
 * Comments, processing instructions and CDATA sections. Comments and PIs are checked and
 * skipped; a CDATA section becomes text. Internal to the XML codec.
 */
import { isWhitespaceByte } from "./xml-chars.js";
import { scanName } from "./xml-names.js";
import type { NameScan } from "./xml-names.js";
import {
  checkChars,
  checkFlaggedChar,
  decodeRange,
  decodeWithLineEnds,
  malformed,
  truncated,
} from "./xml-source.js";
import type { Source } from "./xml-source.js";

/** Skips the comment whose `<!--` is at `lt`; returns the position after `-->`. */
export function skipComment(src: Source, lt: number): number {
  // [XML §2.5] Comment ::= '<!--' ((Char - '-') | ('-' (Char - '-')))* '-->'
  const b = src.bytes;
  const start = lt + 4;
  let i = start;
  for (;;) {
    const dash = b.indexOf(0x2d, i);
    if (dash < 0 || dash + 1 >= src.end) return truncated(src, "a comment");
    if (b[dash + 1] !== 0x2d) {
      i = dash + 1;
      continue;
    }
    checkChars(src, start, dash);
    if (dash + 2 >= src.end) return truncated(src, "a comment");
    if (b[dash + 2] !== 0x3e) return malformed("'--' is not allowed inside a comment", dash);
    return dash + 3;
  }
}

const piTarget: NameScan = { colon: -1, ascii: true };

/** Skips the processing instruction whose `<?` is at `lt`; returns the position after `?>`. */
export function skipProcessingInstruction(src: Source, lt: number): number {
  // [XML §2.6] PI ::= '<?' PITarget (S (Char* - (Char* '?>' Char*)))? '?>'
  const b = src.bytes;
  const nameStart = lt + 2;
  if (nameStart >= src.end) return truncated(src, "a processing instruction");
  const nameEnd = scanName(src, nameStart, piTarget);
  if (piTarget.colon >= 0) return malformed("a processing instruction target has no colon", piTarget.colon);
  if (
    nameEnd - nameStart === 3 &&
    (b[nameStart]! | 0x20) === 0x78 &&
    (b[nameStart + 1]! | 0x20) === 0x6d &&
    (b[nameStart + 2]! | 0x20) === 0x6c
  ) {
    // [XML §2.8] the XML declaration may only stand at the very start of the document.
    return malformed("the XML declaration must be at the start of the document", lt);
  }
  const c = b[nameEnd]!;
  if (!isWhitespaceByte(c) && c !== 0x3f)
    return malformed("expected whitespace after the PI target", nameEnd);
  let i = nameEnd;
  for (;;) {
    const q = b.indexOf(0x3f, i);
    if (q < 0 || q + 1 >= src.end) return truncated(src, "a processing instruction");
    if (b[q + 1] === 0x3e) {
      checkChars(src, nameEnd, q);
      return q + 2;
    }
    i = q + 1;
  }
}

/** Reads the CDATA section whose `<![CDATA[` is at `lt`; `src.pos` is set after `]]>`. */
export function readCData(src: Source, lt: number): string {
  // [XML §2.7] CDSect ::= '<![CDATA[' (Char* - (Char* ']]>' Char*)) ']]>'
  const b = src.bytes;
  const end = src.end;
  const start = lt + 9;
  let ascii = true;
  let cr = false;
  for (let i = start; i < end;) {
    const c = b[i]!;
    if (c === 0x5d && i + 2 < end && b[i + 1] === 0x5d && b[i + 2] === 0x3e) {
      src.pos = i + 3;
      return cr ? decodeWithLineEnds(src, start, i, ascii) : decodeRange(src, start, i, ascii);
    }
    if ((c >= 0x20 && c < 0x80) || c === 0x09 || c === 0x0a) i++;
    else if (c === 0x0d) {
      cr = true;
      i++;
    } else {
      if (c >= 0x80) ascii = false;
      i += checkFlaggedChar(src, i);
    }
  }
  return truncated(src, "a CDATA section");
}
