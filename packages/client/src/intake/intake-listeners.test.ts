import { createSocket } from "node:dgram";
import { request } from "node:http";
import { encodeBootstrapPush, encodePackage0, encodeWspPush, type Package0Fields } from "@omadm/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeSmsc, type FakeSmsc } from "../../../../tests/support/fake-smsc.js";
import type { AccountStore, ServerAccount } from "../account/index.js";
import { fakeSmscConnector } from "./fake-smsc-connector.js";
import { listenHttp } from "./http-listener.js";
import type { BootstrapPush, IntakeListener, SessionRequest } from "./intake-api.js";
import { NotificationIntake } from "./notification-intake.js";
import type { PushTarget } from "./push-dispatch.js";
import { listenUdp } from "./udp-listener.js";

const serverId = "com.example.dm";
const secret = "srvsecret";
const nonce = new Uint8Array([7, 7, 7, 7]);
const msisdn = "+15551234567";

const account: ServerAccount = {
  accountUri: "./DMAcc/example",
  serverId,
  addresses: ["http://127.0.0.1/dm"],
  server: { type: "DIGEST", name: serverId, secret, nonce },
};

const accounts: AccountStore = {
  list: () => [account],
  byServerId: (id) => (id === serverId ? account : undefined),
  setClientNonce: () => undefined,
  setServerNonce: () => undefined,
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function package0(fields: Partial<Package0Fields> = {}): Uint8Array {
  return encodePackage0(
    { uiMode: "background", initiator: "server", sessionId: 0x42, serverId, ...fields },
    { serverPassword: secret, nonce },
  );
}

/** A Package 0 inside a connectionless WSP push, as Kannel delivers it (content type as text). */
function notificationPush(pkg: Uint8Array, textType = false): Uint8Array {
  return encodeWspPush({
    transactionId: 1,
    contentType: textType
      ? { mediaType: "application/vnd.syncml.notification" }
      : { mediaType: "application/vnd.syncml.notification", code: 0x44 },
    applicationId: 7,
    body: pkg,
  });
}

/** A PushTarget that records sessions, bootstrap pushes and log lines, with a way to wait for them. */
function target() {
  const sessions: SessionRequest[] = [];
  const bootstraps: BootstrapPush[] = [];
  const logged: string[] = [];
  let wake: (() => void) | undefined;
  const changed = () => wake?.();
  const log = {
    debug: () => undefined,
    info: (_: object, m: string) => (logged.push(m), changed()),
    warn: (_: object, m: string) => (logged.push(m), changed()),
    error: (_: object, m: string) => (logged.push(m), changed()),
  };
  const notifications = new NotificationIntake({
    accounts,
    onSession: (r) => (sessions.push(r), changed()),
    log,
  });
  const t: PushTarget = {
    notifications,
    bootstrap: (p) => void (bootstraps.push(p), changed()),
    log,
  };
  /** Resolves once `ready()` holds (checked after every event; the test's timeout bounds it). */
  const until = async (ready: () => boolean) => {
    while (!ready()) await new Promise<void>((r) => (wake = r));
  };
  return { t, sessions, bootstraps, logged, until };
}

async function sendUdp(port: number, bytes: Uint8Array): Promise<void> {
  const s = createSocket("udp4");
  await new Promise<void>((r) => s.send(bytes, port, "127.0.0.1", () => r()));
  s.close();
}

function post(port: number, body: Uint8Array, headers: Record<string, string> = {}, method = "POST") {
  return new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method,
        path: "/notify",
        headers: { "content-length": body.length, ...headers },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function track<T extends IntakeListener>(listener: Promise<T> | T): Promise<T> {
  const l = await listener;
  cleanups.push(() => l.close());
  return l;
}

describe("listenUdp", () => {
  it("starts a session for a bare Package 0 datagram", async () => {
    const { t, sessions, until } = target();
    const l = await track(listenUdp(0, t, { host: "127.0.0.1" }));
    await sendUdp(l.port, package0());
    await until(() => sessions.length === 1);
    expect(sessions[0]?.trigger).toMatchObject({ kind: "server", sessionId: 0x42 });
  });

  it("starts a session for a WSP push datagram, content type as code or as text", async () => {
    const { t, sessions, until } = target();
    const l = await track(listenUdp(0, t, { host: "127.0.0.1" }));
    await sendUdp(l.port, notificationPush(package0({ sessionId: 1 })));
    await sendUdp(l.port, notificationPush(package0({ sessionId: 2 }), true));
    await until(() => sessions.length === 2);
    expect(sessions.map((s) => s.trigger.sessionId).sort()).toEqual([1, 2]);
  });

  it("drops garbage datagrams and keeps serving", async () => {
    const { t, sessions, logged, until } = target();
    const l = await track(listenUdp(0, t, { host: "127.0.0.1" }));
    await sendUdp(l.port, new Uint8Array([1, 6, 0xff, 0xff, 0xff]));
    await sendUdp(l.port, new Uint8Array(0));
    await sendUdp(l.port, new TextEncoder().encode("hello, device"));
    await until(() => logged.filter((m) => m.includes("malformed")).length === 3);
    await sendUdp(l.port, package0());
    await until(() => sessions.length === 1);
  });
});

describe("listenHttp", () => {
  it("answers 202 and starts a session for a posted Package 0", async () => {
    const { t, sessions } = target();
    const l = await track(listenHttp(0, t, { host: "127.0.0.1" }));
    expect(await post(l.port, package0(), { "content-type": "application/vnd.syncml.notification" })).toBe(
      202,
    );
    expect(sessions).toHaveLength(1);
  });

  it("accepts a WSP push body", async () => {
    const { t, sessions } = target();
    const l = await track(listenHttp(0, t, { host: "127.0.0.1" }));
    expect(
      await post(l.port, notificationPush(package0()), { "content-type": "application/vnd.wap.push" }),
    ).toBe(202);
    expect(sessions).toHaveLength(1);
  });

  it("answers 202 for a duplicate without a second session", async () => {
    const { t, sessions } = target();
    const l = await track(listenHttp(0, t, { host: "127.0.0.1" }));
    const headers = { "content-type": "application/vnd.syncml.notification" };
    expect(await post(l.port, package0(), headers)).toBe(202);
    expect(await post(l.port, package0(), headers)).toBe(202);
    expect(sessions).toHaveLength(1);
  });

  it("refuses garbage (400), a bad digest (403), a GET (405) and an oversized body (413), and keeps serving", async () => {
    const { t, sessions } = target();
    const l = await track(listenHttp(0, t, { host: "127.0.0.1" }));
    const headers = { "content-type": "application/vnd.syncml.notification" };
    expect(await post(l.port, new Uint8Array([1, 2, 3]), headers)).toBe(400);
    expect(await post(l.port, new TextEncoder().encode("garbage"), { "content-type": "text/plain" })).toBe(
      400,
    );
    const forged = package0();
    forged[0] = (forged[0] ?? 0) ^ 0xff;
    expect(await post(l.port, forged, headers)).toBe(403);
    expect(await post(l.port, new Uint8Array(0), {}, "GET")).toBe(405);
    expect(await post(l.port, new Uint8Array(70_000), headers)).toBe(413);
    expect(sessions).toHaveLength(0);
    expect(await post(l.port, package0(), headers)).toBe(202);
    expect(sessions).toHaveLength(1);
  });
});

describe("fakeSmscConnector", () => {
  async function connector(smsc: FakeSmsc, t: PushTarget) {
    const c = fakeSmscConnector({
      host: "127.0.0.1",
      port: smsc.port,
      msisdn,
      target: t,
      reconnect: { initialMs: 20, maxMs: 100 },
    });
    cleanups.push(() => c.close());
    await smsc.connected();
    return c;
  }

  async function smsc(): Promise<FakeSmsc> {
    const s = await startFakeSmsc();
    cleanups.push(() => s.close());
    return s;
  }

  it("starts a session for a Package 0 pushed in one SMS to our number", async () => {
    const { t, sessions, until } = target();
    const s = await smsc();
    await connector(s, t);
    expect(await s.sendPush(msisdn, notificationPush(package0(), true))).toBe(1);
    await until(() => sessions.length === 1);
    expect(sessions[0]).toMatchObject({ serverId, trigger: { sessionId: 0x42 } });
  });

  it("reassembles a two-part concatenated push, parts in either order, in both line spellings", async () => {
    const { t, sessions, until } = target();
    const s = await smsc();
    await connector(s, t);
    const vendor = new Uint8Array(150).fill(0x56); // pushes the PDU over one SMS
    const first = notificationPush(package0({ sessionId: 10, vendor }), true);
    expect(await s.sendPush(msisdn, first, { ref: 1 })).toBe(2);
    const second = notificationPush(package0({ sessionId: 11, vendor }));
    expect(await s.sendPush(msisdn, second, { ref: 2, order: [1, 0], spelling: "documented" })).toBe(2);
    await until(() => sessions.length === 2);
    expect(sessions.map((r) => r.trigger.sessionId)).toEqual([10, 11]);
  });

  it("ignores SMS for other numbers and drops malformed lines, then still serves", async () => {
    const { t, sessions, logged, until } = target();
    const s = await smsc();
    await connector(s, t);
    await s.sendPush("+15550000000", notificationPush(package0({ sessionId: 1 })));
    await s.write("this is not an sms line\n");
    await s.write("1234 +15551234567 udh %zz %01\n");
    await s.write(`1234 ${msisdn} udh %06%05%04%0b%84%23%f0 %01%06%ff\n`); // truncated WSP
    await s.write(`1234 ${msisdn} udh %06%05%04%0b%84%23%f0 ${"%41".repeat(50)}\n`); // not a push
    await s.write(`1234 ${msisdn} text hello\n`);
    await s.sendPush(msisdn, notificationPush(package0({ sessionId: 2 })));
    await until(() => sessions.length === 1);
    expect(sessions[0]?.trigger.sessionId).toBe(2);
    expect(logged).toContain("malformed SMSC line dropped");
    expect(logged).toContain("SMS payload is not a WSP push; dropped");
  });

  it("drops a push for another WAP application", async () => {
    const { t, sessions, logged, until } = target();
    const s = await smsc();
    await connector(s, t);
    const browserPush = encodeWspPush({
      transactionId: 1,
      contentType: { mediaType: "text/vnd.wap.si" },
      body: new Uint8Array([1]),
    });
    await s.sendPush(msisdn, browserPush);
    await until(() => logged.includes("push for another application dropped"));
    expect(sessions).toEqual([]);
  });

  it("hands DM and CP bootstrap pushes to the bootstrap intake with their SEC and MAC", async () => {
    const { t, bootstraps, until } = target();
    const s = await smsc();
    await connector(s, t);
    const document = new Uint8Array([2, 0, 0, 0x6a, 0, 0x6d, 1]);
    const key = new TextEncoder().encode("1234");
    await s.sendPush(
      msisdn,
      encodeBootstrapPush({ profile: "dm", transactionId: 1, sec: "USERPIN", key, document }),
    );
    await s.sendPush(
      msisdn,
      encodeBootstrapPush({ profile: "cp", transactionId: 2, sec: "NETWPIN", key, document }),
    );
    await until(() => bootstraps.length === 2);
    expect(bootstraps[0]).toMatchObject({ profile: "dm", sec: "USERPIN", document, source: "sms:1234" });
    expect(bootstraps[0]?.mac).toMatch(/^[0-9A-Fa-f]{40}$/);
    expect(bootstraps[1]).toMatchObject({ profile: "cp", sec: "NETWPIN", document });
  });

  it("reconnects after the SMSC drops the connection", async () => {
    const { t, sessions, until } = target();
    const s = await smsc();
    await connector(s, t);
    s.dropReader();
    await until(() => s.connections === 2);
    await s.connected();
    await s.sendPush(msisdn, notificationPush(package0({ sessionId: 5 })));
    await until(() => sessions.length === 1);
    expect(s.connections).toBeGreaterThanOrEqual(2);
  });

  it("keeps trying to connect while the SMSC is down, and connects once it is up", async () => {
    const { t, sessions, until } = target();
    const s = await smsc();
    const port = s.port;
    await s.close();
    const c = fakeSmscConnector({
      host: "127.0.0.1",
      port,
      msisdn,
      target: t,
      reconnect: { initialMs: 20, maxMs: 50 },
    });
    cleanups.push(() => c.close());
    await new Promise((r) => setTimeout(r, 150));
    expect(c.connected).toBe(false);
    const { createServer } = await import("node:net");
    const later = createServer((socket) => {
      socket.write(
        `1234 ${msisdn} udh %06%05%04%0b%84%23%f0 ${Buffer.from(notificationPush(package0({ sessionId: 9 })))
          .toString("hex")
          .replace(/../g, "%$&")}\n`,
      );
    });
    await new Promise<void>((r) => later.listen(port, "127.0.0.1", r));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          later.close(() => r());
        }),
    );
    await until(() => sessions.length === 1);
    expect(sessions[0]?.trigger.sessionId).toBe(9);
    await c.close();
  });
});
