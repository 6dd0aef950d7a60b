/**
 * A WBXML language: its identifiers and its code pages, written as data. Every lookup the codec
 * needs (token -> name for decoding, name -> token for encoding) is derived from the tables once,
 * by `defineWbxmlLanguage`.
 */

/** One code page: tag tokens, and for attribute languages (WAP PROV) attribute tokens. */
export interface WbxmlCodePage {
  readonly page: number;
  /** Namespace of the elements on this page ("" for languages without namespaces). */
  readonly ns: string;
  /** Tag tokens 0x05..0x3F: [token, element name]. */
  readonly tags: readonly (readonly [number, string])[];
  /** Attribute-start tokens 0x05..0x7F: [token, attribute name, value prefix ("" for none)]. */
  readonly attributeStarts?: readonly (readonly [number, string, string])[];
  /** Attribute-value tokens 0x85..0xFF (not the global ones): [token, value text]. */
  readonly attributeValues?: readonly (readonly [number, string])[];
}

/** What a language is, before its lookups are derived. */
export interface WbxmlLanguageSpec {
  /** A human name, e.g. "SyncML 1.2". */
  readonly name: string;
  /** The registered numeric WBXML public identifier, when there is one. */
  readonly publicId?: number;
  /** The formal public identifier (the XML DOCTYPE public id). */
  readonly fpi: string;
  /** Root element name and namespace, used to pick a language for encoding. */
  readonly root: string;
  readonly rootNs: string;
  readonly pages: readonly WbxmlCodePage[];
}

/** An attribute-start token as the encoder looks it up by attribute name. */
export interface WbxmlAttributeStart {
  readonly page: number;
  readonly token: number;
  readonly name: string;
  readonly prefix: string;
}

/** A page and token pair, as the encoder looks it up. */
export interface WbxmlPageToken {
  readonly page: number;
  readonly token: number;
}

/** Lookups derived from the tables; built once per language. */
export interface WbxmlLookup {
  /** [page][token & 0x3F] -> element name. */
  readonly tagNames: readonly (readonly (string | undefined)[] | undefined)[];
  /** [page] -> namespace of that page. */
  readonly pageNs: readonly (string | undefined)[];
  /** [page][token] (0x05..0x7F) -> attribute start. */
  readonly attributeStartTokens: readonly (readonly (WbxmlAttributeStart | undefined)[] | undefined)[];
  /** [page][token - 0x80] -> attribute value text. */
  readonly attributeValueTokens: readonly (readonly (string | undefined)[] | undefined)[];
  /** [page] -> element name -> token. */
  readonly tagTokens: readonly (ReadonlyMap<string, number> | undefined)[];
  /** Element name -> (page << 8 | token) on the first page (in page order) that has it. */
  readonly tagAnyPage: ReadonlyMap<string, number>;
  /** Namespace -> the pages with that namespace, in page order. */
  readonly pagesByNs: ReadonlyMap<string, readonly number[]>;
  /** The same keyed by the lower-cased namespace, for documents that spell it in another case. */
  readonly pagesByFoldedNs: ReadonlyMap<string, readonly number[]>;
  /** Attribute name -> starts, longest prefix first (page order among equals). */
  readonly attributeStartsByName: ReadonlyMap<string, readonly WbxmlAttributeStart[]>;
  /** Attribute value text -> tokens, in page order. */
  readonly attributeValuesByText: ReadonlyMap<string, readonly WbxmlPageToken[]>;
}

/** A language with its derived lookups, ready for the codec. */
export interface WbxmlLanguage extends WbxmlLanguageSpec {
  readonly lookup: WbxmlLookup;
}

/**
 * Derives a language's lookups from its tables. Use it for the built-in languages and for any
 * other language passed to the codec through the `language` option.
 */
