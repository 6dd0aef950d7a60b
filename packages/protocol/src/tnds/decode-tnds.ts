import type { DecodeLimits } from "../limits.js";
import { resolveLimits } from "../limits.js";
import { DecodeError } from "../errors.js";
import { decodeWbxml } from "../wbxml/index.js";
import { decodeXml } from "../xml/index.js";
import type { MgmtTree } from "./mgmt-tree.js";
import { tndsFromElement } from "./tnds-from-element.js";

export interface DecodeTndsOptions {
  readonly limits?: Partial<DecodeLimits>;
}

/**
 * Decodes a DDF or TNDS document, XML or WBXML. [TR-TNDS §9] WBXML is recognised by its first byte
 * (a WBXML version, 0x00..0x03; no XML document starts with one); anything else goes to the XML
 * decoder. The WBXML language comes from the document's public identifier, so a private-WBXML file
 * (public id 0x01, as Motorola's tree files use) fails with "WBXML_UNKNOWN_PUBLIC_ID".
 */
export function decodeTnds(bytes: Uint8Array, options: DecodeTndsOptions = {}): MgmtTree {
  const limits = resolveLimits(options.limits);
  if (bytes.length > limits.maxBytes) {
    throw new DecodeError(
      "DECODE_LIMIT",
      `document of ${bytes.length} bytes exceeds ${limits.maxBytes}`,
      limits.maxBytes,
    );
  }
  const first = bytes[0];
  const root =
    first !== undefined && first <= 0x03 ? decodeWbxml(bytes, { limits }) : decodeXml(bytes, { limits });
  return tndsFromElement(root);
}
