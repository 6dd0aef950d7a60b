import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { decodeNonce, encodeNonce, md5Credential, syncmlMediaType, userPassHash } from "@omadm/protocol";
import { openSqliteStore } from "@omadm/store-sqlite";
import { fakeClock } from "@omadm/testing";
import { clientAuthOf, nonceIssuedAt, serverAuthOf } from "../auth/index.js";
import type { NewDevice, Store } from "../store/store-api.js";
import { createDmEngine } from "./dm-engine.js";
import {
  headerStatus,
  newSession,
  packageOne,
  send,
  simDevice,
  statusFor,
  testServerId,
  testServerUrl,
} from "./engine-test-kit.js";
import type { DmEngineOptions, EngineEvent } from "./session-api.js";

const random = (n: number) => new Uint8Array(randomBytes(n));

async function setup(options: Partial<DmEngineOptions> = {}, devices: readonly NewDevice[] = []) {
  const clock = fakeClock();
  const store = await openSqliteStore({ path: ":memory:", clock: clock.now });
  for (const d of devices) await store.devices.create(d);
  const signals: EngineEvent[] = [];
  const engine = createDmEngine({
    store,
    clock: clock.now,
    random,
    serverId: testServerId,
    serverUrl: testServerUrl,
    events: (e) => signals.push(e),
    ...options,
  });
  return { clock, store, engine, signals };
}

const basicDevice: NewDevice = { id: "IMEI:1", clientAuth: clientAuthOf("basic", "dev1", "secret1") };
const md5Device: NewDevice = { id: "IMEI:2", clientAuth: clientAuthOf("md5", "dev2", "secret2") };
const hmacDevice: NewDevice = { id: "IMEI:3", clientAuth: clientAuthOf("hmac", "dev3", "secret3") };

async function eventsOf(store: Store, kind: string) {
  return (await store.events.list({ limit: 1000 })).filter((e) => e.kind === kind);
}

describe("package 1 with Basic authentication", () => {
  it("answers 212, a Status for the Alert and the Replace, records DevInfo, and ends an empty session", async () => {
    const { engine, store, signals } = await setup({}, [basicDevice]);
    const d = simDevice("IMEI:1", { scheme: "basic", username: "dev1", password: "secret1" });
    const x = await send(engine, d, packageOne());
    expect(x.reply.httpStatus).toBe(200);
    expect(x.reply.contentType).toBe(syncmlMediaType("xml"));
    const m = x.message!;
    expect(headerStatus(m)?.data).toBe(212);
    expect(statusFor(m, 1)).toMatchObject({ cmd: "Alert", data: 200, msgRef: 1 });
    expect(statusFor(m, 2)).toMatchObject({ cmd: "Replace", data: 200 });
    // [TR-PRO §2.3.6] nothing queued: Statuses only, with Final.
    expect(m.final).toBe(true);
    expect(m.body.every((c) => c.kind === "Status")).toBe(true);
    expect(m.header.msgId).toBe(1);
    expect(m.header.respUri).toMatch(/^https:\/\/dm\.example\.com\/dm\?s=[A-Za-z0-9_-]{32}$/);
    expect(m.header.meta?.maxMsgSize).toBeGreaterThan(0);
    const device = await store.devices.get("IMEI:1");
    expect(device?.devInfo).toEqual({ DevId: "IMEI:1", Man: "omadm", Mod: "sim", DmV: "1.2", Lang: "en" });
    expect(device?.lastSeenAt).toBeDefined();
    expect(signals.map((s) => s.type)).toEqual(
      expect.arrayContaining(["session-opened", "session-closed", "message"]),
    );
    const sessions = await eventsOf(store, "session");
    expect(sessions.map((e) => (e.data as { action: string }).action)).toEqual(["started", "ended"]);
  });

  it("challenges a missing credential with 407 and a Basic Chal, and refuses a wrong one with 401", async () => {
    const { engine, store } = await setup({}, [basicDevice]);
    const d = simDevice("IMEI:1", { scheme: "basic", username: "dev1", password: "wrong" });
    const missing = await send(engine, d, packageOne(), { cred: "none" });
    expect(headerStatus(missing.message!)).toMatchObject({
      data: 407,
      chal: { meta: { type: "syncml:auth-basic", format: "b64" } },
    });
    // [TR-PRO §2.4] only Statuses, each command gets one.
    expect(statusFor(missing.message!, 1)?.data).toBe(407);
    expect(missing.message!.body.every((c) => c.kind === "Status")).toBe(true);
    expect((await store.devices.get("IMEI:1"))?.authFailures).toBe(0);
    const wrong = await send(engine, d, packageOne());
    expect(headerStatus(wrong.message!)).toMatchObject({
      data: 401,
      chal: { meta: { type: "syncml:auth-basic" } },
    });
    expect(wrong.message!.header.msgId).toBe(2);
    expect((await store.devices.get("IMEI:1"))?.authFailures).toBe(1);
    const failures = await eventsOf(store, "auth-failure");
    expect(failures.map((e) => (e.data as { reason: string }).reason)).toEqual(["missing", "invalid"]);
    // DevInfo of an unauthenticated message is not recorded.
    expect((await store.devices.get("IMEI:1"))?.devInfo).toBeUndefined();
  });

  it("lets the device retry package 1 at the RespURI after a challenge, with the next MsgID", async () => {
    const { engine } = await setup({}, [basicDevice]);
    const d = simDevice("IMEI:1", { scheme: "basic", username: "dev1", password: "secret1" });
    const first = await send(engine, d, packageOne(), { cred: "none" });
    expect(headerStatus(first.message!)?.data).toBe(407);
    const token = d.token;
    const retry = await send(engine, d, packageOne());
    expect(d.token).toBe(token);
    expect(headerStatus(retry.message!)?.data).toBe(212);
    expect(retry.message!.header.msgId).toBe(2);
  });
});

