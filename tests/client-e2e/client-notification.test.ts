// Server-initiated sessions end to end: a Package 0 from a file, over UDP, over HTTP and as a
// WAP push over SMS through a fake SMSC speaking Kannel's line protocol; bad input on every
// listener is dropped while the client keeps serving; SIGTERM/SIGINT stop it cleanly.
import { createSocket } from "node:dgram";
import { writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import {
  bootstrapKey,
  buildDmBootstrapMessage,
  encodeBootstrapPush,
  encodePackage0,
  encodeWspPush,
  resyncNonce,
  type Package0Fields,
} from "@omadm/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeSmsc, type FakeSmsc } from "../support/fake-smsc.js";
import { startScriptedDmServer, type ScriptedDmServer } from "../support/scripted-dm-server.js";
import {
  cmd,
  deviceFlags,
  readLeaves,
  runClient,
  startClient,
  tempDir,
  type ClientProcess,
} from "./client-e2e-helpers.js";

const serverId = "scripted.server";
const serverSecret = "server-secret";
const msisdn = "+15551234567";
const auth = { client: "md5:device-user:client-secret", server: `md5:${serverId}:${serverSecret}` };

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function dmServer(steps = [[cmd.get("./DevInfo/DevId")]]): Promise<ScriptedDmServer> {
  const server = await startScriptedDmServer({
    clientAuth: { scheme: "md5", username: "device-user", password: "client-secret" },
    serverAuth: { scheme: "md5", username: serverId, password: serverSecret },
    steps,
  });
  cleanups.push(() => server.close());
  return server;
}

function package0(fields: Partial<Package0Fields>, nonce: Uint8Array): Uint8Array {
  return encodePackage0(
    { uiMode: "background", initiator: "server", sessionId: 0x1a2b, serverId, ...fields },
    { serverPassword: serverSecret, nonce },
  );
}

/** A Package 0 in a WSP push PDU, content type as text as Kannel sends it. [TR-NOT §6.3] */
function pushOf(pkg: Uint8Array): Uint8Array {
  return encodeWspPush({
    transactionId: 3,
    contentType: { mediaType: "application/vnd.syncml.notification" },
    applicationId: 7,
    body: pkg,
  });
}

/** Waits until `ready()` holds, polling (bounded by the test's timeout). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((r) => setTimeout(r, 20));
}

/** Creates the device with one client-initiated session (the server learns the device, the nonces move on). */
async function enrolledDevice(server: ScriptedDmServer): Promise<string> {
  const tree = join(tempDir(), "device.json");
  expect((await runClient([...deviceFlags(server.url, tree, auth), "--once"])).code).toBe(0);
  return tree;
}

async function serving(args: string[]): Promise<ClientProcess> {
  const client = await startClient(args);
  cleanups.push(async () => {
    if (client.child.exitCode === null) client.child.kill("SIGKILL");
    await client.exited;
  });
  return client;
}

async function boundPort(client: ClientProcess, kind: "UDP" | "HTTP"): Promise<number> {
  const line = await client.waitForLog((l) => l.msg === `listening for notifications on ${kind}`);
  return line.port as number;
}

function sendUdp(port: number, bytes: Uint8Array): Promise<void> {
  const s = createSocket("udp4");
  return new Promise((resolve) =>
    s.send(bytes, port, "127.0.0.1", () => {
      s.close();
      resolve();
    }),
  );
}

function post(port: number, body: Uint8Array, contentType: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/",
        headers: { "content-type": contentType, "content-length": body.length },
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

describe("omadm client --notification", () => {
  it("runs the session a Package 0 file asks for, with its session id and Alert 1200", async () => {
    const server = await dmServer([[cmd.addNode("./Vendor"), cmd.add("./Vendor/Notified", "yes")]]);
    const tree = await enrolledDevice(server);
    const file = join(tempDir(), "pkg0.bin");
    // The server builds the digest with the SRVCRED nonce the device handed it last session.
    writeFileSync(file, package0({ sessionId: 0x1a2b }, server.serverNonce));
    const run = await runClient([...deviceFlags(server.url, tree, auth), "--notification", file]);
    expect(run.code, run.stderr).toBe(0);
    const session = server.sessions[1];
    expect(session?.sessionId).toBe("1A2B");
    expect(session?.sessionAlert).toBe(1200);
    expect(await readLeaves(tree, ["./Vendor/Notified"])).toEqual(["yes"]);
  });

  it("accepts the resync nonce on a brand-new device", async () => {
    const server = await dmServer();
    const tree = join(tempDir(), "device.json");
    const file = join(tempDir(), "pkg0.bin");
    writeFileSync(file, package0({ sessionId: 0x77 }, resyncNonce("resync-zero-bytes")));
    const run = await runClient([...deviceFlags(server.url, tree, auth), "--notification", file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.logs.some((l) => l.msg === "Package 0 verified with the resync nonce")).toBe(true);
    expect(server.sessions[0]?.sessionId).toBe("77");
  });

  it("refuses a Package 0 with a bad digest: no session, exit 1", async () => {
    const server = await dmServer();
    const tree = await enrolledDevice(server);
    const file = join(tempDir(), "pkg0.bin");
    writeFileSync(
      file,
      encodePackage0(
        { uiMode: "background", initiator: "server", sessionId: 5, serverId },
        { serverPassword: "forged", nonce: server.serverNonce },
      ),
    );
    const run = await runClient([...deviceFlags(server.url, tree, auth), "--notification", file]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain("notification refused: bad-digest");
    expect(server.sessions).toHaveLength(1);
  });
});

describe("omadm client --listen", () => {
  it("starts sessions from Package 0 over UDP and HTTP, drops garbage and duplicates, and stops on SIGTERM", async () => {
    const server = await dmServer();
    const tree = await enrolledDevice(server);
    const client = await serving([
      ...deviceFlags(server.url, tree, auth),
      "--listen",
      "udp:127.0.0.1:0",
      "--listen",
      "http:127.0.0.1:0",
    ]);
    const udp = await boundPort(client, "UDP");
    const http = await boundPort(client, "HTTP");

    // Garbage first: the listeners drop it and keep going.
    await sendUdp(udp, new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
    await sendUdp(udp, new Uint8Array(0));
    expect(
      await post(
        http,
        new TextEncoder().encode("<not a notification/>"),
        "application/vnd.syncml.notification",
      ),
    ).toBe(400);
    expect(await post(http, new Uint8Array([1, 6, 200]), "application/octet-stream")).toBe(400);

    await sendUdp(udp, pushOf(package0({ sessionId: 0x101 }, server.serverNonce)));
    await until(() => server.sessions.length === 2 && server.sessions[1]?.ended === true);
    expect(server.sessions[1]).toMatchObject({ sessionId: "101", sessionAlert: 1200 });

    // Each session hands the server a new SRVCRED nonce: the next Package 0 uses it.
    await client.waitForLog((l) => l.msg === "session finished" && l.sessionId === "101");
    expect(
      await post(
        http,
        package0({ sessionId: 0x102 }, server.serverNonce),
        "application/vnd.syncml.notification",
      ),
    ).toBe(202);
    await until(() => server.sessions.length === 3 && server.sessions[2]?.ended === true);
    expect(server.sessions[2]).toMatchObject({ sessionId: "102", sessionAlert: 1200 });

    // The same session id again is a duplicate: no third server-initiated session.
    await client.waitForLog((l) => l.msg === "session finished" && l.sessionId === "102");
    expect(
      await post(
        http,
        package0({ sessionId: 0x102 }, server.serverNonce),
        "application/vnd.syncml.notification",
      ),
    ).toBe(202);
    await client.waitForLog((l) => l.msg === "duplicate Package 0 ignored");

    client.child.kill("SIGTERM");
    const exit = await client.exited;
    expect(exit.code).toBe(0);
    expect(exit.logs.some((l) => l.msg === "stopped")).toBe(true);
    expect(server.sessions).toHaveLength(3);
    expect(exit.logs.filter((l) => l.msg === "malformed Package 0 dropped").length).toBeGreaterThanOrEqual(3);
  });
});

describe("omadm client --smsc", () => {
  async function smsc(): Promise<FakeSmsc> {
    const s = await startFakeSmsc();
    cleanups.push(() => s.close());
    return s;
  }

  it("starts a session from a concatenated two-part WAP push, ignores other numbers and bad lines, and stops on SIGINT", async () => {
    const server = await dmServer();
    const tree = await enrolledDevice(server);
    const fake = await smsc();
    const client = await serving([
      ...deviceFlags(server.url, tree, auth),
      "--smsc",
      `127.0.0.1:${fake.port}`,
      "--msisdn",
      msisdn,
    ]);
    await fake.connected();

    await fake.write("garbage without fields\n");
    await fake.write(`1234 ${msisdn} udh %zz%zz %01\n`);
    await fake.write(`1234 ${msisdn} udh %06%05%04%0b%84%23%f0 %00%01%02\n`);
    // For another phone: ignored even though it is a valid notification.
    await fake.sendPush("+15550000000", pushOf(package0({ sessionId: 0x200 }, server.serverNonce)));

    const vendor = new Uint8Array(160).fill(0x2a); // makes the push need two SMS
    const parts = await fake.sendPush(
      msisdn,
      pushOf(package0({ sessionId: 0x201, vendor }, server.serverNonce)),
      {
        ref: 9,
        order: [1, 0],
      },
    );
    expect(parts).toBe(2);
    await until(() => server.sessions.length === 2 && server.sessions[1]?.ended === true);
    expect(server.sessions[1]).toMatchObject({ sessionId: "201", sessionAlert: 1200 });

    client.child.kill("SIGINT");
    const exit = await client.exited;
    expect(exit.code).toBe(0);
    expect(server.sessions).toHaveLength(2);
    expect(exit.logs.some((l) => l.msg === "malformed SMSC line dropped")).toBe(true);
  });

  it("reconnects when the SMSC drops the connection and still delivers", async () => {
    const server = await dmServer();
    const tree = await enrolledDevice(server);
    const fake = await smsc();
    await serving([
      ...deviceFlags(server.url, tree, auth),
      "--smsc",
      `127.0.0.1:${fake.port}`,
      "--msisdn",
      msisdn,
    ]);
    await fake.connected();
    fake.dropReader();
    await until(() => fake.connections >= 2);
    await fake.connected();
    await fake.sendPush(msisdn, pushOf(package0({ sessionId: 0x300 }, server.serverNonce)));
    await until(() => server.sessions.length === 2 && server.sessions[1]?.ended === true);
    expect(server.sessions[1]?.sessionId).toBe("300");
  });

  it("applies a DM-profile bootstrap pushed over SMS with a valid USERPIN MAC, then calls the new server", async () => {
    const server = await dmServer();
    const tree = await enrolledDevice(server);
    const second = await startScriptedDmServer({ steps: [[cmd.get("./DevInfo/DevId")]] });
    cleanups.push(() => second.close());
    const fake = await smsc();
    const client = await serving([
      ...deviceFlags(server.url, tree, auth),
      "--smsc",
      `127.0.0.1:${fake.port}`,
      "--msisdn",
      msisdn,
      "--user-pin",
      "4711",
    ]);
    await fake.connected();
    const document = buildDmBootstrapMessage({
      account: { serverId: "second.server", appAddrs: [{ addr: second.url }], appAuths: [] },
      accountName: "second",
      deviceId: "IMEI:490154203237518",
      serverUri: "http://bootstrap.example/",
    });
    const push = (pin: string) =>
      encodeBootstrapPush({
        profile: "dm",
        transactionId: 1,
        sec: "USERPIN",
        key: bootstrapKey("USERPIN", { pin }),
        document,
      });
    // A MAC made with the wrong PIN is refused; the right one is applied.
    await fake.sendPush(msisdn, push("0000"), { ref: 1 });
    await client.waitForLog((l) => l.msg === "bootstrap refused");
    await fake.sendPush(msisdn, push("4711"), { ref: 2 });
    await client.waitForLog((l) => l.msg === "bootstrap applied");
    await until(() => second.sessions[0]?.ended === true);
    expect(second.sessions).toHaveLength(1);
    expect(second.sessions[0]?.sessionAlert).toBe(1201);
    expect(second.sessions[0]?.commands[0]?.status?.data).toBe(200);
    client.child.kill("SIGTERM");
    expect((await client.exited).code).toBe(0);
  });
});
