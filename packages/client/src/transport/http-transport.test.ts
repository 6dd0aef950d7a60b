import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeTestCertificates, type TestCertificates } from "../../../../tests/support/test-certificates.js";
import { httpTransport } from "./http-transport.js";
import type { TransportRequest, TransportResult } from "./transport-api.js";

const xmlType = "application/vnd.syncml.dm+xml";
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

interface Seen {
  method?: string;
  headers?: IncomingMessage["headers"];
  body?: Buffer;
}

/** An HTTP server on a free loopback port; `handler` answers after the request body is read. */
async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void,
  seen: Seen = {},
): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.method = req.method;
      seen.headers = req.headers;
      seen.body = Buffer.concat(chunks);
      handler(req, res, seen.body);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/dm`;
}

function message(url: string, body = "<SyncML/>", headers: Record<string, string> = {}): TransportRequest {
  return { url, body: new TextEncoder().encode(body), contentType: xmlType, headers };
}

function failureOf(r: TransportResult) {
  expect(r.kind).toBe("failure");
  if (r.kind !== "failure") throw new Error("expected a failure");
  return r;
}

describe("httpTransport over HTTP", () => {
  it("POSTs the message with the DM media type, Accept, Content-Length, User-Agent and no chunking", async () => {
    const seen: Seen = {};
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": xmlType });
      res.end("<SyncML>reply</SyncML>");
    }, seen);
    const r = await httpTransport().send(message(url, "<SyncML>hello</SyncML>"));
    expect(seen.method).toBe("POST");
    expect(seen.headers?.["content-type"]).toBe(xmlType);
    expect(seen.headers?.["accept"]).toBe(xmlType);
    expect(seen.headers?.["content-length"]).toBe(String("<SyncML>hello</SyncML>".length));
    expect(seen.headers?.["transfer-encoding"]).toBeUndefined();
    expect(seen.headers?.["user-agent"]).toBe("omadm");
    expect(seen.headers?.["x-syncml-hmac"]).toBeUndefined();
    expect(seen.body?.toString()).toBe("<SyncML>hello</SyncML>");
    expect(r).toMatchObject({ kind: "response", status: 200, contentType: xmlType });
    if (r.kind === "response") {
      expect(new TextDecoder().decode(r.body)).toBe("<SyncML>reply</SyncML>");
      expect(r.headers["content-type"]).toBe(xmlType);
    }
  });

  it("sends x-syncml-hmac when the message carries it, and the WBXML media type for WBXML", async () => {
    const seen: Seen = {};
    const url = await serve((_req, res) => res.end(), seen);
    const hmac = 'algorithm=MD5, username="dev", mac=abc=';
    await httpTransport().send({
      url,
      body: new Uint8Array([2, 0, 0, 0x6a, 0]),
      contentType: "application/vnd.syncml.dm+wbxml",
      headers: { "x-syncml-hmac": hmac },
    });
    expect(seen.headers?.["x-syncml-hmac"]).toBe(hmac);
    expect(seen.headers?.["content-type"]).toBe("application/vnd.syncml.dm+wbxml");
    expect(seen.headers?.["content-length"]).toBe("5");
  });

  it("does not let a caller header override the framing headers", async () => {
    const seen: Seen = {};
    const url = await serve((_req, res) => res.end(), seen);
    await httpTransport().send(
      message(url, "abc", { "Content-Length": "999", "content-type": "text/plain" }),
    );
    expect(seen.headers?.["content-length"]).toBe("3");
    expect(seen.headers?.["content-type"]).toBe(xmlType);
  });

  it("reports a non-2xx status as an http-status failure", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(500);
      res.end("oops");
    });
    const f = failureOf(await httpTransport().send(message(url)));
    expect(f.failure).toBe("http-status");
    expect(f.status).toBe(500);
  });

  it("refuses a reply whose Content-Length is over maxResponseBytes without reading it", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-length": 5000 });
      res.write(Buffer.alloc(100));
      // never finishes: the transport must not wait for the rest
    });
    const f = failureOf(
      await httpTransport({ maxResponseBytes: 1000, timeoutMs: 10_000 }).send(message(url)),
    );
    expect(f.failure).toBe("too-large");
  });

  it("stops reading a chunked reply once it passes maxResponseBytes", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": xmlType });
      const chunk = Buffer.alloc(512, 0x41);
      let sent = 0;
      const tick = setInterval(() => {
        if (res.destroyed || sent > 100) {
          clearInterval(tick);
          res.destroy();
          return;
        }
        sent++;
        res.write(chunk);
      }, 1);
    });
    const f = failureOf(await httpTransport({ maxResponseBytes: 2048 }).send(message(url)));
    expect(f.failure).toBe("too-large");
  });

  it("accepts a reply of exactly maxResponseBytes", async () => {
    const url = await serve((_req, res) => res.end(Buffer.alloc(1024, 0x42)));
    const r = await httpTransport({ maxResponseBytes: 1024 }).send(message(url));
    expect(r.kind).toBe("response");
  });

  it("reports a refused connection as a network failure", async () => {
    const url = await serve((_req, res) => res.end());
    const server = servers.pop()!;
    await new Promise<void>((r) => server.close(() => r()));
    const f = failureOf(await httpTransport().send(message(url)));
    expect(f.failure).toBe("network");
    expect(f.code).toBe("ECONNREFUSED");
  });

  it("reports a socket closed mid-reply as a network failure", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-length": 100 });
      res.write("partial");
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const f = failureOf(await httpTransport().send(message(url)));
    expect(f.failure).toBe("network");
  });

  it("reports a socket closed before any reply as a network failure", async () => {
    const url = await serve((req) => req.socket.destroy());
    const f = failureOf(await httpTransport().send(message(url)));
    expect(f.failure).toBe("network");
  });

  it("gives up on a server that never answers after timeoutMs", async () => {
    const url = await serve(() => undefined);
    const f = failureOf(await httpTransport({ timeoutMs: 200 }).send(message(url)));
    expect(f.failure).toBe("timeout");
  });

  it("stops when the caller aborts", async () => {
    const url = await serve(() => undefined);
    const controller = new AbortController();
    const pending = httpTransport().send(message(url), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(failureOf(await pending).failure).toBe("aborted");
  });

  it("refuses URLs that are not http or https", async () => {
    const t = httpTransport();
    expect(failureOf(await t.send(message("ftp://example.com/dm"))).failure).toBe("invalid-request");
    expect(failureOf(await t.send(message("not a url"))).failure).toBe("invalid-request");
  });
});

describe("httpTransport over HTTPS", () => {
  let pki: TestCertificates;
  let url: string;

  beforeAll(async () => {
    pki = makeTestCertificates();
    const server = createHttpsServer({ key: pki.serverKeyPem, cert: pki.serverCertPem }, (req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": xmlType });
        res.end("<SyncML>tls</SyncML>");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `https://localhost:${(server.address() as AddressInfo).port}/dm`;
    return () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      });
  });

  it("accepts the server when its CA is configured", async () => {
    const r = await httpTransport({ ca: pki.caPem }).send(message(url));
    expect(r.kind).toBe("response");
    if (r.kind === "response") expect(new TextDecoder().decode(r.body)).toBe("<SyncML>tls</SyncML>");
  });

  it("also accepts the CA as a Buffer and by IP address (the certificate names 127.0.0.1)", async () => {
    const byIp = url.replace("localhost", "127.0.0.1");
    const r = await httpTransport({ ca: Buffer.from(pki.caPem) }).send(message(byIp));
    expect(r.kind).toBe("response");
  });

  it("refuses the server without its CA (a TLS failure, not an exception)", async () => {
    const f = failureOf(await httpTransport().send(message(url)));
    expect(f.failure).toBe("tls");
    expect(f.code).toMatch(/CERT|SIGNED|VERIFY/);
  });

  it("accepts any server with rejectUnauthorized false", async () => {
    const r = await httpTransport({ rejectUnauthorized: false }).send(message(url));
    expect(r.kind).toBe("response");
  });
});