describe("MD5 digest authentication", () => {
  it("challenges with a fresh nonce, accepts a digest built with it, and hands over the next session's nonce", async () => {
    const { engine, store } = await setup({}, [md5Device]);
    const d = simDevice("IMEI:2", { scheme: "md5", username: "dev2", password: "secret2" });
    const first = await send(engine, d, packageOne(), { cred: "none" });
    const chal = headerStatus(first.message!)?.chal;
    expect(chal?.meta.type).toBe("syncml:auth-md5");
    expect(chal?.meta.nextNonce).toBeDefined();
    // The nonce is persisted as the device's client nonce, and carries its issue time.
    const stored = await store.devices.get("IMEI:2");
    expect(stored?.clientNonce).toBe(chal?.meta.nextNonce);
    expect(decodeNonce(stored!.clientNonce).length).toBeGreaterThanOrEqual(16);
    expect(nonceIssuedAt(decodeNonce(stored!.clientNonce))).toBe(Date.UTC(2025, 0, 1));
    const second = await send(engine, d, packageOne());
    const hdr = headerStatus(second.message!);
    expect(hdr?.data).toBe(212);
    // [TR-PRO §2.4] 212 with a Chal: the nonce for the next session, persisted.
    expect(hdr?.chal?.meta.nextNonce).toBeDefined();
    expect(hdr?.chal?.meta.nextNonce).not.toBe(chal?.meta.nextNonce);
    expect((await store.devices.get("IMEI:2"))?.clientNonce).toBe(hdr?.chal?.meta.nextNonce);
  });

  it("uses the stored nonce for a credential sent before any challenge, and refuses a replay of it", async () => {
    const nonce = encodeNonce(new TextEncoder().encode("provisioned"));
    const { engine } = await setup({}, [{ ...md5Device, clientNonce: nonce }]);
    const d = simDevice("IMEI:2", { scheme: "md5", username: "dev2", password: "secret2" });
    d.nonce = decodeNonce(nonce);
    const ok = await send(engine, d, packageOne());
    expect(headerStatus(ok.message!)?.data).toBe(212);
    // The same credential again (a captured Package 1): the nonce has rotated.
    const replay = simDevice("IMEI:2", { scheme: "md5", username: "dev2", password: "secret2" });
    replay.nonce = decodeNonce(nonce);
    replay.sessionId = "2";
    const again = await send(engine, replay, packageOne());
    expect(headerStatus(again.message!)?.data).toBe(401);
  });

  it("challenges a digest built with a stale nonce again without counting a failure", async () => {
    const { engine, store, clock } = await setup({ nonceTtlMs: 60_000 }, [md5Device]);
    const d = simDevice("IMEI:2", { scheme: "md5", username: "dev2", password: "secret2" });
    await send(engine, d, packageOne(), { cred: "none" });
    clock.advance(61_000);
    const stale = await send(engine, d, packageOne());
    expect(headerStatus(stale.message!)).toMatchObject({
      data: 401,
      chal: { meta: { type: "syncml:auth-md5" } },
    });
    expect((await store.devices.get("IMEI:2"))?.authFailures).toBe(0);
    const failures = await eventsOf(store, "auth-failure");
    expect((failures.at(-1)?.data as { reason: string }).reason).toBe("stale-nonce");
    const fresh = await send(engine, d, packageOne());
    expect(headerStatus(fresh.message!)?.data).toBe(212);
  });

  it("refuses a Basic credential from a device provisioned for MD5 (the scheme may not change)", async () => {
    const { engine, store } = await setup({}, [md5Device]);
    const d = simDevice("IMEI:2", { scheme: "basic", username: "dev2", password: "secret2" });
    const x = await send(engine, d, packageOne());
    expect(headerStatus(x.message!)).toMatchObject({
      data: 401,
      chal: { meta: { type: "syncml:auth-md5" } },
    });
    expect((await store.devices.get("IMEI:2"))?.authFailures).toBe(0);
  });
});

