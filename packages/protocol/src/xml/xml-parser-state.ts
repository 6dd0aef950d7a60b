/**
 * The state of one decode: the stack of open elements (parallel arrays indexed by depth, so
 * that opening an element allocates only the element), the namespace bindings, the pending
 * text of the innermost element and scratch space for attributes. Internal to the XML codec.
 */
import type { Attribute, Child } from "../element.js";
import { newPrefixBindings } from "./xml-namespaces.js";
import type { PrefixBindings } from "./xml-namespaces.js";
import type { Source } from "./xml-source.js";

/** An element while it is being filled; it is an Element for everyone else. */
export interface OpenElement {
  readonly name: string;
  readonly ns: string;
  readonly attributes?: readonly Attribute[];
  readonly children: Child[];
  readonly offset: number;
}

export interface ParserState {
  readonly src: Source;
  readonly bindings: PrefixBindings;
  /** Number of open elements; the innermost is at depth - 1. */
  depth: number;
  readonly open: OpenElement[];
  /** The QName bytes of each open start tag, matched byte for byte by its end tag. */
  readonly nameStarts: number[];
  readonly nameEnds: number[];
  readonly defaultNs: string[];
  readonly bindingMarks: number[];
  readonly hasElementChild: boolean[];
  /** Set by readStartTag: the tag was `<x/>`, so no element was opened. */
  selfClosing: boolean;
  /**
   * The text seen since the last element boundary in the innermost element. A whitespace-only
   * run is first kept as a byte range (lazyStart..lazyEnd) because it is usually indentation
   * that will be dropped.
   */
  text: string;
  textActive: boolean;
  textNonWhitespace: boolean;
  lazyStart: number;
  lazyEnd: number;
  readonly attrStarts: number[];
  readonly attrEnds: number[];
  readonly attrColons: number[];
  readonly attrAscii: boolean[];
  readonly attrValues: string[];
}

export function newParserState(src: Source): ParserState {
  return {
    src,
    bindings: newPrefixBindings(),
    depth: 0,
    open: [],
    nameStarts: [],
    nameEnds: [],
    defaultNs: [],
    bindingMarks: [],
    hasElementChild: [],
    selfClosing: false,
    text: "",
    textActive: false,
    textNonWhitespace: false,
    lazyStart: -1,
    lazyEnd: -1,
    attrStarts: [],
    attrEnds: [],
    attrColons: [],
    attrAscii: [],
    attrValues: [],
  };
}
