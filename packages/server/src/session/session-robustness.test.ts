import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { encodeSyncML } from "@omadm/protocol";
import { openSqliteStore } from "@omadm/store-sqlite";
import { fakeClock } from "@omadm/testing";
import { clientAuthOf } from "../auth/index.js";
import type { Store } from "../store/store-api.js";
import { createDmEngine } from "./dm-engine.js";
import {
  answerAll,
  headerStatus,
  packageOne,
  send,
  simDevice,
  testServerId,
  testServerUrl,
} from "./engine-test-kit.js";
import type { DmEngineOptions } from "./session-api.js";

const random = (n: number) => new Uint8Array(randomBytes(n));
const auth = { scheme: "basic", username: "u", password: "p" } as const;

async function setup(options: Partial<DmEngineOptions> = {}) {
  const clock = fakeClock();
  const store = await openSqliteStore({ path: ":memory:", clock: clock.now });
  for (const id of ["IMEI:1", "IMEI:2"]) {
    await store.devices.create({ id, clientAuth: clientAuthOf("basic", "u", "p") });
    await store.commands.enqueue(id, { kind: "Get", uri: "./A" });
    await store.commands.enqueue(id, { kind: "Get", uri: "./B" });
  }
  const engine = createDmEngine({
    store,
    clock: clock.now,
    random,
    serverId: testServerId,
    serverUrl: testServerUrl,
    maxMsgSize: 64 * 1024,
    ...options,
  });
  return { clock, store, engine };
}

/** Everything a message could change. */
async function snapshot(store: Store, now: number) {
  return JSON.stringify({
    devices: (await store.devices.list()).items,
    commands: (await store.commands.list()).items,
    sessions: (await store.sessions.list({ now: now - 1 })).items,
    events: await store.events.lastId(),
  });
}