describe("HMAC authentication", () => {
  it("asks for the x-syncml-hmac header with 407, then answers 200 with a new nonce on every message", async () => {
    const { engine, store } = await setup({}, [hmacDevice]);
    const d = simDevice("IMEI:3", { scheme: "hmac", username: "dev3", password: "secret3" });
    const first = await send(engine, d, packageOne(), { cred: "none" });
    expect(headerStatus(first.message!)).toMatchObject({
      data: 407,
      chal: { meta: { type: "syncml:auth-MAC" } },
    });
    await store.commands.enqueue("IMEI:3", { kind: "Get", uri: "./DevDetail/FwV" });
    const second = await send(engine, d, packageOne());
    const hdr2 = headerStatus(second.message!);
    // [TR-SEC §5.1.4.3] 200, not 212, and a Chal with the next nonce.
    expect(hdr2?.data).toBe(200);
    const nonce2 = hdr2?.chal?.meta.nextNonce;
    expect(nonce2).toBeDefined();
    expect((await store.devices.get("IMEI:3"))?.clientNonce).toBe(nonce2);
    const get = second.message!.body.find((c) => c.kind === "Get");
    expect(get).toBeDefined();
    const third = await send(engine, d, [
      {
        kind: "Status",
        cmdId: 0,
        msgRef: 2,
        cmdRef: 0,
        cmd: "SyncHdr",
        targetRefs: [],
        sourceRefs: [],
        data: 200,
        items: [],
      },
      {
        kind: "Status",
        cmdId: 0,
        msgRef: 2,
        cmdRef: get!.kind === "Get" ? get!.cmdId : 0,
        cmd: "Get",
        targetRefs: [],
        sourceRefs: [],
        data: 200,
        items: [],
      },
    ]);
    const hdr3 = headerStatus(third.message!);
    expect(hdr3?.data).toBe(200);
    expect(hdr3?.chal?.meta.nextNonce).not.toBe(nonce2);
  });

  it("refuses a message whose body does not match its mac", async () => {
    const { engine, store } = await setup({}, [hmacDevice]);
    const d = simDevice("IMEI:3", { scheme: "hmac", username: "dev3", password: "wrong" });
    const x = await send(engine, d, packageOne());
    expect(headerStatus(x.message!)).toMatchObject({
      data: 401,
      chal: { meta: { type: "syncml:auth-MAC" } },
    });
    expect((await store.devices.get("IMEI:3"))?.authFailures).toBe(1);
  });

  it("refuses a message signed with a nonce already used (each message needs the newest)", async () => {
    const { engine, store } = await setup({}, [hmacDevice]);
    await store.commands.enqueue("IMEI:3", { kind: "Get", uri: "./DevDetail/FwV" });
    const d = simDevice("IMEI:3", { scheme: "hmac", username: "dev3", password: "secret3" });
    await send(engine, d, packageOne(), { cred: "none" });
    const used = d.nonce;
    const ok = await send(engine, d, packageOne());
    expect(headerStatus(ok.message!)?.data).toBe(200);
    d.nonce = used;
    const stale = await send(engine, d, [], {});
    expect(headerStatus(stale.message!)?.data).toBe(401);
  });
});