export function defineWbxmlLanguage(spec: WbxmlLanguageSpec): WbxmlLanguage {
  const tagNames: (string | undefined)[][] = [];
  const pageNs: (string | undefined)[] = [];
  const attributeStartTokens: (WbxmlAttributeStart | undefined)[][] = [];
  const attributeValueTokens: (string | undefined)[][] = [];
  const tagTokens: Map<string, number>[] = [];
  const tagAnyPage = new Map<string, number>();
  const pagesByNs = new Map<string, number[]>();
  const pagesByFoldedNs = new Map<string, number[]>();
  const attributeStartsByName = new Map<string, WbxmlAttributeStart[]>();
  const attributeValuesByText = new Map<string, WbxmlPageToken[]>();

  const pages = [...spec.pages].sort((a, b) => a.page - b.page);
  for (const p of pages) {
    if (!Number.isInteger(p.page) || p.page < 0 || p.page > 255) {
      throw new RangeError(`${spec.name}: code page ${p.page} is not a byte`);
    }
    pageNs[p.page] = p.ns;
    const samePages = pagesByNs.get(p.ns) ?? [];
    samePages.push(p.page);
    pagesByNs.set(p.ns, samePages);
    const folded = pagesByFoldedNs.get(p.ns.toLowerCase()) ?? [];
    folded.push(p.page);
    pagesByFoldedNs.set(p.ns.toLowerCase(), folded);

    const names: (string | undefined)[] = new Array<string | undefined>(64).fill(undefined);
    const tokens = new Map<string, number>();
    for (const [token, name] of p.tags) {
      // [WBXML §5.8.2] tag tokens use the low six bits; 0x00..0x04 are global tokens.
      if (token < 0x05 || token > 0x3f) throw new RangeError(`${spec.name}: tag token ${token}`);
      names[token] = name;
      if (!tokens.has(name)) tokens.set(name, token);
      if (!tagAnyPage.has(name)) tagAnyPage.set(name, (p.page << 8) | token);
    }
    tagNames[p.page] = names;
    tagTokens[p.page] = tokens;

    if (p.attributeStarts !== undefined) {
      const starts = new Array<WbxmlAttributeStart | undefined>(128).fill(undefined);
      for (const [token, name, prefix] of p.attributeStarts) {
        // [WBXML §5.8.3] attribute starts are below 128; 0x00..0x04 and 0x40..0x44 are global.
        if (token < 0x05 || token > 0x7f || (token >= 0x40 && token <= 0x44)) {
          throw new RangeError(`${spec.name}: attribute start token ${token}`);
        }
        const start: WbxmlAttributeStart = { page: p.page, token, name, prefix };
        starts[token] = start;
        const list = attributeStartsByName.get(name) ?? [];
        list.push(start);
        attributeStartsByName.set(name, list);
      }
      attributeStartTokens[p.page] = starts;
    }
    if (p.attributeValues !== undefined) {
      const values = new Array<string | undefined>(128).fill(undefined);
      for (const [token, text] of p.attributeValues) {
        // [WBXML §5.8.3] attribute values are 128 and above, except the global tokens.
        if (token < 0x85 || token > 0xff || (token >= 0xc0 && token <= 0xc4)) {
          throw new RangeError(`${spec.name}: attribute value token ${token}`);
        }
        values[token - 0x80] = text;
        const list = attributeValuesByText.get(text) ?? [];
        list.push({ page: p.page, token });
        attributeValuesByText.set(text, list);
      }
      attributeValueTokens[p.page] = values;
    }
  }
  // Longest prefix first, so the first match is the longest; stable sort keeps page order.
  for (const list of attributeStartsByName.values()) {
    list.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  return {
    ...spec,
    pages,
    lookup: {
      tagNames,
      pageNs,
      attributeStartTokens,
      attributeValueTokens,
      tagTokens,
      tagAnyPage,
      pagesByNs,
      pagesByFoldedNs,
      attributeStartsByName,
      attributeValuesByText,
    },
  };
}

/**
 * The attribute-start token for `name="value"` with the longest value prefix; among equally long
 * ones, the one on `page` (no SWITCH_PAGE needed), else the lowest page. Undefined when the
 * language has no start token for that attribute name.
 */
export function attributeStartFor(
  lookup: WbxmlLookup,
  name: string,
  value: string,
  page: number,
): WbxmlAttributeStart | undefined {
  const starts = lookup.attributeStartsByName.get(name);
  if (starts === undefined) return undefined;
  let best: WbxmlAttributeStart | undefined;
  for (const s of starts) {
    if (best !== undefined && s.prefix.length < best.prefix.length) break;
    if (!value.startsWith(s.prefix)) continue;
    if (best === undefined) best = s;
    if (s.page === page) return s;
  }
  return best;
}