describe("malformed and refused input changes no state", () => {
  it("answers random bytes with HTTP 400 and changes nothing", async () => {
    const { engine, store, clock } = await setup();
    const d = simDevice("IMEI:1", auth);
    await send(engine, d, packageOne());
    const before = await snapshot(store, clock.now());
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom("xml", "wbxml"),
        async (body, enc) => {
          const withToken = await engine.handle({
            body,
            contentType: `application/vnd.syncml.dm+${enc}`,
            headers: {},
            token: d.token!,
          });
          const without = await engine.handle({
            body,
            contentType: `application/vnd.syncml.dm+${enc}`,
            headers: {},
          });
          expect(withToken.httpStatus).toBe(400);
          expect(without.httpStatus).toBe(400);
        },
      ),
      { numRuns: 150 },
    );
    expect(await snapshot(store, clock.now())).toBe(before);
  });

  it("answers truncated messages with HTTP 400", async () => {
    const { engine, store, clock } = await setup();
    const d = simDevice("IMEI:1", auth);
    const x = await send(engine, d, packageOne());
    const before = await snapshot(store, clock.now());
    const bytes = encodeSyncML({ ...x.sent, header: { ...x.sent.header, msgId: 2 } });
    for (const cut of [1, 10, 100, bytes.length - 20]) {
      const reply = await engine.handle({
        body: bytes.subarray(0, cut),
        contentType: "application/vnd.syncml.dm+xml",
        headers: {},
        token: d.token!,
      });
      expect(reply.httpStatus).toBe(400);
    }
    expect(await snapshot(store, clock.now())).toBe(before);
  });

  it("answers a body that is not a DM media type with 415 and one over our MaxMsgSize with 413", async () => {
    const { engine } = await setup({ maxMsgSize: 5000 });
    const body = encodeSyncML({
      header: {
        verDtd: "1.2",
        verProto: "DM/1.2",
        sessionId: "1",
        msgId: 1,
        target: { locUri: testServerUrl },
        source: { locUri: "IMEI:1" },
      },
      body: packageOne(),
      final: true,
    });
    expect((await engine.handle({ body, contentType: "text/xml", headers: {} })).httpStatus).toBe(415);
    expect(
      (
        await engine.handle({
          body: new Uint8Array(5001),
          contentType: "application/vnd.syncml.dm+xml",
          headers: {},
        })
      ).httpStatus,
    ).toBe(413);
    // The legacy SyncML type and parameters are accepted.
    const legacy = await engine.handle({
      body,
      contentType: "application/vnd.syncml+xml; charset=UTF-8",
      headers: {},
    });
    expect(legacy.httpStatus).toBe(200);
  });

  it("refuses a replayed MsgID with 400 and no state change", async () => {
    const { engine, store, clock } = await setup();
    const d = simDevice("IMEI:1", auth);
    const x = await send(engine, d, packageOne());
    await store.commands.enqueue("IMEI:1", { kind: "Get", uri: "./C" });
    const reply2 = answerAll(x.message!);
    const y = await send(engine, d, reply2);
    expect(y.reply.httpStatus).toBe(200);
    const before = await snapshot(store, clock.now());
    const replay = await engine.handle({
      body: y.sentBytes,
      contentType: "application/vnd.syncml.dm+xml",
      headers: {},
      token: d.token!,
    });
    expect(replay.httpStatus).toBe(400);
    expect(await snapshot(store, clock.now())).toBe(before);
  });

  it("refuses an out-of-order MsgID with 400", async () => {
    const { engine, store, clock } = await setup();
    const d = simDevice("IMEI:1", auth);
    const x = await send(engine, d, packageOne());
    const before = await snapshot(store, clock.now());
    const skipped = await send(engine, d, answerAll(x.message!), { msgId: 3 });
    expect(skipped.reply.httpStatus).toBe(400);
    expect(await snapshot(store, clock.now())).toBe(before);
    const ok = await send(engine, d, answerAll(x.message!), { msgId: 2 });
    expect(ok.reply.httpStatus).toBe(200);
  });

  it("refuses another device's token, or another SessionID, with 403", async () => {
    const { engine, store, clock } = await setup();
    const a = simDevice("IMEI:1", auth);
    const x = await send(engine, a, packageOne());
    const before = await snapshot(store, clock.now());
    const b = simDevice("IMEI:2", auth);
    b.msgId = 1;
    const foreign = await send(engine, b, answerAll(x.message!), { token: a.token! });
    expect(foreign.reply.httpStatus).toBe(403);
    const otherSession = simDevice("IMEI:1", auth);
    otherSession.sessionId = "77";
    otherSession.msgId = 1;
    const wrongId = await send(engine, otherSession, answerAll(x.message!), { token: a.token! });
    expect(wrongId.reply.httpStatus).toBe(403);
    expect(await snapshot(store, clock.now())).toBe(before);
  });

  it("answers an unknown token with 404 and an expired session with 404", async () => {
    const { engine, clock } = await setup({ sessionTtlMs: 30_000 });
    const d = simDevice("IMEI:1", auth);
    const x = await send(engine, d, packageOne());
    const unknown = await send(engine, d, answerAll(x.message!), { token: "not-a-token" });
    expect(unknown.reply.httpStatus).toBe(404);
    clock.advance(30_001);
    const expired = await send(engine, d, answerAll(x.message!));
    expect(expired.reply.httpStatus).toBe(404);
  });

  it("applies one of two copies of a message handled at once, and refuses the other", async () => {
    const { engine, store } = await setup();
    const d = simDevice("IMEI:1", auth);
    const x = await send(engine, d, packageOne());
    const body = encodeSyncML({
      header: { ...x.sent.header, msgId: 2, cred: undefined },
      body: answerAll(x.message!).map((c, i) => ({ ...c, cmdId: i + 1 })),
      final: true,
    });
    const request = { body, contentType: "application/vnd.syncml.dm+xml", headers: {}, token: d.token! };
    const codes = (await Promise.all([engine.handle(request), engine.handle(request)]))
      .map((r) => r.httpStatus)
      .sort();
    expect(codes[0]).toBe(200);
    expect([400, 409]).toContain(codes[1]);
    const done = (await store.commands.list({ deviceId: "IMEI:1", states: ["done"] })).items;
    expect(done).toHaveLength(2);
  });

  it("answers an unsupported VerDTD with SyncHdr 505 and keeps no session", async () => {
    const { engine, store, clock } = await setup();
    const body = encodeSyncML({
      header: {
        verDtd: "1.1",
        verProto: "DM/1.1",
        sessionId: "1",
        msgId: 1,
        target: { locUri: testServerUrl },
        source: { locUri: "IMEI:1" },
      },
      body: packageOne(),
      final: true,
    });
    const before = await snapshot(store, clock.now());
    const reply = await engine.handle({ body, contentType: "application/vnd.syncml.dm+xml", headers: {} });
    expect(reply.httpStatus).toBe(200);
    const { decodeSyncML } = await import("@omadm/protocol");
    expect(headerStatus(decodeSyncML(reply.body!))?.data).toBe(505);
    expect(await snapshot(store, clock.now())).toBe(before);
  });

  it("ends a session that never finishes its package at maxMessagesPerSession", async () => {
    const { engine } = await setup({ maxMessagesPerSession: 5 });
    const d = simDevice("IMEI:1", auth);
    let last = await send(engine, d, packageOne(), { final: false });
    for (let i = 0; i < 3; i++) last = await send(engine, d, answerAll(last.message!), { final: false });
    const fifth = await send(engine, d, answerAll(last.message!), { final: false });
    expect(fifth.message!.final).toBe(true);
    expect(fifth.message!.body.every((c) => c.kind === "Status")).toBe(true);
    const sixth = await send(engine, d, answerAll(fifth.message!));
    expect(sixth.reply.httpStatus).toBe(404);
  });
});
