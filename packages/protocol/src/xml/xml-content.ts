/**
 * Element content [XML §3.1 content]: the loop that reads one element and everything inside
 * it, without recursion (depth is bounded by limits, not by the JS stack). Text rules of the
 * element tree (element.ts): character data, references and CDATA sections merge into one
 * string between element boundaries; comments and PIs are skipped; whitespace-only text next
 * to child elements is dropped; the text of a text-only element is kept verbatim. Internal to
 * the XML codec.
 */
import { textClass } from "./xml-chars.js";
import { readCData, skipComment, skipProcessingInstruction } from "./xml-markup.js";
import { unwindBindings } from "./xml-namespaces.js";
import { nameString } from "./xml-names.js";
import type { OpenElement, ParserState } from "./xml-parser-state.js";
import { readReference } from "./xml-references.js";
import { readStartTag } from "./xml-start-tag.js";
import {
  checkFlaggedChar,
  decodeRange,
  decodeWithLineEnds,
  isPrefixAtEnd,
  malformed,
  skipWhitespace,
  startsWithAscii,
  truncated,
} from "./xml-source.js";

/** Reads the element whose start tag is at `lt` (at depth 0); `src.pos` is set after it. */
export function readElement(p: ParserState, lt: number): OpenElement {
  const src = p.src;
  const b = src.bytes;
  const end = src.end;
  const root = readStartTag(p, lt);
  if (p.selfClosing) return root;
  const table = src.tables.text;
  let i = src.pos;
  for (;;) {
    // Character data up to the next '<'. Indentation is the common case: skip it first.
    const run = i;
    while (i < end) {
      const c = b[i]!;
      if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) break;
      i++;
    }
    if (i >= end) return truncated(src, "an element");
    if (b[i] === 0x3c) {
      if (i > run) addWhitespace(p, run, i);
    } else {
      i = readText(p, run, table);
    }
    // Markup at i.
    if (i + 1 >= end) return truncated(src, "an element");
    const c = b[i + 1];
    if (c === 0x2f) {
      readEndTag(p, i);
      if (p.depth === 0) return root;
    } else if (c === 0x21) {
      if (startsWithAscii(src, i, "<!--")) src.pos = skipComment(src, i);
      else if (startsWithAscii(src, i, "<![CDATA[")) appendText(p, readCData(src, i));
      else if (isPrefixAtEnd(src, i, "<!--") || isPrefixAtEnd(src, i, "<![CDATA[")) {
        return truncated(src, "an element");
      } else return malformed("expected a comment or a CDATA section", i);
    } else if (c === 0x3f) {
      src.pos = skipProcessingInstruction(src, i);
    } else {
      flushText(p, false);
      readStartTag(p, i);
    }
    i = src.pos;
  }
}

// Reads character data from `run` to the next '<' into the pending text; returns where '<' is.
function readText(p: ParserState, run: number, table: Uint8Array): number {
  const src = p.src;
  const b = src.bytes;
  const end = src.end;
  let i = run;
  let ascii = true;
  for (;;) {
    while (i < end && table[b[i]!] === textClass.plain) i++;
    if (i >= end) return truncated(src, "an element");
    switch (table[b[i]!]!) {
      case textClass.lt:
        if (i > run) appendText(p, decodeRange(src, run, i, ascii));
        return i;
      case textClass.amp:
        if (i > run) appendText(p, decodeRange(src, run, i, ascii));
        appendText(p, readReference(src, i));
        i = run = src.pos;
        ascii = true;
        break;
      case textClass.cr:
        // [XML §2.11] CRLF and a lone CR become LF.
        appendText(p, i > run ? decodeRange(src, run, i, ascii) + "\n" : "\n");
        i += i + 1 < end && b[i + 1] === 0x0a ? 2 : 1;
        run = i;
        ascii = true;
        break;
      case textClass.rbracket:
        // [XML §2.4] ']]>' may not appear in character data.
        if (i + 2 < end && b[i + 1] === 0x5d && b[i + 2] === 0x3e) {
          return malformed("']]>' is not allowed in text", i);
        }
        i++;
        break;
      default:
        if (b[i]! >= 0x80) ascii = false;
        i += checkFlaggedChar(src, i);
    }
  }
}

// Reads the end tag whose `<` is at `lt` and closes the innermost element.
function readEndTag(p: ParserState, lt: number): void {
  const src = p.src;
  const b = src.bytes;
  const d = p.depth - 1;
  const qStart = p.nameStarts[d]!;
  const len = p.nameEnds[d]! - qStart;
  const i = lt + 2;
  for (let k = 0; k < len; k++) {
    if (i + k >= src.end) return truncated(src, "an end tag");
    if (b[i + k] !== b[qStart + k]) return mismatch(p, lt, d);
  }
  let j = i + len;
  if (j >= src.end) return truncated(src, "an end tag");
  const c = b[j]!;
  if (c !== 0x3e && c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) {
    return c === 0x2f || c === 0x3c ? malformed("expected '>'", j) : mismatch(p, lt, d);
  }
  j = skipWhitespace(src, j);
  if (j >= src.end) return truncated(src, "an end tag");
  if (b[j] !== 0x3e) return malformed("expected '>' to end the end tag", j);
  flushText(p, !p.hasElementChild[d]!);
  unwindBindings(p.bindings, p.bindingMarks[d]!);
  p.depth = d;
  src.pos = j + 1;
}

function mismatch(p: ParserState, lt: number, d: number): never {
  const start = p.nameStarts[d]!;
  const name = nameString(p.src, start, p.nameEnds[d]!, false);
  return malformed(`end tag does not match <${name}> opened at byte ${p.open[d]!.offset}`, lt);
}

function addWhitespace(p: ParserState, start: number, end: number): void {
  if (!p.textActive && p.lazyStart < 0) {
    p.lazyStart = start;
    p.lazyEnd = end;
    return;
  }
  materialize(p);
  p.text += decodeWithLineEnds(p.src, start, end, true);
}

function appendText(p: ParserState, piece: string): void {
  if (p.lazyStart >= 0) materialize(p);
  p.text += piece;
  p.textActive = true;
  if (!p.textNonWhitespace) p.textNonWhitespace = !isWhitespace(piece);
}

function materialize(p: ParserState): void {
  if (p.lazyStart >= 0) {
    p.text += decodeWithLineEnds(p.src, p.lazyStart, p.lazyEnd, true);
    p.lazyStart = -1;
  }
  p.textActive = true;
}

// Ends the pending text at an element boundary. Whitespace-only text is kept only when
// `keepWhitespace` (the end of an element that has no element children).
function flushText(p: ParserState, keepWhitespace: boolean): void {
  if (!p.textActive && p.lazyStart < 0) return;
  if (p.textNonWhitespace || keepWhitespace) {
    materialize(p);
    if (p.text.length > 0) p.open[p.depth - 1]!.children.push(p.text);
  }
  p.text = "";
  p.textActive = false;
  p.textNonWhitespace = false;
  p.lazyStart = -1;
}

function isWhitespace(s: string): boolean {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
