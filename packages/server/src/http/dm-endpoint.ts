import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { DmEngine } from "../session/session-api.js";
import { sessionTokenParam } from "../session/session-api.js";
import { dmMediaTypeOf } from "./dm-media-types.js";
import { readBody } from "./read-body.js";
import { sendAndClose, sendText } from "./respond.js";

/** What the DM endpoint reports per request (metrics). */
export interface DmEndpointObserver {
  /** Seconds from the request's arrival to the reply written (or refused). */
  readonly requestDone?: (seconds: number, httpStatus: number) => void;
}

/** Options of createDmEndpoint. */
export interface DmEndpointOptions {
  readonly engine: DmEngine;
  /** The largest body accepted; larger ones get 413 before being read whole (default 1 MiB). */
  readonly maxBodyBytes?: number;
  readonly observer?: DmEndpointObserver;
}

/**
 * POST /dm: the DM endpoint. Checks the method and media type before reading anything, refuses
 * an oversized body from its Content-Length (or as soon as it streams past the limit) without
 * reading the rest, takes the session token from the RespURI query, and copies the engine's reply.
 * Everything else is the engine's. [fact sheet §10.1]
 */
export function createDmEndpoint(
  options: DmEndpointOptions,
): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const maxBodyBytes = options.maxBodyBytes ?? 1 << 20;
  const observer = options.observer ?? {};
  return async (req, res, url) => {
    const started = performance.now();
    const done = (status: number) => observer.requestDone?.((performance.now() - started) / 1000, status);
    if (req.method !== "POST") {
      sendAndClose(res, 405, "the DM endpoint takes POST\n", { allow: "POST" });
      done(405);
      return;
    }
    const contentType = req.headers["content-type"];
    if (dmMediaTypeOf(contentType) === undefined) {
      sendAndClose(res, 415, "Content-Type must be application/vnd.syncml.dm+xml or +wbxml\n");
      done(415);
      return;
    }
    const read = await readBody(req, maxBodyBytes);
    switch (read.kind) {
      case "too-large":
        sendAndClose(res, 413, `the body is larger than ${maxBodyBytes} bytes\n`);
        done(413);
        return;
      case "aborted":
        if (!res.destroyed) sendAndClose(res, 400, `${read.reason}\n`);
        done(400);
        return;
      case "body":
        break;
    }
    const token = url.searchParams.get(sessionTokenParam) ?? undefined;
    const reply = await options.engine.handle({
      body: read.body,
      contentType: contentType ?? "",
      headers: flatHeaders(req),
      ...(token === undefined || token === "" ? {} : { token }),
    });
    const headers: Record<string, string | number> = { ...reply.headers };
    if (reply.contentType !== undefined) headers["content-type"] = reply.contentType;
    if (reply.httpStatus === 200) headers["cache-control"] = "private";
    const body = reply.body ?? new Uint8Array(0);
    if (reply.body === undefined && reply.httpStatus !== 200) {
      sendText(res, reply.httpStatus, `${reply.httpStatus}\n`, toStrings(headers));
    } else {
      headers["content-length"] = body.byteLength;
      res.writeHead(reply.httpStatus, headers);
      res.end(body);
    }
    done(reply.httpStatus);
  };
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function toStrings(h: Readonly<Record<string, string | number>>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, String(v)]));
}
