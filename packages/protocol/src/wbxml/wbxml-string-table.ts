// The string table an encoder writes [WBXML §5.7]: NUL-terminated strings referenced by offset.
import type { Element } from "../element.js";
import { createSink, mbLength, utf8Length, writeCString, type ByteSink } from "./byte-sink.js";
import { attributeStartFor, type WbxmlLookup } from "./wbxml-language.js";

/** Strings in the table and their byte offsets. */
export interface StringTable {
  readonly offsets: Map<string, number>;
  readonly bytes: ByteSink;
}

export function createStringTable(): StringTable {
  return { offsets: new Map(), bytes: createSink(64) };
}

/** The offset of `s` in the table, adding it at the end when it is not there yet. */
export function tableOffset(table: StringTable, s: string): number {
  let off = table.offsets.get(s);
  if (off === undefined) {
    off = table.bytes.pos;
    writeCString(table.bytes, s, false);
    table.offsets.set(s, off);
  }
  return off;
}

/**
 * Adds the text strings of `root` worth referencing: a string used n times with UTF-8 length L
 * costs n*(L+2) inline (STR_I, text, NUL) and L+1 + n*(1+k) in the table (STR_T with a k-byte
 * offset), so it goes in the table when that is smaller. Attribute values count too (after the
 * part their attribute-start token already carries, when no value token covers the rest).
 */
export function addRepeatedStrings(table: StringTable, root: Element, lookup: WbxmlLookup): void {
  const counts = new Map<string, number>();
  countStrings(root, lookup, counts);
  for (const [s, n] of counts) {
    if (n < 2 || s.includes("\0")) continue;
    const len = utf8Length(s);
    const k = mbLength(table.bytes.pos);
    if (n * (len + 2) > len + 1 + n * (1 + k)) tableOffset(table, s);
  }
}

function countStrings(el: Element, lookup: WbxmlLookup, counts: Map<string, number>): void {
  if (el.attributes !== undefined) {
    for (const a of el.attributes) {
      // The prefix length is the same whichever page's token is picked, so page 0 will do here.
      const start = attributeStartFor(lookup, a.name, a.value, 0);
      const rest = start === undefined ? a.value : a.value.slice(start.prefix.length);
      if (rest.length !== 0 && !lookup.attributeValuesByText.has(rest)) {
        counts.set(rest, (counts.get(rest) ?? 0) + 1);
      }
    }
  }
  for (const c of el.children) {
    if (typeof c === "string") {
      if (c.length !== 0) counts.set(c, (counts.get(c) ?? 0) + 1);
    } else if (!(c instanceof Uint8Array)) {
      countStrings(c, lookup, counts);
    }
  }
}
