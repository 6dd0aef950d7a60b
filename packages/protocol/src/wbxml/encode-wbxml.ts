import type { Attribute, Element } from "../element.js";
import { OmaDmError } from "../errors.js";
import {
  createSink,
  ensure,
  writeByte,
  writeBytes,
  writeCString,
  writeMb,
  type ByteSink,
} from "./byte-sink.js";
import { languageForRoot } from "./languages.js";
import { attributeStartFor, type WbxmlLanguage, type WbxmlLookup } from "./wbxml-language.js";
import {
  addRepeatedStrings,
  createStringTable,
  tableOffset,
  type StringTable,
} from "./wbxml-string-table.js";
import { globalTokens as G, wbxmlCharsets } from "./wbxml-tokens.js";

/** Options of `encodeWbxml`. */
export interface WbxmlEncodeOptions {
  /** WBXML minor version: 1 -> 0x01 (1.1), 2 -> 0x02 (1.2, the default), 3 -> 0x03 (1.3). */
  readonly version?: 1 | 2 | 3;
  /**
   * Write a string table: the formal public identifier (public id `00 00`) and the strings used
   * often enough that STR_T references are shorter than inline strings. Default false.
   */
  readonly stringTable?: boolean;
  /** The language; default: the one `languageForRoot` gives for the root element. */
  readonly language?: WbxmlLanguage;
  /**
   * Public id form. Default: "numeric" when the language has a numeric id and no string table
   * is asked for, else "string" (the formal public identifier in the string table).
   */
  readonly publicId?: "numeric" | "string";
}

/**
 * Encodes an element tree as a WBXML document (charset UTF-8). Throws OmaDmError
 * "WBXML_UNKNOWN_TAG" for an element or attribute the language has no token for, unless a
 * string table is written (then it goes out as LITERAL), and "INVALID_ARGUMENT" for bad options.
 */
export function encodeWbxml(root: Element, options?: WbxmlEncodeOptions): Uint8Array {
  const language = options?.language ?? languageForRoot(root.name, root.ns);
  if (language === undefined) {
    throw new OmaDmError(
      "WBXML_UNKNOWN_TAG",
      `no WBXML language has the root element ${JSON.stringify(root.name)} in namespace ${JSON.stringify(root.ns)}`,
    );
  }
  const version = options?.version ?? 2;
  if (version !== 1 && version !== 2 && version !== 3) {
    throw new OmaDmError("INVALID_ARGUMENT", `WBXML version must be 1, 2 or 3, not ${String(version)}`);
  }
  const withTable = options?.stringTable ?? false;
  const idForm = options?.publicId ?? (withTable || language.publicId === undefined ? "string" : "numeric");
  if (idForm === "numeric" && language.publicId === undefined) {
    throw new OmaDmError("INVALID_ARGUMENT", `${language.name} has no numeric WBXML public id`);
  }

  if (idForm === "numeric" && !withTable) {
    // The common case: the header is known up front, so the body goes straight after it.
    // 2 KiB holds most DM messages without growing (the corpus averages under 600 bytes).
    const out = createSink(2048);
    writeByte(out, version);
    writeMb(out, language.publicId ?? 0);
    writeByte(out, wbxmlCharsets.utf8);
    writeByte(out, 0); // empty string table
    writeElement(newState(out, language.lookup, undefined), root);
    return out.buf.subarray(0, out.pos);
  }

  // [WBXML §5.5] the public id then points into the string table; the FPI goes first (offset 0).
  const table = createStringTable();
  if (idForm === "string") tableOffset(table, language.fpi);
  if (withTable) addRepeatedStrings(table, root, language.lookup);
  const body = createSink(2048);
  writeElement(newState(body, language.lookup, table), root);
  // LITERAL names were added to the table while the body was written, so the header comes last.
  const out = createSink(table.bytes.pos + body.pos + 16);
  writeByte(out, version);
  if (idForm === "string") {
    writeByte(out, 0);
    writeMb(out, 0);
  } else {
    writeMb(out, language.publicId ?? 0);
  }
  writeByte(out, wbxmlCharsets.utf8);
  writeMb(out, table.bytes.pos);
  writeBytes(out, table.bytes.buf.subarray(0, table.bytes.pos));
  writeBytes(out, body.buf.subarray(0, body.pos));
  return out.buf.subarray(0, out.pos);
}

interface EncodeState {
  readonly out: ByteSink;
  readonly lookup: WbxmlLookup;
  /** Present when a string table is written: STR_T and LITERAL may be used. */
  readonly table: StringTable | undefined;
  tagPage: number;
  attrPage: number;
}

function newState(out: ByteSink, lookup: WbxmlLookup, table: StringTable | undefined): EncodeState {
  return { out, lookup, table, tagPage: 0, attrPage: 0 };
}

