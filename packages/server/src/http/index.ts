// The thin node:http(s) adapter; re-exported from ../index.ts.
export { createDmEndpoint } from "./dm-endpoint.js";
export type { DmEndpointObserver, DmEndpointOptions } from "./dm-endpoint.js";
export { dmMediaTypeOf, dmMediaTypes, isWbxmlMediaType } from "./dm-media-types.js";
export type { DmMediaType } from "./dm-media-types.js";
export { createHttpListener } from "./http-listener.js";
export type {
  HttpListener,
  HttpListenerOptions,
  ListenerLog,
  RequestHandler,
  TlsFiles,
} from "./http-listener.js";
export { readBody } from "./read-body.js";
export type { BodyRead } from "./read-body.js";
export { sendAndClose, sendJson, sendProblem, sendText } from "./respond.js";
export type { Problem } from "./respond.js";
