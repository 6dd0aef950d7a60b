// TNDS / DDF documents (XML and WBXML) and the DM 2.0 JSON TNDS20; re-exported from ../index.ts.
export type * from "./mgmt-tree.js";
export {
  accessTypes,
  caseSenses,
  dmddfNamespace,
  dmddfPublicId,
  nodeFormats,
  occurrenceKinds,
  occurrenceNBounds,
  scopes,
  tndsMediaTypes,
} from "./tnds-vocabulary.js";
export type { AccessType, CaseSense, NodeFormat, OccurrenceKind, Scope } from "./tnds-vocabulary.js";
export { tndsFromElement } from "./tnds-from-element.js";
export { tndsToElement } from "./tnds-to-element.js";
export { decodeTnds } from "./decode-tnds.js";
export type { DecodeTndsOptions } from "./decode-tnds.js";
export { encodeTnds } from "./encode-tnds.js";
export type { EncodeTndsOptions } from "./encode-tnds.js";
export type * from "./ordered-json.js";
export { stripJsonOffsets } from "./ordered-json.js";
export { decodeJson } from "./decode-json.js";
export type { DecodeJsonOptions } from "./decode-json.js";
export { encodeJson } from "./encode-json.js";
export type { EncodeJsonOptions } from "./encode-json.js";
export type * from "./tnds20-document.js";
export { tnds20Keys } from "./tnds20-document.js";
export { decodeTnds20 } from "./decode-tnds20.js";
export type { DecodeTnds20Options } from "./decode-tnds20.js";
export { encodeTnds20 } from "./encode-tnds20.js";
export type { EncodeTnds20Options } from "./encode-tnds20.js";
