import { encodeWbxml, dmddf12Language } from "../wbxml/index.js";
import { encodeXml } from "../xml/index.js";
import type { MgmtTree } from "./mgmt-tree.js";
import { tndsToElement } from "./tnds-to-element.js";

export interface EncodeTndsOptions {
  readonly encoding: "xml" | "wbxml";
  /** XML: write the `<?xml ...?>` declaration (default true). */
  readonly declaration?: boolean;
  /** XML: indentation per level; none by default. */
  readonly indent?: string;
  /** WBXML minor version: 1 -> 1.1, 2 -> 1.2, 3 -> 1.3 (default: the WBXML codec's). */
  readonly wbxmlVersion?: 1 | 2 | 3;
  /** WBXML: use a string table for repeated strings (default: the WBXML codec's). */
  readonly stringTable?: boolean;
  /**
   * WBXML public identifier. Default "string": the FPI `-//OMA//DTD-DM-DDF 1.2//EN` in the string
   * table, since DM DDF 1.2 has no registered numeric id (libwbxml writes it the same way).
   */
  readonly publicId?: "numeric" | "string";
}

/** Encodes a DDF or TNDS document as XML or as WBXML (code page 2, syncml:dmddf1.2). [TR-TNDS §9] */
export function encodeTnds(tree: MgmtTree, options: EncodeTndsOptions): Uint8Array {
  const root = tndsToElement(tree);
  if (options.encoding === "xml") {
    return encodeXml(root, {
      declaration: options.declaration ?? true,
      ...(options.indent !== undefined && { indent: options.indent }),
    });
  }
  return encodeWbxml(root, {
    language: dmddf12Language,
    publicId: options.publicId ?? "string",
    ...(options.wbxmlVersion !== undefined && { version: options.wbxmlVersion }),
    ...(options.stringTable !== undefined && { stringTable: options.stringTable }),
  });
}
