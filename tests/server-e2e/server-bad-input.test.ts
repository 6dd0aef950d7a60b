// Bad input over real sockets: malformed bodies (400, no state change), oversized bodies (413
// before they are read whole), unknown devices and wrong credentials (challenges, then lock-out),
// replayed MsgIDs and foreign session tokens refused, while another device keeps being served.
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  credentials,
  openTestDevice,
  postDm,
  provision,
  recordingTransport,
  startServer,
  tokenOf,
  type TestDevice,
  type TestServer,
} from "./server-e2e-helpers.js";

const open: (TestServer | TestDevice)[] = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close();
});

const good = credentials("IMEI:000000000000001", "md5");
const other = credentials("IMEI:000000000000002", "md5");

async function setup(serverOptions: Parameters<typeof startServer>[0] = {}) {
  const t = await startServer(serverOptions);
  open.push(t);
  expect((await provision(t, good)).status).toBe(201);
  expect((await provision(t, other)).status).toBe(201);
  return t;
}

/** Everything a request could have changed. */
async function snapshot(t: TestServer) {
  const now = Date.now();
  return {
    sessions: await t.store.sessions.countOpen(now),
    lastEvent: await t.store.events.lastId(),
    devices: (await t.store.devices.list()).items,
    commands: (await t.store.commands.list()).items,
  };
}

async function servedMeanwhile(t: TestServer): Promise<void> {
  const d = await openTestDevice(t, good);
  open.push(d);
  await t.api("POST", `/api/devices/${encodeURIComponent(good.devId)}/commands`, {
    kind: "Get",
    uri: "./DevInfo/Mod",
  });
  const report = await d.session();
  expect(report.outcome, report.reason).toBe("completed");
}

describe("bad input", () => {
  it.each<[string, string, string | Uint8Array]>([
    [
      "truncated XML",
      "application/vnd.syncml.dm+xml",
      "<SyncML xmlns='SYNCML:SYNCML1.2'><SyncHdr><VerDTD>1.2",
    ],
    ["not XML", "application/vnd.syncml.dm+xml", "hello"],
    ["XML that is not SyncML", "application/vnd.syncml.dm+xml", "<a><b/></a>"],
    [
      "random WBXML bytes",
      "application/vnd.syncml.dm+wbxml",
      new Uint8Array([0x02, 0xa4, 0x01, 0x6a, 0xff, 0xff, 0x00, 0x13]),
    ],
    ["an empty body", "application/vnd.syncml+xml", ""],
  ])("answers %s with 400 and changes nothing", async (_what, type, body) => {
    const t = await setup();
    const before = await snapshot(t);
    expect((await postDm(t, body, { contentType: type })).status).toBe(400);
    expect(await snapshot(t)).toEqual(before);
    await servedMeanwhile(t);
  });

  it("answers an oversized body with 413 before reading it whole, and keeps serving", async () => {
    const t = await setup({ engine: { maxMsgSize: 64 * 1024 } });
    const port = t.server.port;
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      let text = "";
      let sent = 0;
      socket.setEncoding("latin1");
      socket.on("data", (c: string) => (text += c));
      socket.on("error", () => resolve(text));
      socket.on("close", () => {
        clearInterval(timer);
        resolve(text);
      });
      socket.write(
        "POST /dm HTTP/1.1\r\nhost: x\r\ncontent-type: application/vnd.syncml.dm+wbxml\r\ncontent-length: 1073741824\r\n\r\n",
      );
      // 1 GiB declared; we would send it slowly for ever: the answer must not wait for it.
      const timer = setInterval(() => {
        if (sent < 1 << 20 && !socket.destroyed) sent += socket.write(Buffer.alloc(4096)) ? 4096 : 0;
      }, 2);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    await servedMeanwhile(t);
  });

  it("refuses Content-Types that are not DM with 415", async () => {
    const t = await setup();
    expect((await postDm(t, "<SyncML/>", { contentType: "text/xml" })).status).toBe(415);
  });

  it("challenges wrong credentials, then locks the device out, while another device is served", async () => {
    const t = await setup({ engine: { maxFailures: 3 } });
    const wrong = await openTestDevice(t, other, { clientSecret: "not-the-secret" });
    open.push(wrong);
    const path = `/api/devices/${encodeURIComponent(other.devId)}`;
    for (let i = 0; i < 6 && (await t.api("GET", path)).body.lockedUntil === undefined; i++) {
      expect((await wrong.session()).outcome).not.toBe("completed");
    }
    const locked = (await t.api("GET", path)).body;
    expect(locked.lockedUntil).toEqual(expect.any(String));
    expect(locked.authFailures).toBeGreaterThanOrEqual(3);
    const failures = (
      await t.api("GET", `/api/events?deviceId=${encodeURIComponent(other.devId)}&kind=auth-failure`)
    ).body;
    expect(failures.items.length).toBeGreaterThanOrEqual(3);

    // Locked: even the right secret is refused now.
    const right = await openTestDevice(t, other);
    open.push(right);
    expect((await right.session()).outcome).not.toBe("completed");
    await servedMeanwhile(t);
  });

  it("challenges an unknown device and never creates it", async () => {
    const t = await setup();
    const stranger = await openTestDevice(t, credentials("IMEI:999999999999999", "md5"));
    open.push(stranger);
    expect((await stranger.session()).outcome).not.toBe("completed");
    const list = (await t.api("GET", "/api/devices?search=999999999999999")).body;
    expect(list.items).toEqual([]);
    const events = (await t.api("GET", "/api/events?kind=auth-failure")).body;
    expect(events.items.some((e: { deviceId: string }) => e.deviceId === "IMEI:999999999999999")).toBe(true);
    await servedMeanwhile(t);
  });

  it("refuses a replayed MsgID and a foreign session token, and the session goes on", async () => {
    const t = await setup();
    // The other device's first message, to be sent with the first device's token.
    const otherRecording = recordingTransport();
    const otherDevice = await openTestDevice(t, other, { transport: otherRecording.wrap });
    open.push(otherDevice);
    await otherDevice.session();
    const foreignBody = otherRecording.exchanges[0]!.request.body;

    for (let i = 0; i < 30; i++) {
      await t.api("POST", `/api/devices/${encodeURIComponent(good.devId)}/commands`, {
        kind: "Get",
        uri: "./DevInfo/Man",
      });
    }
    const refused: number[] = [];
    const recording = recordingTransport(async (request, _result, index) => {
      if (index !== 1) return;
      const token = tokenOf(request.url);
      expect(token).toBeDefined();
      // The same message again: its MsgID is no longer the next one.
      refused.push(
        (
          await postDm(t, request.body, {
            token: token!,
            contentType: request.contentType,
            headers: { ...request.headers },
          })
        ).status,
      );
      // Another device's message on this device's session.
      refused.push((await postDm(t, foreignBody, { token: token! })).status);
      // A token nobody was given.
      refused.push((await postDm(t, foreignBody, { token: "AAAAAAAAAAAAAAAAAAAAAA" })).status);
    });
    const d = await openTestDevice(t, good, { transport: recording.wrap, maxMsgSize: 2048 });
    open.push(d);
    const report = await d.session();
    expect(refused).toEqual([400, 403, 404]);
    expect(report.outcome, report.reason).toBe("completed");
    expect(recording.exchanges.length).toBeGreaterThan(2);
    const done = (await t.api("GET", `/api/devices/${encodeURIComponent(good.devId)}/commands?state=done`))
      .body;
    expect(done.items.length).toBe(30);
  });
});
