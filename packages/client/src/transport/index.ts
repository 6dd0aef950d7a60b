export { transportFailureKinds } from "./transport-api.js";
export type {
  HttpTransportOptions,
  Transport,
  TransportFailure,
  TransportFailureKind,
  TransportRequest,
  TransportResponse,
  TransportResult,
} from "./transport-api.js";
export { httpTransport } from "./http-transport.js";
