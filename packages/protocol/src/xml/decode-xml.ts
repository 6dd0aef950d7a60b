import type { Element } from "../element.js";
import { DecodeError } from "../errors.js";
import { resolveLimits } from "../limits.js";
import { readElement } from "./xml-content.js";
import { readDeclaration } from "./xml-declaration.js";
import { readDoctype } from "./xml-doctype.js";
import { skipComment, skipProcessingInstruction } from "./xml-markup.js";
import type { XmlDecodeOptions, XmlDoctype, XmlDocument } from "./xml-options.js";
import { newParserState } from "./xml-parser-state.js";
import {
  checkFlaggedChar,
  isPrefixAtEnd,
  malformed,
  openSource,
  skipWhitespace,
  startsWithAscii,
  truncated,
} from "./xml-source.js";

/**
 * Decodes an XML document to its root element. The input is read as bytes (a string is
 * encoded to UTF-8 first), so every offset, in elements and in errors, is a byte offset.
 * Throws DecodeError for anything else, with the offset of the problem.
 */
export function decodeXml(input: Uint8Array | string, options?: XmlDecodeOptions): Element {
  return decodeXmlDocument(input, options).root;
}

/** Decodes an XML document; also reports its DOCTYPE, which is never fetched or expanded. */
export function decodeXmlDocument(input: Uint8Array | string, options?: XmlDecodeOptions): XmlDocument {
  const { roots, doctype, end } = parse(input, options, false);
  const root = roots[0];
  if (root === undefined) throw new DecodeError("DECODE_TRUNCATED", "no root element", end);
  return doctype === undefined ? { root } : { root, doctype };
}

/**
 * Decodes a snippet of zero or more top-level elements (command templates such as Windows MDM
 * SyncML snippets). The prolog rules of a document apply before the first element.
 */
export function decodeXmlFragment(input: Uint8Array | string, options?: XmlDecodeOptions): Element[] {
  return parse(input, options, true).roots;
}

const utf8 = new TextEncoder();

function parse(
  input: Uint8Array | string,
  options: XmlDecodeOptions | undefined,
  fragment: boolean,
): { roots: Element[]; doctype: XmlDoctype | undefined; end: number } {
  const limits = resolveLimits(options?.limits);
  // Refuse before any work: a string has at least as many UTF-8 bytes as UTF-16 code units.
  if (input.length > limits.maxBytes) throw tooLarge(limits.maxBytes);
  const bytes = typeof input === "string" ? utf8.encode(input) : input;
  if (bytes.length > limits.maxBytes) throw tooLarge(limits.maxBytes);
  const src = openSource(bytes, options?.lenient === true, limits.maxDepth);
  readDeclaration(src);
  const p = newParserState(src);
  const b = bytes;
  const roots: Element[] = [];
  let doctype: XmlDoctype | undefined;
  let i = src.pos;
  for (;;) {
    // [XML §2.1] document ::= prolog element Misc*
    i = skipWhitespace(src, i);
    if (i >= src.end) break;
    if (b[i] !== 0x3c) {
      if (b[i]! < 0x20 || b[i]! >= 0x80) checkFlaggedChar(src, i);
      return malformed(roots.length > 0 ? "text after the root element" : "text before the root element", i);
    }
    if (i + 1 >= src.end) return truncated(src, "markup");
    const c = b[i + 1];
    if (c === 0x3f) i = skipProcessingInstruction(src, i);
    else if (c === 0x21) {
      if (startsWithAscii(src, i, "<!--")) i = skipComment(src, i);
      else if (startsWithAscii(src, i, "<!DOCTYPE")) {
        if (doctype !== undefined || roots.length > 0) return malformed("misplaced DOCTYPE", i);
        doctype = readDoctype(src, i);
        i = src.pos;
      } else if (isPrefixAtEnd(src, i, "<!--") || isPrefixAtEnd(src, i, "<!DOCTYPE")) {
        return truncated(src, "markup");
      } else return malformed("unexpected markup outside the root element", i);
    } else if (c === 0x2f) {
      return malformed("end tag outside any element", i);
    } else {
      if (!fragment && roots.length > 0) return malformed("a second element after the root element", i);
      roots.push(readElement(p, i));
      i = src.pos;
    }
  }
  return { roots, doctype, end: src.end };
}

function tooLarge(maxBytes: number): DecodeError {
  return new DecodeError("DECODE_LIMIT", `input is larger than ${maxBytes} bytes`, maxBytes);
}
