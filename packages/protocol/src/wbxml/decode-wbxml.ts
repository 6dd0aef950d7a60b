import type { Buffer } from "node:buffer";
import type { Attribute, Child, Element } from "../element.js";
import { DecodeError } from "../errors.js";
import { resolveLimits, type DecodeLimits } from "../limits.js";
import { languageForPublicId } from "./languages.js";
import type { WbxmlLanguage, WbxmlLookup } from "./wbxml-language.js";
import { bufferView, isSupportedCharset, readText } from "./wbxml-text.js";
import { globalTokens as G, wbxmlCharsets } from "./wbxml-tokens.js";

/** Options of `decodeWbxml` and `decodeWbxmlDocument`. */
export interface WbxmlDecodeOptions {
  readonly limits?: Partial<DecodeLimits>;
  /** Decode with this language whatever the public id says (e.g. for a private public id). */
  readonly language?: WbxmlLanguage;
}

/** A decoded WBXML document: its header fields and its element tree. */
export interface WbxmlDocument {
  /** Version byte: 0x00..0x03 for WBXML 1.0..1.3. */
  readonly version: number;
  /** Numeric public id, or the formal public identifier when the header points into the string table. */
  readonly publicId: number | string;
  /** Charset MIBenum from the header (0 for WBXML 1.0, which has none). */
  readonly charset: number;
  readonly language?: WbxmlLanguage;
  readonly root: Element;
}

/** Decodes a WBXML document to its root element. Any bytes give an Element or a DecodeError. */
export function decodeWbxml(bytes: Uint8Array, options?: WbxmlDecodeOptions): Element {
  return decodeWbxmlDocument(bytes, options).root;
}

/** Decodes a WBXML document: header fields, language and root element. */
export function decodeWbxmlDocument(bytes: Uint8Array, options?: WbxmlDecodeOptions): WbxmlDocument {
  const limits = resolveLimits(options?.limits);
  if (bytes.length > limits.maxBytes) {
    throw new DecodeError("DECODE_LIMIT", `input is over ${limits.maxBytes} bytes`, limits.maxBytes);
  }
  const r: Reader = {
    bytes,
    view: bufferView(bytes),
    pos: 0,
    charset: wbxmlCharsets.unknown,
    tableStart: 0,
    tableEnd: 0,
    tableCache: undefined,
  };
  if (bytes.length === 0) throw new DecodeError("DECODE_TRUNCATED", "empty input", 0);

  // [WBXML §5.3] start = version publicid charset strtbl body; 1.0 has no charset.
  const version = bytes[r.pos++]!;
  if (version > 0x03) {
    throw new DecodeError("WBXML_UNSUPPORTED_VERSION", `WBXML version byte 0x${hex(version)}`, 0);
  }
  const publicIdOffset = r.pos;
  const numericId = readMb(r);
  // [WBXML §5.5] 0 is followed by a string table index holding the formal public identifier.
  const publicIdIndexOffset = r.pos;
  const publicIdIndex = numericId === 0 ? readMb(r) : -1;
  if (version !== 0x00) {
    const charsetOffset = r.pos;
    r.charset = readMb(r);
    if (!isSupportedCharset(r.charset)) {
      throw new DecodeError("WBXML_UNSUPPORTED_CHARSET", `charset MIBenum ${r.charset}`, charsetOffset);
    }
  }
  const tableLengthOffset = r.pos;
  const tableLength = readMb(r);
  // Checked against what remains before anything is made of it.
  if (tableLength > bytes.length - r.pos) {
    throw new DecodeError("DECODE_TRUNCATED", "string table runs past the end", tableLengthOffset);
  }
  r.tableStart = r.pos;
  r.tableEnd = r.pos + tableLength;
  r.pos = r.tableEnd;

  const publicId = publicIdIndex < 0 ? numericId : tableString(r, publicIdIndex, publicIdIndexOffset);
  const language = options?.language ?? languageForPublicId(publicId);
  if (language === undefined) {
    const shown = typeof publicId === "number" ? `0x${hex(publicId)}` : JSON.stringify(publicId);
    throw new DecodeError("WBXML_UNKNOWN_PUBLIC_ID", `no language for public id ${shown}`, publicIdOffset);
  }
  const root = readBody(r, language.lookup, limits.maxDepth);
  return { version, publicId, charset: r.charset, language, root };
}

