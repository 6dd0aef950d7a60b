/**
 * The element tree both encodings produce and consume. XML and WBXML are two spellings of it:
 * the XML codec and the WBXML codec map bytes to and from this tree, and every typed document
 * (SyncML, TNDS, CP) is mapped to and from this tree once.
 *
 * - `ns` is the namespace URI ("" when the document declares none). WBXML code pages map to
 *   namespaces through the language tables; XML prefixes are resolved away.
 * - Children are elements, text (strings) or opaque bytes (WBXML OPAQUE). Whitespace-only text
 *   between child elements is not kept.
 * - `offset` is where the element starts in the source bytes, set by decoders so that a typed
 *   mapping can report a DecodeError at the right byte. Builders leave it out.
 */
export interface Element {
  readonly name: string;
  readonly ns: string;
  readonly attributes?: readonly Attribute[];
  readonly children: readonly Child[];
  readonly offset?: number;
}

export type Child = Element | string | Uint8Array;

export interface Attribute {
  readonly name: string;
  readonly value: string;
}

/** Builds an element; `children` may mix elements, strings and bytes. */
export function el(
  name: string,
  ns: string,
  children: readonly Child[] = [],
  attributes?: readonly Attribute[],
): Element {
  return attributes === undefined ? { name, ns, children } : { name, ns, children, attributes };
}

export function isElement(c: Child): c is Element {
  return typeof c === "object" && !(c instanceof Uint8Array);
}

/** The element children of `e`, in order. */
export function childElements(e: Element): Element[] {
  const out: Element[] = [];
  for (const c of e.children) if (isElement(c)) out.push(c);
  return out;
}

/** The first child element named `name` (any namespace), or undefined. */
export function firstChild(e: Element, name: string): Element | undefined {
  for (const c of e.children) if (isElement(c) && c.name === name) return c;
  return undefined;
}

/**
 * The text content of `e`: its string children joined. Opaque children are decoded as UTF-8
 * (WBXML often carries text as OPAQUE); element children are ignored.
 */
export function textOf(e: Element): string {
  const cs = e.children;
  if (cs.length === 1 && typeof cs[0] === "string") return cs[0];
  let s = "";
  for (const c of cs) {
    if (typeof c === "string") s += c;
    else if (c instanceof Uint8Array) s += utf8Decoder.decode(c);
  }
  return s;
}

/** A copy of `e` without decoder offsets, for comparing trees from different decoders. */
export function stripOffsets(e: Element): Element {
  const children = e.children.map((c) => (isElement(c) ? stripOffsets(c) : c));
  return e.attributes === undefined
    ? { name: e.name, ns: e.ns, children }
    : { name: e.name, ns: e.ns, children, attributes: e.attributes };
}

const utf8Decoder = new TextDecoder("utf-8");
