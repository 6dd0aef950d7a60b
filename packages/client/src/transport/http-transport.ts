import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type {
  HttpTransportOptions,
  Transport,
  TransportFailure,
  TransportFailureKind,
  TransportRequest,
  TransportResult,
} from "./transport-api.js";

const defaultTimeoutMs = 30_000;
const defaultMaxResponseBytes = 1 << 20;

/**
 * A Transport that POSTs each DM message over HTTP or HTTPS and returns the reply. One message,
 * one request, one connection (`Connection: close`, as Android's DM client does, fact sheet
 * §10.1), so a session never depends on a pooled socket a server may have dropped. The body is
 * sent with Content-Length, never chunked. Every outcome is a value: the promise never rejects.
 */
export function httpTransport(options: HttpTransportOptions = {}): Transport {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const maxResponseBytes = options.maxResponseBytes ?? defaultMaxResponseBytes;
  const userAgent = options.userAgent ?? "omadm";
  const httpAgent = new HttpAgent({ keepAlive: false });
  const ca = caList(options.ca);
  const httpsAgent = new HttpsAgent({
    keepAlive: false,
    ...(ca === undefined ? {} : { ca }),
    rejectUnauthorized: options.rejectUnauthorized ?? true,
  });
  return {
    send: (request, sendOptions) =>
      post(request, {
        timeoutMs,
        maxResponseBytes,
        userAgent,
        httpAgent,
        httpsAgent,
        signal: sendOptions?.signal,
      }),
  };
}

function caList(ca: HttpTransportOptions["ca"]): (string | Buffer)[] | undefined {
  if (ca === undefined) return undefined;
  if (typeof ca === "string" || Buffer.isBuffer(ca)) return [ca];
  return [...ca];
}

interface PostContext {
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly userAgent: string;
  readonly httpAgent: HttpAgent;
  readonly httpsAgent: HttpsAgent;
  readonly signal: AbortSignal | undefined;
}

function post(request: TransportRequest, ctx: PostContext): Promise<TransportResult> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return Promise.resolve(failure("invalid-request", `not a URL: ${request.url}`));
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Promise.resolve(failure("invalid-request", `unsupported scheme ${url.protocol}`));
  }
  if (ctx.signal?.aborted === true) return Promise.resolve(failure("aborted", "aborted before sending"));
  const headers: Record<string, string | number> = {};
  // Caller headers first (x-syncml-hmac), so the framing headers below always win.
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  // [fact sheet §10.1] the DM media type both ways; Content-Length required on POST.
  headers["content-type"] = request.contentType;
  headers["accept"] = request.contentType;
  headers["content-length"] = request.body.length;
  headers["user-agent"] = ctx.userAgent;
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  const agent = url.protocol === "https:" ? ctx.httpsAgent : ctx.httpAgent;

  return new Promise<TransportResult>((resolve) => {
    let settled = false;
    const finish = (result: TransportResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ctx.signal?.removeEventListener("abort", onAbort);
      resolve(result);
    };
    const fail = (kind: TransportFailureKind, message: string, extra: Partial<TransportFailure> = {}) => {
      finish(failure(kind, message, extra));
      req.destroy();
    };
    const onAbort = () => fail("aborted", "aborted by the caller");
    const req = send(url, { method: "POST", headers, agent });
    const timer = setTimeout(
      () => fail("timeout", `no complete reply within ${ctx.timeoutMs} ms`),
      ctx.timeoutMs,
    );
    ctx.signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", (err: NodeJS.ErrnoException) => {
      const code = err.code;
      fail(isTlsError(code) ? "tls" : "network", err.message, code === undefined ? {} : { code });
    });
    req.on("response", (res) => readReply(res, ctx.maxResponseBytes, finish, fail));
    req.end(request.body);
  });
}

function readReply(
  res: IncomingMessage,
  maxBytes: number,
  finish: (r: TransportResult) => void,
  fail: (kind: TransportFailureKind, message: string, extra?: Partial<TransportFailure>) => void,
): void {
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 299) {
    fail("http-status", `HTTP ${status} ${res.statusMessage ?? ""}`.trim(), { status });
    return;
  }
  // Refuse before reading: a declared length over the cap never gets buffered.
  const declared = Number(res.headers["content-length"] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    fail("too-large", `reply of ${declared} bytes is over maxResponseBytes ${maxBytes}`);
    return;
  }
  const chunks: Buffer[] = [];
  let length = 0;
  res.on("data", (chunk: Buffer) => {
    length += chunk.length;
    if (length > maxBytes) {
      fail("too-large", `reply is over maxResponseBytes ${maxBytes}`);
      return;
    }
    chunks.push(chunk);
  });
  res.on("error", (err) => fail("network", err.message));
  res.on("close", () => {
    if (!res.complete) fail("network", "connection closed before the reply was complete");
  });
  res.on("end", () => {
    if (!res.complete) {
      fail("network", "connection closed before the reply was complete");
      return;
    }
    finish({
      kind: "response",
      status,
      body: new Uint8Array(Buffer.concat(chunks, length)),
      contentType: res.headers["content-type"] ?? "",
      headers: flattenHeaders(res.headers),
    });
  });
}

function flattenHeaders(headers: IncomingMessage["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function failure(
  kind: TransportFailureKind,
  message: string,
  extra: Partial<TransportFailure> = {},
): TransportFailure {
  return { ...extra, kind: "failure", failure: kind, message };
}

const tlsCodes = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "EPROTO",
]);

function isTlsError(code: string | undefined): boolean {
  if (code === undefined) return false;
  return tlsCodes.has(code) || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_");
}
