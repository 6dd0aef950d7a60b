/**
 * Embedded WBXML documents: when a WBXML message carries an OPAQUE Data whose effective Meta
 * Type ends "+wbxml" (a TNDS object, typically), the bytes are a complete nested WBXML document
 * with its own header (fact sheet §3.7, [TR-BOOT §3.1.4]) and are decoded into an element tree.
 */
import type { Element } from "../element.js";
import { isElement } from "../element.js";
import { DecodeError } from "../errors.js";
import type { DecodeLimits } from "../limits.js";
import { decodeWbxmlDocument } from "../wbxml/index.js";
import type { MappingOptions } from "./mapping/fields.js";
import type { Data } from "./model.js";
import { isWbxmlType } from "./type-suffix.js";

/**
 * The opaque-Data hook decodeSyncML gives the mapping for a WBXML message `outer`. Bytes that are
 * not labelled "+wbxml", or that are a WBXML document of a language no table knows, stay bytes;
 * a labelled document that fails to decode is a DecodeError at its offset in `outer`. The nested
 * root counts from its Data element against `limits.maxDepth`.
 */
export function embeddedWbxmlDecoder(
  outer: Uint8Array,
  limits: DecodeLimits,
): NonNullable<MappingOptions["opaqueData"]> {
  return (bytes, type, data, depth): Data => {
    const first = bytes[0];
    if (type === undefined || !isWbxmlType(type) || first === undefined || first > 0x03) return bytes;
    const base = opaqueOffset(outer, bytes, data);
    const maxDepth = limits.maxDepth - depth;
    if (maxDepth < 1) {
      throw new DecodeError(
        "DECODE_LIMIT",
        `embedded document would be deeper than ${limits.maxDepth}`,
        base,
      );
    }
    let doc: ReturnType<typeof decodeWbxmlDocument>;
    try {
      doc = decodeWbxmlDocument(bytes, { limits: { maxBytes: limits.maxBytes, maxDepth } });
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      if (e.code === "WBXML_UNKNOWN_PUBLIC_ID") return bytes;
      const inner = e.message.replace(/ \(at byte \d+\)$/, "");
      throw new DecodeError(e.code, `embedded WBXML document in Data: ${inner}`, base + e.offset, {
        cause: e,
      });
    }
    if (doc.language === undefined) return bytes;
    return rebase(doc.root, base);
  };
}

/**
 * Where `bytes` (an OPAQUE payload of the Data element `data`) starts in `outer`. Exact when the
 * WBXML decoder returned a view of the input, or when the Data tag is followed by OPAQUE of the
 * same length; otherwise the Data element's own offset, which is still inside the message.
 */
function opaqueOffset(outer: Uint8Array, bytes: Uint8Array, data: Element): number {
  if (bytes.buffer === outer.buffer) {
    const at = bytes.byteOffset - outer.byteOffset;
    if (at >= 0 && at + bytes.length <= outer.length) return at;
  }
  const start = data.offset;
  if (start === undefined) return 0;
  let i = start;
  while (outer[i] === 0x00 && i + 1 < outer.length) i += 2; // SWITCH_PAGE before the tag
  i++; // the Data tag
  if (outer[i] !== 0xc3) return start; // OPAQUE
  i++;
  let length = 0;
  for (let n = 0; n < 5; n++) {
    const b = outer[i++];
    if (b === undefined) return start;
    length = length * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) break;
  }
  if (length !== bytes.length || i + length > outer.length) return start;
  for (let k = 0; k < Math.min(length, 16); k++) if (outer[i + k] !== bytes[k]) return start;
  return i;
}

/** A copy of a nested tree whose offsets count from the start of the outer message. */
function rebase(e: Element, base: number): Element {
  const children = e.children.map((c) => (isElement(c) ? rebase(c, base) : c));
  const out: { -readonly [K in keyof Element]: Element[K] } = { name: e.name, ns: e.ns, children };
  if (e.attributes !== undefined) out.attributes = e.attributes;
  if (e.offset !== undefined) out.offset = base + e.offset;
  return out;
}