interface Reader {
  readonly bytes: Uint8Array;
  readonly view: Buffer;
  pos: number;
  charset: number;
  tableStart: number;
  tableEnd: number;
  tableCache: Map<number, string> | undefined;
}

/** Elements under construction: the decoder fills `children` and `attributes` in place. */
interface OpenElement {
  name: string;
  ns: string;
  attributes?: Attribute[];
  children: Child[];
  offset: number;
}

const hasElementChild = 1;
const hasTextChild = 2;

function readBody(r: Reader, lookup: WbxmlLookup, maxDepth: number): Element {
  const bytes = r.bytes;
  const len = bytes.length;
  const { tagNames, pageNs } = lookup;
  const stack: OpenElement[] = [];
  const flags: number[] = [];
  let root: OpenElement | undefined;
  let tagPage = 0;
  const attrPage = { page: 0 };
  let text: string | undefined;

  for (;;) {
    if (r.pos >= len) {
      if (root !== undefined && stack.length === 0) return root;
      throw new DecodeError("DECODE_TRUNCATED", "document ends inside an element", r.pos);
    }
    const at = r.pos;
    const t = bytes[r.pos++]!;
    const low = t & 0x3f;
    let name: string | undefined;
    if (low >= 0x05) {
      name = tagNames[tagPage]?.[low];
      if (name === undefined) {
        throw new DecodeError("WBXML_UNKNOWN_TOKEN", `tag token 0x${hex(low)} on page ${tagPage}`, at);
      }
    } else {
      switch (t) {
        case G.SWITCH_PAGE:
          if (r.pos >= len) throw new DecodeError("DECODE_TRUNCATED", "SWITCH_PAGE without page", at);
          tagPage = bytes[r.pos++]!;
          continue;
        case G.END: {
          const top = stack.pop();
          if (top === undefined) throw new DecodeError("WBXML_MALFORMED", "END outside any element", at);
          if (text !== undefined) {
            if (text.length !== 0) {
              top.children.push(text);
              flags[stack.length]! |= hasTextChild;
            }
            text = undefined;
          }
          if (flags.pop() === (hasElementChild | hasTextChild)) dropWhitespaceText(top.children);
          continue;
        }
        case G.STR_I:
        case G.STR_T:
        case G.ENTITY: {
          if (stack.length === 0)
            throw new DecodeError("WBXML_MALFORMED", "text outside the root element", at);
          const s = t === G.STR_I ? readInline(r) : t === G.STR_T ? readTableRef(r) : readEntity(r);
          text = text === undefined ? s : text + s;
          continue;
        }
        case G.OPAQUE: {
          const top = stack[stack.length - 1];
          if (top === undefined)
            throw new DecodeError("WBXML_MALFORMED", "OPAQUE outside the root element", at);
          const data = readOpaque(r);
          if (text !== undefined) {
            if (text.length !== 0) {
              top.children.push(text);
              flags[stack.length - 1]! |= hasTextChild;
            }
            text = undefined;
          }
          top.children.push(data);
          continue;
        }
        case G.PI:
          // [WBXML §5.8.4.4] processing instructions carry nothing for the tree: skipped.
          readAttributes(r, lookup, attrPage, true);
          continue;
        case G.LITERAL:
        case G.LITERAL_C:
        case G.LITERAL_A:
        case G.LITERAL_AC:
          name = readLiteralName(r);
          break;
        default:
          // EXT_I_*, EXT_T_*, EXT_*: no DM language defines extension tokens.
          throw new DecodeError("WBXML_UNKNOWN_TOKEN", `extension token 0x${hex(t)}`, at);
      }
    }

    // An element starts (a tag token or a LITERAL).
    const parent = stack[stack.length - 1];
    if (parent === undefined && root !== undefined) {
      throw new DecodeError("WBXML_MALFORMED", "a second root element", at);
    }
    if (stack.length >= maxDepth) {
      throw new DecodeError("DECODE_LIMIT", `elements nest deeper than ${maxDepth}`, at);
    }
    const attributes = (t & 0x80) === 0 ? undefined : readAttributes(r, lookup, attrPage, false);
    const el: OpenElement =
      attributes === undefined || attributes.length === 0
        ? { name, ns: pageNs[tagPage] ?? "", children: [], offset: at }
        : { name, ns: pageNs[tagPage] ?? "", attributes, children: [], offset: at };
    if (parent === undefined) {
      root = el;
    } else {
      let f = hasElementChild;
      if (text !== undefined) {
        if (text.length !== 0) {
          parent.children.push(text);
          f |= hasTextChild;
        }
        text = undefined;
      }
      parent.children.push(el);
      flags[stack.length - 1]! |= f;
    }
    if ((t & 0x40) !== 0) {
      stack.push(el);
      flags.push(0);
    }
  }
}

