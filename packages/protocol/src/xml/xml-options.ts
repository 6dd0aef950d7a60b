import type { Element } from "../element.js";
import type { DecodeLimits } from "../limits.js";

/** Options of decodeXml, decodeXmlDocument and decodeXmlFragment. */
export interface XmlDecodeOptions {
  readonly limits?: Partial<DecodeLimits>;
  /**
   * Accept two defects real DM peers produce (default false): an `&` that does not start a
   * reference to a predefined entity or a character is kept as a literal `&`, and an element or
   * attribute prefix that no declaration binds resolves to namespace "" (the local name is
   * kept). A PUBLIC DOCTYPE without a system literal is accepted as well.
   */
  readonly lenient?: boolean;
}

/** The document type declaration: reported by the decoder, written by the encoder. */
export interface XmlDoctype {
  readonly name: string;
  readonly publicId?: string;
  readonly systemId?: string;
}

/** A decoded document: its root element and its DOCTYPE, if it had one. */
export interface XmlDocument {
  readonly root: Element;
  readonly doctype?: XmlDoctype;
}

/** Options of encodeXml and encodeXmlString. */
export interface XmlEncodeOptions {
  /** Write `<?xml version="1.0" encoding="UTF-8"?>` first (default true). */
  readonly declaration?: boolean;
  readonly doctype?: XmlDoctype;
  /**
   * Pretty-print with this indentation (spaces and tabs only). Line breaks go only between
   * elements of element-only content, never into text.
   */
  readonly indent?: string;
}
