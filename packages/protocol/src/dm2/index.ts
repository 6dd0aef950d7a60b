// DM 2.0 (draft) command and status documents and URL parameters; re-exported from ../index.ts.
export { dm2DeviceIdHeader, dm2MediaTypes, dm2StatusCodes } from "./dm2-constants.js";
export type * from "./dm2-commands.js";
export { dm2CommandKeywords } from "./dm2-commands.js";
export type * from "./dm2-status.js";
export { decodeDm2Commands } from "./decode-dm2-commands.js";
export type { DecodeDm2Options } from "./decode-dm2-commands.js";
export { encodeDm2Commands } from "./encode-dm2-commands.js";
export { decodeDm2Status } from "./decode-dm2-status.js";
export { encodeDm2Status } from "./encode-dm2-status.js";
export { parseClientUri, showContinuation } from "./client-uri.js";
export type { ClientUriParts, ShowContinuation } from "./client-uri.js";
export { expandUrlParameters, urlParameters, urlParameterUnknownValue } from "./expand-url-parameters.js";
export type { UrlParameterValues } from "./expand-url-parameters.js";