describe("lock-out", () => {
  it("locks a device after maxFailures wrong credentials, refuses it without a Chal, and lets it in after lockoutMs", async () => {
    const { engine, store, clock, signals } = await setup({ maxFailures: 3, lockoutMs: 60_000 }, [
      basicDevice,
    ]);
    const wrong = simDevice("IMEI:1", { scheme: "basic", username: "dev1", password: "nope" });
    for (let i = 0; i < 2; i++) {
      newSession(wrong, String(i + 10));
      const x = await send(engine, wrong, packageOne());
      expect(headerStatus(x.message!)).toMatchObject({
        data: 401,
        chal: { meta: { type: "syncml:auth-basic" } },
      });
    }
    newSession(wrong, "12");
    const third = await send(engine, wrong, packageOne());
    expect(headerStatus(third.message!)?.data).toBe(401);
    expect(headerStatus(third.message!)?.chal).toBeUndefined();
    const device = await store.devices.get("IMEI:1");
    expect(device?.lockedUntil).toBe(clock.now() + 60_000);
    const failures = await eventsOf(store, "auth-failure");
    expect(failures.at(-1)?.data).toMatchObject({ locked: true, reason: "invalid" });
    expect(signals.some((s) => s.type === "auth-failure" && s.locked)).toBe(true);
    // Even the right password is refused while locked.
    const right = simDevice("IMEI:1", { scheme: "basic", username: "dev1", password: "secret1" });
    const locked = await send(engine, right, packageOne());
    expect(headerStatus(locked.message!)?.data).toBe(401);
    expect(headerStatus(locked.message!)?.chal).toBeUndefined();
    clock.advance(60_001);
    newSession(right, "20");
    const after = await send(engine, right, packageOne());
    expect(headerStatus(after.message!)?.data).toBe(212);
    const unlocked = await store.devices.get("IMEI:1");
    expect(unlocked?.authFailures).toBe(0);
    expect(unlocked?.lockedUntil).toBeUndefined();
  });
});

describe("unknown devices and auto-provisioning", () => {
  it("challenges an unknown device but creates nothing without autoProvision", async () => {
    const { engine, store } = await setup();
    const d = simDevice("IMEI:99", { scheme: "basic", username: "x", password: "y" });
    const x = await send(engine, d, packageOne());
    expect(headerStatus(x.message!)?.data).toBe(401);
    expect(headerStatus(x.message!)?.chal).toBeDefined();
    expect(x.message!.header.respUri).toBeUndefined();
    expect(await store.devices.get("IMEI:99")).toBeUndefined();
    expect(await store.sessions.countOpen(Date.UTC(2025, 0, 1))).toBe(0);
    expect((await eventsOf(store, "auth-failure"))[0]?.data).toMatchObject({ reason: "unknown-device" });
    const none = await send(engine, simDevice("IMEI:98"), packageOne(), { cred: "none" });
    expect(headerStatus(none.message!)?.data).toBe(407);
  });

  it("creates a device on first Basic contact when autoProvision is true (trust on first use)", async () => {
    const { engine, store } = await setup({ autoProvision: true });
    const d = simDevice("IMEI:50", { scheme: "basic", username: "u50", password: "p50" });
    const challenged = await send(engine, d, packageOne(), { cred: "none" });
    expect(headerStatus(challenged.message!)).toMatchObject({
      data: 407,
      chal: { meta: { type: "syncml:auth-basic" } },
    });
    expect(await store.devices.get("IMEI:50")).toBeUndefined();
    const x = await send(engine, d, packageOne());
    expect(headerStatus(x.message!)?.data).toBe(212);
    const device = await store.devices.get("IMEI:50");
    expect(device).toMatchObject({
      autoProvisioned: true,
      clientAuth: { scheme: "basic", username: "u50", secretHash: userPassHash("u50", "p50") },
    });
    expect(device?.devInfo?.Man).toBe("omadm");
    expect((await eventsOf(store, "device"))[0]?.data).toMatchObject({ action: "auto-provisioned" });
  });

  it("creates a device with the policy's MD5 credentials only after its digest verified", async () => {
    const asked: string[] = [];
    const { engine, store } = await setup({
      autoProvision: (req) => {
        asked.push(req.deviceId);
        return req.deviceId.startsWith("IMEI:7")
          ? { clientAuth: { scheme: "md5", username: req.username ?? "", secret: "factory" }, name: "fleet" }
          : undefined;
      },
    });
    const d = simDevice("IMEI:70", { scheme: "md5", username: "u70", password: "factory" });
    const first = await send(engine, d, packageOne());
    expect(headerStatus(first.message!)).toMatchObject({
      data: 401,
      chal: { meta: { type: "syncml:auth-md5" } },
    });
    expect(await store.devices.get("IMEI:70")).toBeUndefined();
    expect((await eventsOf(store, "auth-failure"))[0]?.data).toMatchObject({ failures: 0 });
    const second = await send(engine, d, packageOne());
    expect(headerStatus(second.message!)?.data).toBe(212);
    expect(await store.devices.get("IMEI:70")).toMatchObject({ name: "fleet", autoProvisioned: true });
    // The policy refuses others: a plain challenge, nothing created.
    const other = await send(
      engine,
      simDevice("IMEI:80", { scheme: "md5", username: "u80", password: "factory" }),
      packageOne(),
    );
    expect(headerStatus(other.message!)?.data).toBe(401);
    expect(await store.devices.get("IMEI:80")).toBeUndefined();
    expect(asked).toEqual(["IMEI:70", "IMEI:80"]);
  });
});

