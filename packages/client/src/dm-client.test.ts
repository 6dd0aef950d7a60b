import { decodeSyncML, encodePackage0 } from "@omadm/protocol";
import type { ExecCompletion } from "@omadm/tree";
import { afterEach, describe, expect, it } from "vitest";
import { cmd, tempDir } from "../../../tests/client-e2e/client-e2e-helpers.js";
import {
  startScriptedDmServer,
  type ScriptedDmServerOptions,
} from "../../../tests/support/scripted-dm-server.js";
import type { AccountSettings } from "./account/index.js";
import { openDevice, type Device } from "./device/index.js";
import { DmClient, type DmClientOptions } from "./dm-client.js";
import { httpTransport } from "./transport/index.js";

const serverId = "scripted.server";
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(
  options: ScriptedDmServerOptions = {},
  client: Partial<DmClientOptions> = {},
  account: Partial<AccountSettings> = {},
) {
  const server = await startScriptedDmServer(options);
  cleanups.push(() => server.close());
  const device = await openDevice(`${tempDir()}/device.json`, {
    starter: {
      devId: "IMEI:490154203237518",
      man: "Acme",
      mod: "Rocket",
      account: { serverId, serverUrl: server.url, ...account },
    },
  });
  let saves = 0;
  const counted: Device = Object.assign(Object.create(device) as Device, {
    save: async () => {
      saves++;
      await device.save();
    },
  });
  cleanups.push(() => device.close());
  const dm = new DmClient({ device: counted, transport: httpTransport({ timeoutMs: 5000 }), ...client });
  cleanups.push(() => dm.close({ graceMs: 0 }));
  return { server, device, dm, saves: () => saves };
}

