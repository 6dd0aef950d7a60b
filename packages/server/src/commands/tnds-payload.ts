/**
 * TNDS payloads of Add/Replace [TR-TNDS §9], [TR-REP §4.1.6.1]: the operator queues the XML text
 * of a MgmtTree; it travels as an embedded document (inline in XML, a nested WBXML document in
 * WBXML) with Meta Format xml and Type application/vnd.syncml.dmtnds+xml.
 */
import type { Element, MgmtTree } from "@omadm/protocol";
import { decodeXml, tndsFromElement, tndsMediaTypes } from "@omadm/protocol";

/** Meta of an Item carrying a TNDS object (the encoder re-spells +xml as +wbxml for WBXML). */
export const tndsItemMeta = { format: "xml", type: tndsMediaTypes.tndsXml } as const;

/** Largest TNDS text accepted in a command (it must fit one message: it is never chunked). */
export const maxTndsTextLength = 1024 * 1024;

/**
 * Parses the XML text of a TNDS object into the element that goes in Data, checking that it is a
 * MgmtTree the TNDS model accepts. Throws DecodeError (XML_*, TNDS_INVALID, DECODE_LIMIT).
 */
export function tndsPayloadElement(text: string): { readonly element: Element; readonly tree: MgmtTree } {
  const element = decodeXml(text, { limits: { maxBytes: maxTndsTextLength } });
  return { element, tree: tndsFromElement(element) };
}