describe("server credentials", () => {
  it("sends an MD5 Cred built with the device's nonce until accepted, and stores the device's NextNonce", async () => {
    const serverNonce = encodeNonce(new TextEncoder().encode("srv-nonce"));
    const device: NewDevice = {
      ...basicDevice,
      serverAuth: serverAuthOf("md5", testServerId, "server-secret"),
      serverNonce,
    };
    const { engine, store } = await setup({}, [device]);
    await store.commands.enqueue("IMEI:1", { kind: "Get", uri: "./DevInfo/Mod" });
    const d = simDevice("IMEI:1", { scheme: "basic", username: "dev1", password: "secret1" });
    const x = await send(engine, d, packageOne());
    const cred = x.message!.header.cred;
    expect(cred?.meta?.type).toBe("syncml:auth-md5");
    expect(cred?.data).toBe(md5Credential(testServerId, "server-secret", decodeNonce(serverNonce)));
    const get = x.message!.body.find((c) => c.kind === "Get")!;
    const next = encodeNonce(new TextEncoder().encode("next-srv"));
    const y = await send(engine, d, [
      {
        kind: "Status",
        cmdId: 0,
        msgRef: 1,
        cmdRef: 0,
        cmd: "SyncHdr",
        targetRefs: [],
        sourceRefs: [],
        data: 212,
        items: [],
        chal: { meta: { type: "syncml:auth-md5", format: "b64", nextNonce: next } },
      },
      {
        kind: "Status",
        cmdId: 0,
        msgRef: 1,
        cmdRef: get.kind === "Get" ? get.cmdId : 0,
        cmd: "Get",
        targetRefs: [],
        sourceRefs: [],
        data: 200,
        items: [],
      },
    ]);
    expect(y.message!.header.cred).toBeUndefined();
    expect((await store.devices.get("IMEI:1"))?.serverNonce).toBe(next);
  });

  it("sends the commands again when the device refused our credentials", async () => {
    const device: NewDevice = { ...basicDevice, serverAuth: serverAuthOf("basic", testServerId, "pw") };
    const { engine, store } = await setup({}, [device]);
    const q = await store.commands.enqueue("IMEI:1", { kind: "Delete", uri: "./Ext/X" });
    const d = simDevice("IMEI:1", { scheme: "basic", username: "dev1", password: "secret1" });
    const x = await send(engine, d, packageOne());
    expect(x.message!.header.cred?.meta?.type).toBe("syncml:auth-basic");
    const del = x.message!.body.find((c) => c.kind === "Delete")!;
    const y = await send(engine, d, [
      {
        kind: "Status",
        cmdId: 0,
        msgRef: 1,
        cmdRef: 0,
        cmd: "SyncHdr",
        targetRefs: [],
        sourceRefs: [],
        data: 401,
        items: [],
        chal: { meta: { type: "syncml:auth-basic", format: "b64" } },
      },
      {
        kind: "Status",
        cmdId: 0,
        msgRef: 1,
        cmdRef: del.kind === "Delete" ? del.cmdId : 0,
        cmd: "Delete",
        targetRefs: [],
        sourceRefs: [],
        data: 401,
        items: [],
      },
    ]);
    expect(y.message!.header.cred).toBeDefined();
    expect(y.message!.body.some((c) => c.kind === "Delete")).toBe(true);
    expect((await store.commands.get(q.id))?.state).toBe("sent");
  });

  it("signs every reply with x-syncml-hmac when the device wants HMAC from us", async () => {
    const device: NewDevice = {
      ...basicDevice,
      serverAuth: serverAuthOf("hmac", testServerId, "pw"),
      serverNonce: encodeNonce(new Uint8Array([1, 2, 3])),
    };
    const { engine } = await setup({}, [device]);
    const d = simDevice("IMEI:1", { scheme: "basic", username: "dev1", password: "secret1" });
    const x = await send(engine, d, packageOne());
    const header = x.reply.headers?.["x-syncml-hmac"];
    expect(header).toMatch(/username="omadm-test"/);
    const { hmacMac, parseHmacHeader } = await import("@omadm/protocol");
    expect(parseHmacHeader(header!).mac).toBe(
      hmacMac(testServerId, "pw", new Uint8Array([1, 2, 3]), x.reply.body!),
    );
  });
});