function writeElement(s: EncodeState, el: Element): void {
  const code = tagCode(s, el);
  const page = code >> 8;
  if (page !== s.tagPage) {
    // [WBXML §5.8.4.7] SWITCH_PAGE in tag context changes the tag code page.
    const out = s.out;
    ensure(out, 2);
    out.buf[out.pos++] = G.SWITCH_PAGE;
    out.buf[out.pos++] = page;
    s.tagPage = page;
  }
  const attrs = el.attributes;
  const hasAttrs = attrs !== undefined && attrs.length !== 0;
  const children = el.children;
  const bits = (hasAttrs ? 0x80 : 0) | (children.length !== 0 ? 0x40 : 0);
  const token = code & 0xff;
  if (token !== 0) {
    writeByte(s.out, token | bits);
  } else {
    // [WBXML §5.8.4.5] a tag with no token is a LITERAL naming it through the string table.
    writeByte(s.out, G.LITERAL | bits);
    writeMb(s.out, literalOffset(s, el.name, "element"));
  }
  if (hasAttrs) {
    writeAttributes(s, attrs);
    writeByte(s.out, G.END);
  }
  if (children.length === 0) return;
  for (const c of children) {
    if (typeof c === "string") {
      writeText(s, c);
    } else if (c instanceof Uint8Array) {
      // [WBXML §5.8.4.6] OPAQUE: mb_u_int32 length, then the bytes.
      writeByte(s.out, G.OPAQUE);
      writeMb(s.out, c.length);
      writeBytes(s.out, c);
    } else {
      writeElement(s, c);
    }
  }
  writeByte(s.out, G.END);
}

/**
 * The code page and token of an element, as `page << 8 | token`; token 0 means "no token,
 * write a LITERAL on that page". An element without namespace is looked up on the current page
 * first, then on the others (XML decoded without xmlns still encodes).
 */
function tagCode(s: EncodeState, el: Element): number {
  const { tagTokens, tagAnyPage, pagesByNs, pagesByFoldedNs } = s.lookup;
  const cur = s.tagPage;
  if (el.ns === "") {
    const t = tagTokens[cur]?.get(el.name);
    if (t !== undefined) return (cur << 8) | t;
    return tagAnyPage.get(el.name) ?? cur << 8;
  }
  // Namespace names compare exactly; another case is accepted as a second try, since senders
  // write e.g. "syncml:syncml1.2" for SYNCML:SYNCML1.2.
  const pages = pagesByNs.get(el.ns) ?? pagesByFoldedNs.get(el.ns.toLowerCase());
  if (pages === undefined) {
    throw new OmaDmError(
      "WBXML_UNKNOWN_TAG",
      `namespace ${JSON.stringify(el.ns)} of element ${JSON.stringify(el.name)} has no code page`,
    );
  }
  if (pages.length === 1) {
    const p = pages[0]!;
    return (p << 8) | (tagTokens[p]?.get(el.name) ?? 0);
  }
  if (pages.includes(cur)) {
    const t = tagTokens[cur]?.get(el.name);
    if (t !== undefined) return (cur << 8) | t;
  }
  for (const p of pages) {
    const t = tagTokens[p]?.get(el.name);
    if (t !== undefined) return (p << 8) | t;
  }
  return (pages.includes(cur) ? cur : pages[0]!) << 8;
}

function literalOffset(s: EncodeState, name: string, what: string): number {
  if (name.length === 0) throw new OmaDmError("INVALID_ARGUMENT", `an ${what} name is empty`);
  if (s.table === undefined) {
    throw new OmaDmError(
      "WBXML_UNKNOWN_TAG",
      `${what} ${JSON.stringify(name)} has no token; encode with stringTable: true to write it as a LITERAL`,
    );
  }
  return tableOffset(s.table, name);
}

/**
 * [WBXML §5.8.3] each attribute: the start token with the longest value prefix, then the rest of
 * the value as a value token when one matches it whole, else as a string.
 */
function writeAttributes(s: EncodeState, attrs: readonly Attribute[]): void {
  for (const a of attrs) {
    const start = attributeStartFor(s.lookup, a.name, a.value, s.attrPage);
    let rest = a.value;
    if (start === undefined) {
      writeByte(s.out, G.LITERAL);
      writeMb(s.out, literalOffset(s, a.name, "attribute"));
    } else {
      switchAttrPage(s, start.page);
      writeByte(s.out, start.token);
      rest = a.value.slice(start.prefix.length);
    }
    if (rest.length === 0) continue;
    const values = s.lookup.attributeValuesByText.get(rest);
    if (values === undefined) {
      writeText(s, rest);
      continue;
    }
    const v = values.find((x) => x.page === s.attrPage) ?? values[0]!;
    switchAttrPage(s, v.page);
    writeByte(s.out, v.token);
  }
}

function switchAttrPage(s: EncodeState, page: number): void {
  if (page === s.attrPage) return;
  // In an attribute list SWITCH_PAGE changes the attribute code page, which outlives the list.
  writeByte(s.out, G.SWITCH_PAGE);
  writeByte(s.out, page);
  s.attrPage = page;
}

function writeText(s: EncodeState, text: string): void {
  if (text.length === 0) return;
  if (s.table !== undefined) {
    const off = s.table.offsets.get(text);
    if (off !== undefined) {
      writeByte(s.out, G.STR_T);
      writeMb(s.out, off);
      return;
    }
  }
  writeByte(s.out, G.STR_I);
  writeCString(s.out, text, true);
}
