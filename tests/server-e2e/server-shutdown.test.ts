// Graceful shutdown: a request in flight is answered before the server stops, new connections
// are refused, and the session parked in the Store is continued by another server process.
import { afterEach, describe, expect, it } from "vitest";
import { createDmEngine } from "@omadm/server";
import {
  apiToken,
  credentials,
  openTestDevice,
  provision,
  recordingTransport,
  startServer,
  type TestDevice,
  type TestServer,
} from "./server-e2e-helpers.js";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close();
});

describe("graceful shutdown", () => {
  it("finishes the request in flight, and another process continues the session from the Store", async () => {
    let hold: Promise<void> | undefined;
    let release: () => void = () => {};
    let arrived: () => void = () => {};
    const held = new Promise<void>((r) => (arrived = r));
    hold = new Promise<void>((r) => (release = r));
    // Server A holds the first DM message in the engine until the test lets it go.
    const a: TestServer = await startServer({
      createEngine: (o) => {
        const engine = createDmEngine(o);
        return {
          async handle(request) {
            if (hold !== undefined) {
              const h = hold;
              hold = undefined;
              arrived();
              await h;
            }
            return engine.handle(request);
          },
        };
      },
    });
    open.push(a);
    const c = credentials("IMEI:700000000000001", "md5");
    expect((await provision(a, c)).status).toBe(201);
    for (let i = 0; i < 20; i++) {
      await a.api("POST", `/api/devices/${encodeURIComponent(c.devId)}/commands`, {
        kind: "Get",
        uri: "./DevInfo/Mod",
      });
    }

    const closing: { done?: Promise<void> } = {};
    let b: TestServer | undefined;
    const recording = recordingTransport(async (_request, result, index) => {
      if (index !== 0) return;
      expect(result.kind).toBe("response");
      // A has answered the message it was holding; once it is down, B takes over A's port.
      await closing.done;
      b = await startServer({}, { store: a.store, port: a.server.port });
      open.push(b);
    });
    const d: TestDevice = await openTestDevice(a, c, { transport: recording.wrap, maxMsgSize: 2048 });
    open.push(d);
    const session = d.session();

    await held;
    closing.done = a.server.close(5000);
    let closed = false;
    void closing.done.then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(false);
    // New connections are refused while A drains.
    await expect(fetch(`${a.server.url}/healthz`)).rejects.toThrow();
    release();

    const report = await session;
    expect(report.outcome, report.reason).toBe("completed");
    expect(closed).toBe(true);
    expect(recording.exchanges.length).toBeGreaterThan(2);
    const done = await b!.api("GET", `/api/devices/${encodeURIComponent(c.devId)}/commands?state=done`);
    expect(done.body.items).toHaveLength(20);
    expect((await b!.api("GET", "/healthz", undefined, null)).status).toBe(200);
  });

  it("ends event streams at shutdown", async () => {
    const t = await startServer();
    const res = await fetch(`${t.server.url}/api/stream`, {
      headers: { authorization: `Bearer ${apiToken}` },
    });
    expect(res.status).toBe(200);
    const text = res.text();
    await t.close();
    await expect(text).resolves.toContain("retry:");
  });
});
