import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { createHttpListener } from "./http-listener.js";

const quiet = { error() {}, warn() {}, info() {} };

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("createHttpListener", () => {
  it("lets a request in flight finish, then refuses new connections", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let started: () => void = () => {};
    const arrived = new Promise<void>((r) => (started = r));
    const listener = createHttpListener({
      log: quiet,
      handle: async (_req, res) => {
        started();
        await gate;
        res.end("finished");
      },
    });
    const { port } = await listener.listen(0, "127.0.0.1");
    const inFlight = get(port, "/slow");
    await arrived;
    expect(listener.inFlight()).toBe(1);
    const shutdown = listener.shutdown(5000);
    await new Promise((r) => setTimeout(r, 20));
    await expect(get(port, "/late")).rejects.toThrow();
    release();
    expect(await inFlight).toEqual({ status: 200, body: "finished" });
    expect(await shutdown).toBe(0);
  });

  it("cuts requests still running when the grace is over", async () => {
    const listener = createHttpListener({ log: quiet, handle: () => new Promise<void>(() => {}) });
    const { port } = await listener.listen(0, "127.0.0.1");
    const hanging = get(port, "/never").catch((e: unknown) => e);
    while (listener.inFlight() === 0) await new Promise((r) => setTimeout(r, 5));
    expect(await listener.shutdown(30)).toBe(1);
    expect(await hanging).toBeInstanceOf(Error);
  });

  it("ends streams at shutdown without waiting for them", async () => {
    let opened: () => void = () => {};
    const open = new Promise<void>((r) => (opened = r));
    const listener = createHttpListener({
      log: quiet,
      handle: (_req, res) => {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(": open\n\n");
        listener.stream(res, () => res.end());
        opened();
        return Promise.resolve();
      },
    });
    const { port } = await listener.listen(0, "127.0.0.1");
    const stream = get(port, "/stream");
    await open;
    expect(listener.inFlight()).toBe(0);
    expect(await listener.shutdown(10_000)).toBe(0);
    expect((await stream).body).toBe(": open\n\n");
  });

  it("answers 500 when a handler throws", async () => {
    const listener = createHttpListener({ log: quiet, handle: () => Promise.reject(new Error("bug")) });
    const { port } = await listener.listen(0, "127.0.0.1");
    expect((await get(port, "/")).status).toBe(500);
    await listener.shutdown(100);
  });
});
