import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { DmEngine, DmRequest } from "../session/session-api.js";
import { createDmEndpoint } from "./dm-endpoint.js";
import { createHttpListener, type HttpListener } from "./http-listener.js";

const quiet = { error() {}, warn() {}, info() {} };
let listener: HttpListener | undefined;
afterEach(async () => {
  await listener?.shutdown(100);
  listener = undefined;
});

/** A DM endpoint on a free port over an engine that echoes what it got. */
async function start(maxBodyBytes = 1024): Promise<{ url: string; requests: DmRequest[]; port: number }> {
  const requests: DmRequest[] = [];
  const engine: DmEngine = {
    handle(request) {
      requests.push(request);
      return Promise.resolve({
        httpStatus: 200,
        body: request.body,
        contentType: request.contentType,
        headers: { "x-syncml-hmac": 'algorithm=MD5, username="srv", mac=abc' },
      });
    },
  };
  const dm = createDmEndpoint({ engine, maxBodyBytes });
  listener = createHttpListener({ handle: dm, log: quiet });
  const address = await listener.listen(0, "127.0.0.1");
  return { url: `http://127.0.0.1:${address.port}/dm`, requests, port: address.port };
}

/** Writes raw bytes on a socket and resolves with everything the server sent before closing. */
function raw(port: number, text: string, keepWriting = false): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    socket.setEncoding("latin1");
    socket.on("data", (c: string) => (reply += c));
    socket.on("error", () => resolve(reply));
    socket.on("close", () => resolve(reply));
    socket.write(text);
    if (keepWriting) {
      // A sender that would go on for ever: the server must answer without waiting for the body.
      const timer = setInterval(() => {
        if (!socket.destroyed) socket.write(Buffer.alloc(512, 0x41));
      }, 5);
      socket.on("close", () => clearInterval(timer));
    }
  });
}

describe("the DM endpoint", () => {
  it.each([
    "application/vnd.syncml.dm+xml",
    "application/vnd.syncml.dm+wbxml",
    "application/vnd.syncml+xml",
    "application/vnd.syncml+wbxml",
    "Application/Vnd.SyncML.DM+XML; charset=UTF-8",
  ])("passes a %s body, its headers and the RespURI token to the engine", async (type) => {
    const s = await start();
    const res = await fetch(`${s.url}?s=tok123`, {
      method: "POST",
      headers: { "content-type": type, "x-syncml-hmac": "algorithm=MD5, mac=x" },
      body: "<SyncML/>",
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("<SyncML/>");
    expect(res.headers.get("x-syncml-hmac")).toContain("mac=abc");
    expect(res.headers.get("cache-control")).toBe("private");
    const got = s.requests[0]!;
    expect(got.token).toBe("tok123");
    expect(got.contentType).toBe(type);
    expect(got.headers["x-syncml-hmac"]).toBe("algorithm=MD5, mac=x");
    expect(Buffer.from(got.body).toString()).toBe("<SyncML/>");
  });

  it("starts a new session when the URL has no token", async () => {
    const s = await start();
    await fetch(s.url, {
      method: "POST",
      headers: { "content-type": "application/vnd.syncml.dm+xml" },
      body: "x",
    });
    expect(s.requests[0]!.token).toBeUndefined();
  });

  it.each(["text/xml", "application/json", undefined])("refuses Content-Type %s with 415", async (type) => {
    const s = await start();
    const res = await fetch(s.url, {
      method: "POST",
      ...(type === undefined ? {} : { headers: { "content-type": type } }),
      body: type === undefined ? undefined : "x",
    });
    expect(res.status).toBe(415);
    expect(s.requests).toEqual([]);
  });

  it("refuses other methods with 405", async () => {
    const s = await start();
    const res = await fetch(s.url);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });

  it("refuses a declared oversized body with 413 before reading it", async () => {
    const s = await start(1024);
    const reply = await raw(
      s.port,
      "POST /dm HTTP/1.1\r\nhost: x\r\ncontent-type: application/vnd.syncml.dm+xml\r\ncontent-length: 100000000\r\n\r\n",
      true,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply.toLowerCase()).toContain("connection: close");
    expect(s.requests).toEqual([]);
  });

  it("refuses a chunked body with 413 as soon as it passes the limit", async () => {
    const s = await start(1024);
    const chunk = "200\r\n" + "A".repeat(0x200) + "\r\n";
    const reply = await raw(
      s.port,
      "POST /dm HTTP/1.1\r\nhost: x\r\ncontent-type: application/vnd.syncml.dm+xml\r\ntransfer-encoding: chunked\r\n\r\n" +
        chunk.repeat(3),
    );
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(s.requests).toEqual([]);
  });

  it("accepts a body of exactly the limit", async () => {
    const s = await start(1024);
    const res = await fetch(s.url, {
      method: "POST",
      headers: { "content-type": "application/vnd.syncml.dm+wbxml" },
      body: new Uint8Array(1024),
    });
    expect(res.status).toBe(200);
    expect(s.requests[0]!.body.byteLength).toBe(1024);
  });

  it("keeps the connection for the next message (keep-alive)", async () => {
    const s = await start();
    const msg =
      "POST /dm HTTP/1.1\r\nhost: x\r\ncontent-type: application/vnd.syncml.dm+xml\r\ncontent-length: 1\r\n\r\nA";
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(s.port, "127.0.0.1");
      let text = "";
      socket.setEncoding("latin1");
      socket.on("data", (c: string) => {
        text += c;
        if (text.split("HTTP/1.1 200").length === 3) {
          socket.end();
          resolve(text);
        }
      });
      socket.write(msg + msg);
    });
    expect(reply.split("HTTP/1.1 200").length).toBe(3);
    expect(s.requests.length).toBe(2);
  });
});
