import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { sendText } from "./respond.js";

/** Handles one request; `url` is parsed against the Host header. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/** PEM key and certificate (chain) for HTTPS. */
export interface TlsFiles {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}

/** The logger shape the listener needs (pino's fits). */
export interface ListenerLog {
  error(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
  info(fields: object, msg: string): void;
}

/** Options of createHttpListener. */
export interface HttpListenerOptions {
  readonly handle: RequestHandler;
  readonly tls?: TlsFiles;
  readonly log: ListenerLog;
  /** Idle keep-alive timeout, ms. Default 5 s (Node's). */
  readonly keepAliveTimeoutMs?: number;
  /** Whole-request timeout, ms; a slow sender is cut off. Default 60 s. */
  readonly requestTimeoutMs?: number;
}

/** The node:http(s) server and its lifecycle. */
export interface HttpListener {
  readonly server: Server;
  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  listen(port: number, host?: string): Promise<AddressInfo>;
  /**
   * Marks `res` as a long-lived stream (server-sent events): shutdown does not wait for it but
   * calls `end` first.
   */
  stream(res: ServerResponse, end: () => void): void;
  /** Requests being answered now (streams excluded). */
  inFlight(): number;
  /**
   * Graceful shutdown: stop accepting connections, end streams, close idle keep-alive
   * connections, let requests in flight finish for up to `graceMs`, then cut what is left.
   * Resolves with how many requests were cut.
   */
  shutdown(graceMs: number): Promise<number>;
  readonly scheme: "http" | "https";
}

/**
 * One port for everything: the DM endpoint, the REST API, metrics and health. The listener only
 * dispatches, counts requests in flight for a bounded graceful shutdown, and turns an escaping
 * exception into a 500 (every route already answers its own errors).
 */
export function createHttpListener(options: HttpListenerOptions): HttpListener {
  const { log } = options;
  const active = new Set<ServerResponse>();
  const streams = new Map<ServerResponse, () => void>();
  const idleWaiters = new Set<() => void>();
  let draining = false;
  const settle = (res: ServerResponse) => {
    active.delete(res);
    streams.delete(res);
    if (active.size === 0) for (const w of [...idleWaiters]) w();
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    active.add(res);
    res.on("close", () => settle(res));
    // While draining, answer and close so clients reconnect elsewhere (sessions are in the Store).
    if (draining) res.shouldKeepAlive = false;
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://localhost");
    } catch {
      sendText(res, 400, "bad request target\n");
      return;
    }
    options.handle(req, res, url).catch((e: unknown) => {
      log.error({ err: e, method: req.method, path: url.pathname }, "request failed");
      if (!res.headersSent) sendText(res, 500, "internal error\n", { connection: "close" });
      else res.destroy();
    });
  };

  const server: Server =
    options.tls === undefined
      ? createHttpServer(onRequest)
      : createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest);
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5_000;
  server.requestTimeout = options.requestTimeoutMs ?? 60_000;
  server.headersTimeout = Math.min(server.requestTimeout, 30_000);
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (socket.writable && err.code !== "ECONNRESET") {
      socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    } else socket.destroy();
  });

  return {
    server,
    scheme: options.tls === undefined ? "http" : "https",
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        const onError = (e: Error) => reject(e);
        server.once("error", onError);
        server.listen(port, host, () => {
          server.off("error", onError);
          resolve(server.address() as AddressInfo);
        });
      }),
    stream(res, end) {
      if (!active.has(res)) return;
      settle(res);
      // Until it closes (settle() again) the stream is ended by shutdown, not waited for.
      streams.set(res, end);
    },
    inFlight: () => active.size,
    async shutdown(graceMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const end of [...streams.values()]) end();
      server.closeIdleConnections();
      if (active.size > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, graceMs);
          function done() {
            clearTimeout(timer);
            idleWaiters.delete(done);
            resolve();
          }
          idleWaiters.add(done);
        });
      }
      const cut = active.size;
      if (cut > 0) log.warn({ requests: cut, graceMs }, "shutdown grace over, closing connections");
      server.closeAllConnections();
      await closed;
      return cut;
    },
  };
}
