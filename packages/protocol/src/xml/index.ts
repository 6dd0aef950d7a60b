// The XML codec: bytes <-> element tree (element.ts). Re-exported from ../index.ts.
export { decodeXml, decodeXmlDocument, decodeXmlFragment } from "./decode-xml.js";
export { encodeXml, encodeXmlString } from "./encode-xml.js";
export type { XmlDecodeOptions, XmlDoctype, XmlDocument, XmlEncodeOptions } from "./xml-options.js";