/**
 * Reads an attribute list up to its END [WBXML §5.8.3]: attribute starts (which may carry a
 * value prefix), then strings, entities, opaque data and value tokens appended to the value.
 * With `skip` (a PI) tokens are only stepped over.
 */
function readAttributes(
  r: Reader,
  lookup: WbxmlLookup,
  attrPage: { page: number },
  skip: boolean,
): Attribute[] {
  const bytes = r.bytes;
  const attrs: Attribute[] = [];
  let name: string | undefined;
  let value = "";
  for (;;) {
    if (r.pos >= bytes.length) throw new DecodeError("DECODE_TRUNCATED", "attribute list not ended", r.pos);
    const at = r.pos;
    const t = bytes[r.pos++]!;
    switch (t) {
      case G.END:
        if (name !== undefined) attrs.push({ name, value });
        return attrs;
      case G.SWITCH_PAGE:
        if (r.pos >= bytes.length) throw new DecodeError("DECODE_TRUNCATED", "SWITCH_PAGE without page", at);
        attrPage.page = bytes[r.pos++]!;
        continue;
      case G.LITERAL:
        if (name !== undefined) attrs.push({ name, value });
        name = readLiteralName(r);
        value = "";
        continue;
      case G.STR_I:
      case G.STR_T:
      case G.ENTITY:
      case G.OPAQUE: {
        if (skip) {
          if (t === G.OPAQUE) readOpaque(r);
          else if (t === G.STR_I) readInline(r);
          else readMb(r);
          continue;
        }
        if (name === undefined) {
          throw new DecodeError("WBXML_MALFORMED", "attribute value before any attribute start", at);
        }
        const s =
          t === G.STR_I
            ? readInline(r)
            : t === G.STR_T
              ? readTableRef(r)
              : t === G.ENTITY
                ? readEntity(r)
                : opaqueText(r, readOpaque(r));
        value += s;
        continue;
      }
      case G.PI:
      case G.LITERAL_C:
      case G.LITERAL_A:
      case G.LITERAL_AC:
        throw new DecodeError("WBXML_MALFORMED", `token 0x${hex(t)} inside an attribute list`, at);
      case G.EXT_I_0:
      case G.EXT_I_1:
      case G.EXT_I_2:
      case G.EXT_T_0:
      case G.EXT_T_1:
      case G.EXT_T_2:
      case G.EXT_0:
      case G.EXT_1:
      case G.EXT_2:
        throw new DecodeError("WBXML_UNKNOWN_TOKEN", `extension token 0x${hex(t)}`, at);
      default:
        break;
    }
    if (skip) continue;
    if (t < 0x80) {
      const start = lookup.attributeStartTokens[attrPage.page]?.[t];
      if (start === undefined) {
        throw new DecodeError(
          "WBXML_UNKNOWN_TOKEN",
          `attribute token 0x${hex(t)} on page ${attrPage.page}`,
          at,
        );
      }
      if (name !== undefined) attrs.push({ name, value });
      name = start.name;
      value = start.prefix;
    } else {
      const v = lookup.attributeValueTokens[attrPage.page]?.[t - 0x80];
      if (v === undefined) {
        throw new DecodeError(
          "WBXML_UNKNOWN_TOKEN",
          `attribute value 0x${hex(t)} on page ${attrPage.page}`,
          at,
        );
      }
      if (name === undefined) {
        throw new DecodeError("WBXML_MALFORMED", "attribute value before any attribute start", at);
      }
      value += v;
    }
  }
}

