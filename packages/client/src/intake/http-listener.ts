import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { IntakeListener, NotificationOutcome } from "./intake-api.js";
import { deliverDatagram, maxPushBytes, type PushDisposition, type PushTarget } from "./push-dispatch.js";
import { silentLogger } from "./silent-logger.js";

/** [TR-NOT §6.2] the Package 0 media type. */
const notificationType = "application/vnd.syncml.notification";

/**
 * Listens for notifications over HTTP: POST a Package 0 (Content-Type
 * application/vnd.syncml.notification) or a WSP push PDU (any other type). Answers 202 when the
 * notification was accepted, ignored as a duplicate or declined by the user; 400 malformed;
 * 403 unknown server or bad digest; 405 not POST; 413 over 64 KiB. Bad requests are logged and
 * dropped; the listener keeps running. Resolves once listening.
 */
export function listenHttp(
  port: number,
  target: PushTarget,
  options: { readonly host?: string } = {},
): Promise<IntakeListener> {
  const log = target.log ?? silentLogger;
  const server = createServer((req, res) => {
    handle(req, res, target).catch((e: unknown) => {
      log.error({ error: String(e) }, "notification request failed");
      reply(res, 500);
    });
  });
  // A client that never finishes its request must not hold a socket forever.
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  server.on("clientError", (_e, socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, options.host ?? "0.0.0.0", () => {
      server.off("error", reject);
      server.on("error", (e) => log.error({ error: e.message }, "HTTP listener error"));
      const address = server.address();
      const bound = typeof address === "object" && address !== null ? address.port : port;
      log.info({ port: bound }, "listening for notifications on HTTP");
      resolve({
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, target: PushTarget): Promise<void> {
  const log = target.log ?? silentLogger;
  const source = `http:${req.socket.remoteAddress ?? "?"}:${req.socket.remotePort ?? 0}`;
  if (req.method !== "POST") {
    req.resume();
    reply(res, 405, { allow: "POST" });
    return;
  }
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxPushBytes) {
    log.warn({ source, bytes: declared }, "notification request too large");
    // Connection: close makes the server drop the socket once the answer is out; the body is never read.
    reply(res, 413, { connection: "close" });
    return;
  }
  const body = await readBody(req, maxPushBytes);
  if (body === undefined) {
    log.warn({ source }, "notification request too large or cut short");
    reply(res, 413, { connection: "close" });
    return;
  }
  const mediaType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const disposition: PushDisposition =
    mediaType === notificationType
      ? { kind: "notification", outcome: await target.notifications.receive(body, source) }
      : await deliverDatagram(body, source, target);
  reply(res, statusOf(disposition));
}

function statusOf(d: PushDisposition): number {
  switch (d.kind) {
    case "bootstrap":
      return 202;
    case "dropped":
      return 400;
    case "notification":
      return notificationStatus(d.outcome);
  }
}

function notificationStatus(outcome: NotificationOutcome): number {
  if (outcome.accepted) return 202;
  switch (outcome.refusal) {
    case "duplicate":
    case "declined":
      return 202;
    case "malformed":
    case "unsupported-version":
      return 400;
    case "unknown-server":
    case "no-server-credential":
    case "bad-digest":
      return 403;
  }
}

function readBody(req: IncomingMessage, max: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on("data", (chunk: Buffer) => {
      length += chunk.length;
      if (length > max) {
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks, length))));
    req.on("error", () => resolve(undefined));
    req.on("close", () => resolve(undefined));
  });
}

function reply(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-length": 0, ...headers });
  res.end();
}
