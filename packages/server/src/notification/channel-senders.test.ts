import { createSocket } from "node:dgram";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { httpSender } from "./http-sender.js";
import { package0Content } from "./push-content.js";
import { parseHostPort, udpSender } from "./udp-sender.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const body = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x0a]);

async function httpDevice(status: number) {
  const received: { type?: string; bytes: Buffer }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        ...(req.headers["content-type"] ? { type: req.headers["content-type"] } : {}),
        bytes: Buffer.concat(chunks),
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`, received };
}

describe("HTTP channel", () => {
  it("POSTs the bare Package 0 with its media type", async () => {
    const device = await httpDevice(204);
    expect(await httpSender().send(device.url, package0Content(body))).toEqual({
      ok: true,
      detail: "HTTP 204",
    });
    expect(device.received).toEqual([
      { type: "application/vnd.syncml.notification", bytes: Buffer.from(body) },
    ]);
  });

  it.each([
    [404, true],
    [429, false],
    [503, false],
  ])("treats HTTP %i as a failure, permanent %s", async (status, permanent) => {
    const device = await httpDevice(status);
    expect(await httpSender().send(device.url, package0Content(body))).toMatchObject({
      ok: false,
      permanent,
    });
  });

  it("retries an unreachable device and refuses a malformed URL for good", async () => {
    const device = await httpDevice(200);
    const port = new URL(device.url).port;
    cleanups.splice(0).forEach((c) => c());
    await new Promise((r) => setTimeout(r, 20));
    expect(
      await httpSender({ timeoutMs: 2000 }).send(`http://127.0.0.1:${port}/`, package0Content(body)),
    ).toMatchObject({
      ok: false,
      permanent: false,
    });
    expect(await httpSender().send("not a url", package0Content(body))).toMatchObject({
      ok: false,
      permanent: true,
    });
    expect(await httpSender().send("ftp://x/", package0Content(body))).toMatchObject({
      ok: false,
      permanent: true,
    });
  });
});

describe("UDP channel", () => {
  it("sends the Package 0 as one datagram", async () => {
    const socket = createSocket("udp4");
    cleanups.push(() => socket.close());
    await new Promise<void>((r) => socket.bind(0, "127.0.0.1", r));
    const got = new Promise<Buffer>((r) => socket.once("message", r));
    const address = `127.0.0.1:${socket.address().port}`;
    expect(await udpSender().send(address, package0Content(body))).toMatchObject({ ok: true });
    expect(await got).toEqual(Buffer.from(body));
  });

  it.each([
    ["host:2948", { host: "host", port: 2948 }],
    ["[::1]:9", { host: "::1", port: 9 }],
    ["host", undefined],
    ["host:0", undefined],
    ["host:70000", undefined],
    ["a:b:1", undefined],
  ])("parses %j", (text, parsed) => {
    expect(parseHostPort(text)).toEqual(parsed);
  });

  it("refuses a malformed address for good", async () => {
    expect(await udpSender().send("nowhere", package0Content(body))).toMatchObject({
      ok: false,
      permanent: true,
    });
  });
});