/** mb_u_int32 [WBXML §5.1]: at most 5 bytes, at most 32 bits. */
function readMb(r: Reader): number {
  const bytes = r.bytes;
  const start = r.pos;
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (r.pos >= bytes.length)
      throw new DecodeError("DECODE_TRUNCATED", "mb_u_int32 runs past the end", start);
    const b = bytes[r.pos++]!;
    value = value * 128 + (b & 0x7f);
    if (b < 0x80) {
      if (value > 0xffffffff) throw new DecodeError("WBXML_MALFORMED", "mb_u_int32 over 32 bits", start);
      return value;
    }
  }
  throw new DecodeError("WBXML_MALFORMED", "mb_u_int32 longer than 5 bytes", start);
}

/** STR_I: a NUL-terminated string in the document charset. */
function readInline(r: Reader): string {
  const bytes = r.bytes;
  const start = r.pos;
  const len = bytes.length;
  let i = start;
  let high = 0;
  for (; i < len; i++) {
    const b = bytes[i]!;
    if (b === 0) break;
    high |= b;
  }
  if (i >= len) throw new DecodeError("DECODE_TRUNCATED", "inline string without NUL", start - 1);
  r.pos = i + 1;
  return readText(bytes, r.view, start, i, r.charset, high < 0x80);
}

/** STR_T: the string at an offset in the string table. */
function readTableRef(r: Reader): string {
  const at = r.pos;
  return tableString(r, readMb(r), at);
}

/** LITERAL*: an element or attribute name from the string table, which cannot be empty. */
function readLiteralName(r: Reader): string {
  const at = r.pos;
  const name = tableString(r, readMb(r), at);
  if (name.length === 0) throw new DecodeError("WBXML_MALFORMED", "LITERAL names an empty string", at);
  return name;
}

function tableString(r: Reader, index: number, at: number): string {
  const cached = r.tableCache?.get(index);
  if (cached !== undefined) return cached;
  const start = r.tableStart + index;
  if (index >= r.tableEnd - r.tableStart) {
    throw new DecodeError("WBXML_MALFORMED", `string table index ${index} out of range`, at);
  }
  const bytes = r.bytes;
  let i = start;
  let high = 0;
  // Strings end at NUL; a last string without NUL ends with the table (some encoders omit it).
  for (; i < r.tableEnd; i++) {
    const b = bytes[i]!;
    if (b === 0) break;
    high |= b;
  }
  const s = readText(bytes, r.view, start, i, r.charset, high < 0x80);
  (r.tableCache ??= new Map()).set(index, s);
  return s;
}

/** ENTITY: a character given by its Unicode code point. */
function readEntity(r: Reader): string {
  const at = r.pos;
  const code = readMb(r);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
    throw new DecodeError("WBXML_MALFORMED", `ENTITY ${code} is not a Unicode scalar value`, at);
  }
  return String.fromCodePoint(code);
}

/** OPAQUE: length-prefixed bytes, copied out only after the length is checked. */
function readOpaque(r: Reader): Uint8Array {
  const at = r.pos;
  const n = readMb(r);
  if (n > r.bytes.length - r.pos) throw new DecodeError("DECODE_TRUNCATED", "OPAQUE runs past the end", at);
  const data = r.bytes.slice(r.pos, r.pos + n);
  r.pos += n;
  return data;
}

/** [WBXML 1.3 §5.8.4.6] OPAQUE in an attribute value is text in the document charset. */
function opaqueText(r: Reader, data: Uint8Array): string {
  let high = 0;
  for (let i = 0; i < data.length; i++) high |= data[i]!;
  return readText(data, bufferView(data), 0, data.length, r.charset, high < 0x80);
}

/** The tree keeps no whitespace-only text beside element children (see element.ts). */
function dropWhitespaceText(children: Child[]): void {
  let w = 0;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    if (typeof c === "string" && isWhitespace(c)) continue;
    children[w++] = c;
  }
  children.length = w;
}

function isWhitespace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

function hex(n: number): string {
  return n.toString(16).padStart(2, "0");
}
