/**
 * The public types of transport/: how the orchestrator (DmClient) hands one outgoing DM message
 * to the network and gets the server's reply back. The session engine never sees a socket; it
 * produces an OutgoingMessage (same shape as TransportRequest) and consumes a TransportResponse.
 * [TR-PRO §2.1.1] one client message <-> one server message (HTTP request/response pairing).
 */

/**
 * One DM message to POST: structurally the session engine's OutgoingMessage, so either can be
 * passed where the other is expected.
 */
export interface TransportRequest {
  /** The server URL: DMAcc AppAddr/Addr, or the last RespURI. */
  readonly url: string;
  readonly body: Uint8Array;
  /** `application/vnd.syncml.dm+xml` or `application/vnd.syncml.dm+wbxml`. */
  readonly contentType: string;
  /** Extra headers, e.g. `x-syncml-hmac` when HMAC authentication is active. [TR-SEC §5.1.4.3] */
  readonly headers: Readonly<Record<string, string>>;
}

/** A 2xx HTTP reply carrying the server's DM message. Header names are lower case. */
export interface TransportResponse {
  readonly kind: "response";
  readonly status: number;
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Why a message got no usable reply:
 * - `network`: connection refused/reset/closed, DNS, any socket error;
 * - `tls`: the server certificate was not trusted or the handshake failed;
 * - `timeout`: no complete reply within timeoutMs;
 * - `http-status`: the server answered with a non-2xx HTTP status (`status` set);
 * - `too-large`: the reply was over maxResponseBytes (refused before it was read whole);
 * - `aborted`: the caller's AbortSignal fired (shutdown);
 * - `invalid-request`: the URL cannot be used (not http: or https:).
 */
export const transportFailureKinds = [
  "network",
  "tls",
  "timeout",
  "http-status",
  "too-large",
  "aborted",
  "invalid-request",
] as const;

export type TransportFailureKind = (typeof transportFailureKinds)[number];

/** A message that got no usable reply: a value, not an exception, so every session can end cleanly. */
export interface TransportFailure {
  readonly kind: "failure";
  readonly failure: TransportFailureKind;
  readonly message: string;
  /** The HTTP status of an `http-status` failure. */
  readonly status?: number;
  /** The Node error code where there is one (ECONNREFUSED, ECONNRESET, DEPTH_ZERO_SELF_SIGNED_CERT, ...). */
  readonly code?: string;
}

export type TransportResult = TransportResponse | TransportFailure;

/** Sends one DM message and resolves with the reply or a typed failure; never rejects. */
export interface Transport {
  send(request: TransportRequest, options?: { readonly signal?: AbortSignal }): Promise<TransportResult>;
}

/** Options of httpTransport. */
export interface HttpTransportOptions {
  /** Trusted CA certificates (PEM) for HTTPS; default: Node's bundled roots. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Default true. false accepts any server certificate (for lab use only). */
  readonly rejectUnauthorized?: boolean;
  /** Whole exchange (connect, send, read the reply); default 30 s. */
  readonly timeoutMs?: number;
  /** Largest reply body accepted; default 1 MiB (the protocol's DecodeLimits.maxBytes). */
  readonly maxResponseBytes?: number;
  /** User-Agent header; default `omadm`. */
  readonly userAgent?: string;
}
