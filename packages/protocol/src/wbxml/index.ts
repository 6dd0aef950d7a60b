// WBXML <-> element tree; code pages are data tables. Re-exported from ../index.ts.
export { decodeWbxml, decodeWbxmlDocument } from "./decode-wbxml.js";
export type { WbxmlDecodeOptions, WbxmlDocument } from "./decode-wbxml.js";
export { encodeWbxml } from "./encode-wbxml.js";
export type { WbxmlEncodeOptions } from "./encode-wbxml.js";
export {
  devinf11Language,
  devinf12Language,
  dmddf12Language,
  languageForPublicId,
  languageForRoot,
  metinf11Language,
  metinf12Language,
  provLanguage,
  syncml11Language,
  syncml12Language,
  wbxmlLanguages,
} from "./languages.js";
export { defineWbxmlLanguage } from "./wbxml-language.js";
export type {
  WbxmlAttributeStart,
  WbxmlCodePage,
  WbxmlLanguage,
  WbxmlLanguageSpec,
  WbxmlLookup,
  WbxmlPageToken,
} from "./wbxml-language.js";
export { globalTokens, wbxmlCharsets } from "./wbxml-tokens.js";
