import { OmaDmError } from "../errors.js";
import type { DecodeLimits } from "../limits.js";
import { decodeWbxml, encodeWbxml, provLanguage } from "../wbxml/index.js";
import { decodeXml, encodeXml } from "../xml/index.js";
import type { CpDocument } from "./cp-document.js";
import { cpFromElement, cpRootName, cpToElement } from "./cp-element.js";

/** Media types of a CP document. [WSP-TABLES] 0x35 / 0x36 */
export const cpMediaTypes = {
  xml: "text/vnd.wap.connectivity-xml",
  wbxml: "application/vnd.wap.connectivity-wbxml",
} as const;

/** The PROV 1.0 document type. */
export const cpDoctype = {
  name: cpRootName,
  publicId: "-//WAPFORUM//DTD PROV 1.0//EN",
  systemId: "http://www.wapforum.org/DTD/prov.dtd",
} as const;

/**
 * Decodes a CP document from WBXML (first byte 0x00..0x03: a WBXML version) or XML, with the
 * PROV language. Throws DecodeError (the codec's codes, or "CP_INVALID").
 */
export function decodeCp(
  bytes: Uint8Array,
  options?: { readonly limits?: Partial<DecodeLimits> },
): CpDocument {
  const limits = options?.limits;
  const first = bytes[0];
  const root =
    first !== undefined && first <= 0x03
      ? decodeWbxml(bytes, { language: provLanguage, ...(limits === undefined ? {} : { limits }) })
      : decodeXml(bytes, limits === undefined ? undefined : { limits });
  return cpFromElement(root);
}

/**
 * Encodes a CP document. WBXML (the default; what a push carries) uses WBXML 1.3 and the numeric
 * public id 0x0B, as CP pushes are written; XML gets the declaration and the PROV 1.0 DOCTYPE.
 */
export function encodeCp(
  doc: CpDocument,
  options?: { readonly encoding?: "xml" | "wbxml"; readonly wbxmlVersion?: 1 | 2 | 3 },
): Uint8Array {
  const root = cpToElement(doc);
  const encoding = options?.encoding ?? "wbxml";
  switch (encoding) {
    case "xml":
      return encodeXml(root, { declaration: true, doctype: cpDoctype });
    case "wbxml":
      return encodeWbxml(root, {
        language: provLanguage,
        version: options?.wbxmlVersion ?? 3,
        publicId: "numeric",
      });
    default:
      throw new OmaDmError("INVALID_ARGUMENT", `unknown CP encoding ${String(encoding)}`);
  }
}