/** Waits until `ready()` holds (bounded by the test timeout). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((r) => setTimeout(r, 10));
}

describe("DmClient.runSession", () => {
  it("runs a session to completion and saves the device after every message", async () => {
    const { server, device, dm, saves } = await setup({
      steps: [[cmd.addNode("./Vendor")], [cmd.add("./Vendor/A", "1")]],
    });
    const report = await dm.runSession(serverId);
    expect(report).toMatchObject({ serverId, outcome: "completed", messages: 3 });
    expect(server.sessions[0]?.sessionId).toBe(report.sessionId);
    // Package 1, the replies to both steps, and the end: one save per engine step.
    expect(saves()).toBe(4);
    expect(device.tree.get("./Vendor/A", undefined).results?.[0]?.data).toBe("1");
  });

  it("reports a server it has no account for without touching the network", async () => {
    const { server, dm } = await setup();
    expect(await dm.runSession("nobody")).toMatchObject({ outcome: "failed", messages: 0 });
    expect(server.sessions).toEqual([]);
  });

  it("ends a session whose transport fails with the failure kind, and saves", async () => {
    const { dm, saves } = await setup({
      misbehave: { kind: "http-500", atMessage: 2 },
      steps: [[cmd.get("./DevInfo/Man")], [cmd.get("./DevInfo/Mod")]],
    });
    const report = await dm.runSession(serverId);
    expect(report).toMatchObject({ outcome: "failed", transportFailure: "http-status", messages: 2 });
    expect(saves()).toBeGreaterThanOrEqual(2);
  });

  it("ends the session when the device cannot be saved, before sending what it would acknowledge", async () => {
    const sent: string[] = [];
    const { server, device } = await setup({ steps: [[cmd.addNode("./Vendor")]] });
    const transport = httpTransport();
    const failing: Device = Object.assign(Object.create(device) as Device, {
      save: () => (sent.length >= 1 ? Promise.reject(new Error("disk full")) : Promise.resolve()),
    });
    const dm = new DmClient({
      device: failing,
      transport: { send: (m, o) => (sent.push(m.url), transport.send(m, o)) },
    });
    const report = await dm.runSession(serverId);
    expect(report).toMatchObject({ outcome: "failed", reason: "device state could not be saved" });
    // Package 1 went out; the statuses for the Add (not durable) never did.
    expect(sent).toHaveLength(1);
    expect(server.sessions[0]?.received).toHaveLength(1);
  });

  it("stops a session that never ends at the message bound", async () => {
    const { dm } = await setup({ misbehave: { kind: "never-end" } }, { maxMessages: 4 });
    const report = await dm.runSession(serverId);
    expect(report.outcome).toBe("aborted");
    expect(report.messages).toBeLessThanOrEqual(6);
  });

  it("runs sessions asked for at the same time one after the other", async () => {
    const order: string[] = [];
    const inner = httpTransport();
    const { dm } = await setup(
      { steps: [[cmd.get("./DevInfo/DevId")]] },
      {
        transport: { send: (m, o) => (order.push(decodeSyncML(m.body).header.sessionId), inner.send(m, o)) },
      },
    );
    const reports = await Promise.all([dm.runSession(serverId), dm.runSession(serverId)]);
    expect(reports.map((r) => r.outcome)).toEqual(["completed", "completed"]);
    const [a, b] = reports.map((r) => r.sessionId);
    expect(order).toEqual([a, a, b, b]);
  });

  it("uses the serverUrls override instead of the account address", async () => {
    const { server } = await setup();
    const other = await startScriptedDmServer();
    cleanups.push(() => other.close());
    const device = await openDevice(`${tempDir()}/device.json`, {
      starter: { devId: "IMEI:1", man: "m", mod: "m", account: { serverId, serverUrl: server.url } },
    });
    cleanups.push(() => device.close());
    const dm = new DmClient({ device, transport: httpTransport(), serverUrls: { [serverId]: other.url } });
    expect((await dm.runSession(serverId)).outcome).toBe("completed");
    expect(other.sessions).toHaveLength(1);
    expect(server.sessions).toHaveLength(0);
  });
});

describe("DmClient.serve", () => {
  it("runs queued sessions one at a time, in order", async () => {
    const order: string[] = [];
    const inner = httpTransport();
    const { server, dm } = await setup(
      { steps: [[cmd.get("./DevInfo/DevId")], [cmd.get("./DevInfo/Man")]] },
      {
        transport: { send: (m, o) => (order.push(decodeSyncML(m.body).header.sessionId), inner.send(m, o)) },
      },
    );
    const serving = dm.serve();
    for (const sessionId of [1, 2, 3]) {
      dm.enqueue({
        serverId,
        trigger: { kind: "server", sessionId, uiMode: "background", initiator: "server" },
      });
    }
    // The same request again while it is still queued is not queued twice.
    dm.enqueue({
      serverId,
      trigger: { kind: "server", sessionId: 3, uiMode: "background", initiator: "server" },
    });
    await until(() => server.sessions.filter((s) => s.ended).length === 3);
    expect(server.sessions.map((s) => s.sessionId)).toEqual(["1", "2", "3"]);
    // No interleaving: every message of session 1 went before any of session 2, and so on.
    expect(order).toEqual(["1", "1", "1", "2", "2", "2", "3", "3", "3"]);
    await dm.close();
    await serving;
  });

  it("starts the session a verified Package 0 asks for", async () => {
    const { server, dm } = await setup(
      {
        serverAuth: { scheme: "md5", username: serverId, password: "pw" },
        steps: [[cmd.get("./DevInfo/DevId")]],
      },
      {},
      { serverAuth: { type: "DIGEST", name: serverId, secret: "pw" } },
    );
    const serving = dm.serve();
    const pkg = encodePackage0(
      { uiMode: "background", initiator: "server", sessionId: 0xbeef, serverId },
      { serverPassword: "pw", nonce: new Uint8Array(0) },
    );
    expect(await dm.notifications.receive(pkg, "test")).toMatchObject({ accepted: true, nonce: "stored" });
    await until(() => server.sessions[0]?.ended === true);
    expect(server.sessions[0]).toMatchObject({
      sessionId: "BEEF",
      sessionAlert: 1200,
      serverAuthenticated: true,
    });
    await dm.close();
    await serving;
  });

  it("delivers the Generic Alert of an asynchronous Exec in a client-initiated session once it completes", async () => {
    let complete: ((c: ExecCompletion) => void) | undefined;
    const { server, dm, device } = await setup(
      { steps: [[cmd.exec("./Vendor/Update", "corr-42")]] },
      { alertPollMs: 60_000 },
    );
    device.tree.define("./Vendor", { format: "node" });
    device.tree.define("./Vendor/Update", { format: "chr", data: "" });
    device.tree.mount("./Vendor/Update", {
      exec: () => ({ status: 202, completion: new Promise<ExecCompletion>((r) => (complete = r)) }),
    });
    await device.save();
    const serving = dm.serve();
    expect((await dm.runSession(serverId)).outcome).toBe("completed");
    expect(server.sessions[0]?.commands[0]?.status?.data).toBe(202);
    expect(server.sessions).toHaveLength(1);

    complete?.({ alertType: "org.openmobilealliance.dm.firmwareupdate.update", data: "200" });
    await until(() => server.sessions.length === 2 && server.sessions[1]?.ended === true);
    const second = server.sessions[1];
    expect(second?.sessionAlert).toBe(1201);
    expect(second?.clientAlerts).toHaveLength(1);
    expect(second?.clientAlerts[0]).toMatchObject({ kind: "Alert", data: 1226, correlator: "corr-42" });
    await until(() => device.alerts.pending(serverId).length === 0);
    await dm.close();
    await serving;
  });

  it("closes promptly while a session waits for a silent server, aborting it", async () => {
    const { createServer } = await import("node:http");
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          silent.closeAllConnections();
          silent.close(() => r());
        }),
    );
    const address = silent.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/dm`;
    const { dm } = await setup({}, { serverUrls: { [serverId]: url } });
    const serving = dm.serve();
    const report = dm.runSession(serverId);
    await new Promise((r) => setTimeout(r, 50));
    await dm.close({ graceMs: 0 });
    await serving;
    expect(await report).toMatchObject({ outcome: "aborted", transportFailure: "aborted" });
  });
});
