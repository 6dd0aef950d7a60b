import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Command, Element, SyncMLMessage } from "@omadm/protocol";
import { encodeSyncML } from "@omadm/protocol";
import { openSqliteStore } from "@omadm/store-sqlite";
import { fakeClock } from "@omadm/testing";
import { clientAuthOf } from "../auth/index.js";
import type { DmCommand, Store } from "../store/store-api.js";
import { createDmEngine } from "./dm-engine.js";
import {
  answerAll,
  commandsOf,
  flatCommands,
  hdrStatus,
  headerStatus,
  newSession,
  packageOne,
  results,
  send,
  simDevice,
  status,
  statusFor,
  targetOf,
  testServerId,
  testServerUrl,
} from "./engine-test-kit.js";
import type { DmEngineOptions, EngineEvent } from "./session-api.js";

const random = (n: number) => new Uint8Array(randomBytes(n));
const deviceId = "IMEI:100";
const auth = { scheme: "basic", username: "u", password: "p" } as const;

async function setup(options: Partial<DmEngineOptions> = {}) {
  const clock = fakeClock();
  const store = await openSqliteStore({ path: ":memory:", clock: clock.now });
  await store.devices.create({ id: deviceId, clientAuth: clientAuthOf("basic", "u", "p") });
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

async function enqueueAll(store: Store, commands: readonly DmCommand[]) {
  const out = [];
  for (const c of commands) out.push(await store.commands.enqueue(deviceId, c));
  return out;
}

const tnds =
  "<MgmtTree xmlns='syncml:dmddf1.2'><VerDTD>1.2</VerDTD><Node><NodeName>App</NodeName>" +
  "<RTProperties><Format><node/></Format><Type><DDFName>com.example/1.0/App</DDFName></Type></RTProperties>" +
  "<Node><NodeName>Url</NodeName><RTProperties><Format><chr/></Format><Type><MIME>text/plain</MIME></Type></RTProperties>" +
  "<Value>http://x</Value></Node></Node></MgmtTree>";

describe("package 2: queued commands", () => {
  it("sends the queue in order after the Statuses, each command rendered with its Item and Meta", async () => {
    const { engine, store } = await setup();
    await enqueueAll(store, [
      { kind: "Get", uri: "./DevDetail/FwV" },
      { kind: "Replace", uri: "./Ext/Name", data: { text: "a & b" } },
      {
        kind: "Replace",
        uri: "./Ext/Blob",
        data: { base64: Buffer.from([0, 1, 2, 255]).toString("base64") },
      },
      { kind: "Add", uri: "./Ext/Dir", format: "node" },
      { kind: "Add", uri: "./Ext", format: "xml", data: { tnds } },
      { kind: "Delete", uri: "./Ext/Old" },
      { kind: "Exec", uri: "./FUMO/Update", data: { text: "now" } },
      { kind: "Copy", uri: "./Ext/Copy", source: "./Ext/Name" },
    ]);
    const d = simDevice(deviceId, auth);
    const x = await send(engine, d, packageOne());
    const m = x.message!;
    expect(m.final).toBe(true);
    const kinds = commandsOf(m).map((c) => c.kind);
    expect(kinds).toEqual(["Get", "Replace", "Replace", "Add", "Add", "Delete", "Exec", "Copy"]);
    // Statuses first, SyncHdr Status leading; CmdIDs unique within the message.
    expect(m.body[0]).toMatchObject({ kind: "Status", cmdRef: 0 });
    const ids = m.body.map((c) => ("cmdId" in c ? c.cmdId : 0));
    expect(new Set(ids).size).toBe(ids.length);
    const [get, text, blob, dir, add, , exec, copy] = commandsOf(m);
    expect(targetOf(get!)).toBe("./DevDetail/FwV");
    expect(text).toMatchObject({ items: [{ data: "a & b" }] });
    // [TR-TND §8.3.7.2] bytes over XML: Format b64, base64 text.
    expect(blob).toMatchObject({ items: [{ meta: { format: "b64" }, data: "AAEC/w==" }] });
    expect(dir).toMatchObject({ items: [{ meta: { format: "node" } }] });
    // [TR-TNDS §9] TNDS as an embedded element with the dmtnds Type.
    const addItem = add?.kind === "Add" ? add.items[0] : undefined;
    expect(addItem?.meta).toMatchObject({ format: "xml", type: "application/vnd.syncml.dmtnds+xml" });
    expect((addItem?.data as Element).name).toBe("MgmtTree");
    expect(exec?.kind === "Exec" && exec.correlator).toMatch(/^omadm-\d+$/);
    expect(copy).toMatchObject({
      items: [{ target: { locUri: "./Ext/Copy" }, source: { locUri: "./Ext/Name" } }],
    });
    const states = (await store.commands.list({ deviceId })).items.map((c) => c.state);
    expect(states.every((s) => s === "sent")).toBe(true);
  });

  it("renders a TNDS payload as a nested WBXML document with the +wbxml Type over WBXML", async () => {
    const { engine, store } = await setup();
    await enqueueAll(store, [{ kind: "Add", uri: "./Ext", data: { tnds } }]);
    const d = simDevice(deviceId, auth, { encoding: "wbxml" });
    const x = await send(engine, d, packageOne());
    expect(x.reply.contentType).toBe("application/vnd.syncml.dm+wbxml");
    const add = commandsOf(x.message!)[0];
    const item = add?.kind === "Add" ? add.items[0] : undefined;
    expect(item?.meta?.type).toBe("application/vnd.syncml.dmtnds+wbxml");
    expect((item?.data as Element).name).toBe("MgmtTree");
  });

  it("stores every Status and Results against its command and ends with a Status-only package", async () => {
    const { engine, store, signals } = await setup();
    const [get, del] = await enqueueAll(store, [
      { kind: "Get", uri: "./DevDetail/FwV" },
      { kind: "Delete", uri: "./Ext/Old" },
    ]);
    const d = simDevice(deviceId, auth);
    const x = await send(engine, d, packageOne());
    const m = x.message!;
    const [g, dl] = commandsOf(m);
    const y = await send(engine, d, [
      hdrStatus(m),
      status(m, g!, 200),
      results(m, g!, [
        { source: { locUri: "./DevDetail/FwV" }, meta: { format: "chr", type: "text/plain" }, data: "1.0.7" },
      ]),
      status(m, dl!, 404),
    ]);
    const end = y.message!;
    // [TR-PRO §2.1.1] no Status for Results; nothing more to send: Statuses only, Final.
    expect(end.body.every((c) => c.kind === "Status")).toBe(true);
    expect(end.body).toHaveLength(1);
    expect(end.final).toBe(true);
    expect(await store.commands.get(get!.id)).toMatchObject({
      state: "done",
      status: 200,
      results: [{ uri: "./DevDetail/FwV", format: "chr", type: "text/plain", data: { text: "1.0.7" } }],
    });
    expect(await store.commands.get(del!.id)).toMatchObject({ state: "failed", status: 404 });
    expect(signals.filter((s) => s.type === "command-updated" && s.status !== undefined)).toHaveLength(2);
    // The session is over: its token no longer takes messages.
    const after = await send(engine, d, [hdrStatus(end)]);
    expect(after.reply.httpStatus).toBe(404);
  });

  it("keeps a command without Status 'sent' and sends it again, marked resent, in the next session", async () => {
    const { engine, store } = await setup();
    const [a, b] = await enqueueAll(store, [
      { kind: "Replace", uri: "./Ext/A", data: { text: "1" } },
      { kind: "Replace", uri: "./Ext/B", data: { text: "2" } },
    ]);
    const d = simDevice(deviceId, auth);
    const x = await send(engine, d, packageOne());
    const [ra] = commandsOf(x.message!);
    // The device answers only the first command.
    const y = await send(engine, d, [hdrStatus(x.message!), status(x.message!, ra!, 200)]);
    expect(commandsOf(y.message!)).toHaveLength(0);
    expect(await store.commands.get(a!.id)).toMatchObject({ state: "done", attempts: 1, resent: false });
    expect(await store.commands.get(b!.id)).toMatchObject({ state: "sent", attempts: 1, resent: false });
    newSession(d, "2");
    const z = await send(engine, d, packageOne());
    expect(commandsOf(z.message!).map(targetOf)).toEqual(["./Ext/B"]);
    expect(await store.commands.get(b!.id)).toMatchObject({ state: "sent", attempts: 2, resent: true });
    const [rb] = commandsOf(z.message!);
    await send(engine, d, [hdrStatus(z.message!), status(z.message!, rb!, 200)]);
    expect(await store.commands.get(b!.id)).toMatchObject({ state: "done", resent: true });
  });

  it("records the Atomic's status and each child's own status", async () => {
    const { engine, store } = await setup();
    const [atomic] = await enqueueAll(store, [
      {
        kind: "Atomic",
        commands: [
          { kind: "Add", uri: "./Ext/N1", data: { text: "x" } },
          { kind: "Replace", uri: "./Ext/Missing", data: { text: "y" } },
          { kind: "Delete", uri: "./Ext/N3" },
        ],
      },
    ]);
    const d = simDevice(deviceId, auth);
    const x = await send(engine, d, packageOne());
    const m = x.message!;
    const flat = flatCommands(m);
    expect(flat.map((c) => c.kind)).toEqual(["Atomic", "Add", "Replace", "Delete"]);
    const [at, add, rep, del] = flat;
    // [TR-REP §4.1.6.3] the failing child keeps its code, the rolled back one 216, the rest 215, the Atomic 507.
    await send(engine, d, [
      hdrStatus(m),
      status(m, at!, 507),
      status(m, add!, 216),
      status(m, rep!, 404),
      status(m, del!, 215),
    ]);
    expect(await store.commands.get(atomic!.id)).toMatchObject({
      state: "failed",
      status: 507,
      children: [{ status: 216 }, { status: 404 }, { status: 215 }],
    });
  });

  it("matches an async Exec's Generic Alert by its Correlator, in a later session", async () => {
    const { engine, store } = await setup();
    const [exec] = await enqueueAll(store, [{ kind: "Exec", uri: "./FUMO/Pkg/Update", async: true }]);
    const d = simDevice(deviceId, auth);
    const x = await send(engine, d, packageOne());
    const e = commandsOf(x.message!)[0];
    const correlator = e?.kind === "Exec" ? e.correlator : undefined;
    expect(correlator).toBeDefined();
    await send(engine, d, [hdrStatus(x.message!), status(x.message!, e!, 202)]);
    expect(await store.commands.get(exec!.id)).toMatchObject({ state: "done", status: 202 });
    newSession(d, "2");
    const alert: Command = {
      kind: "Alert",
      cmdId: 0,
      data: 1226,
      correlator: correlator!,
      items: [
        {
          source: { locUri: "./FUMO/Pkg" },
          meta: { type: "org.openmobilealliance.dm.firmwareupdate.update", format: "int", mark: "critical" },
          data: "410",
        },
      ],
    };
    const y = await send(engine, d, packageOne(1201, [alert]));
    expect(statusFor(y.message!, 3)).toMatchObject({ cmd: "Alert", data: 200 });
    expect(await store.commands.get(exec!.id)).toMatchObject({
      state: "failed",
      status: 410,
      results: [{ uri: "./FUMO/Pkg", format: "int", data: { text: "410" } }],
    });
    const events = await store.events.list({ deviceId, kinds: ["generic-alert", "exec-result"] });
    expect(events.map((ev) => ev.kind)).toEqual(["generic-alert", "exec-result"]);
    expect(events[0]?.data).toMatchObject({
      type: "org.openmobilealliance.dm.firmwareupdate.update",
      format: "int",
      mark: "critical",
      source: "./FUMO/Pkg",
      correlator,
      commandId: exec!.id,
    });
  });

  it("keeps an async result that arrives in the same package as the Exec's 202", async () => {
    const { engine, store } = await setup();
    const [exec] = await enqueueAll(store, [{ kind: "Exec", uri: "./LAWMO/Operations/Wipe", async: true }]);
    const d = simDevice(deviceId, auth);
    const x = await send(engine, d, packageOne());
    const e = commandsOf(x.message!)[0]!;
    const correlator = e.kind === "Exec" ? e.correlator! : "";
    await send(engine, d, [
      hdrStatus(x.message!),
      status(x.message!, e, 202),
      {
        kind: "Alert",
        cmdId: 0,
        data: 1226,
        correlator,
        items: [{ meta: { type: "urn:oma:at:lawmo:1.0:OperationComplete", format: "int" }, data: "1200" }],
      },
    ]);
    expect(await store.commands.get(exec!.id)).toMatchObject({ state: "done", status: 1200 });
  });

  it("stores Generic Alerts without Correlator and Client Events as events, one per Item", async () => {
    const { engine, store } = await setup();
    const d = simDevice(deviceId, auth);
    await send(
      engine,
      d,
      packageOne(1201, [
        {
          kind: "Alert",
          cmdId: 0,
          data: 1226,
          items: [
            { meta: { type: "com.example.battery", format: "chr" }, data: "low" },
            { meta: { type: "com.example.temp", format: "int", mark: "warning" }, data: "71" },
          ],
        },
        {
          kind: "Alert",
          cmdId: 0,
          data: 1224,
          items: [{ meta: { type: "com.microsoft/MDM/LoginStatus", format: "chr" }, data: "user" }],
        },
      ]),
    );
    const events = await store.events.list({ deviceId, kinds: ["generic-alert", "client-event"] });
    expect(events.map((e) => [e.kind, (e.data as { type: string }).type])).toEqual([
      ["generic-alert", "com.example.battery"],
      ["generic-alert", "com.example.temp"],
      ["client-event", "com.microsoft/MDM/LoginStatus"],
    ]);
    expect(events[0]?.data).toMatchObject({ mark: "informational", data: { text: "low" } });
  });

  it("ends the session on Alert 1223 with Statuses only, keeping what was answered", async () => {
    const { engine, store } = await setup();
    const [a, b] = await enqueueAll(store, [
      { kind: "Get", uri: "./A" },
      { kind: "Get", uri: "./B" },
    ]);
    const d = simDevice(deviceId, auth);
    const x = await send(engine, d, packageOne());
    const [ga] = commandsOf(x.message!);
    const y = await send(engine, d, [
      hdrStatus(x.message!),
      status(x.message!, ga!, 200),
      results(x.message!, ga!, [{ source: { locUri: "./A" }, data: "a" }]),
      { kind: "Alert", cmdId: 0, data: 1223, items: [] },
    ]);
    expect(y.message!.body.every((c) => c.kind === "Status")).toBe(true);
    expect(statusFor(y.message!, 4)).toMatchObject({ cmd: "Alert", data: 200 });
    expect(await store.commands.get(a!.id)).toMatchObject({
      state: "done",
      results: [{ data: { text: "a" } }],
    });
    expect(await store.commands.get(b!.id)).toMatchObject({ state: "sent" });
    const ended = await store.events.list({ deviceId, kinds: ["session"] });
    expect(ended.at(-1)?.data).toMatchObject({ action: "ended", outcome: "aborted" });
  });

  it("answers a client message without Final with Statuses and Alert 1222 only [TR-PRO §2.1]", async () => {
    const { engine, store } = await setup();
    await enqueueAll(store, [{ kind: "Get", uri: "./A" }]);
    const d = simDevice(deviceId, auth);
    const x = await send(engine, d, packageOne(), { final: false });
    const m = x.message!;
    expect(m.final).toBe(false);
    expect(commandsOf(m)).toEqual([expect.objectContaining({ kind: "Alert", data: 1222 })]);
    expect(headerStatus(m)?.data).toBe(212);
    const y = await send(engine, d, [
      hdrStatus(m),
      status(m, commandsOf(m)[0]!, 200),
      {
        kind: "Alert",
        cmdId: 0,
        data: 1226,
        items: [{ meta: { type: "com.example.x", format: "chr" }, data: "1" }],
      },
    ]);
    expect(commandsOf(y.message!).map((c) => c.kind)).toEqual(["Get"]);
    expect(y.message!.final).toBe(true);
  });

  it("splits a queue larger than the device's MaxMsgSize into packages, each sent after the Statuses of the last", async () => {
    const { engine, store } = await setup();
    const many: DmCommand[] = Array.from({ length: 40 }, (_, i) => ({
      kind: "Replace",
      uri: `./Ext/Settings/Item${i}`,
      data: { text: "value-".repeat(5) + String(i) },
    }));
    const queued = await enqueueAll(store, many);
    const d = simDevice(deviceId, auth, { maxMsgSize: 2000 });
    let reply: SyncMLMessage = (await send(engine, d, packageOne())).message!;
    const seen: string[] = [];
    for (let round = 0; round < 40 && commandsOf(reply).length > 0; round++) {
      expect(encodeSyncML(reply).length).toBeLessThanOrEqual(2000);
      expect(reply.final).toBe(true);
      seen.push(...commandsOf(reply).map((c) => targetOf(c)!));
      reply = (await send(engine, d, answerAll(reply))).message!;
    }
    expect(seen).toEqual(many.map((c) => (c.kind === "Replace" ? c.uri : "")));
    for (const q of queued) expect((await store.commands.get(q.id))?.state).toBe("done");
  });

  it("fails a command that cannot fit the device's MaxMsgSize and is no large object, and goes on", async () => {
    const { engine, store } = await setup();
    const [big, small] = await enqueueAll(store, [
      {
        kind: "Atomic",
        commands: Array.from({ length: 30 }, (_, i) => ({
          kind: "Delete" as const,
          uri: `./Ext/Long/Path/Node${i}`,
        })),
      },
      { kind: "Get", uri: "./A" },
    ]);
    const d = simDevice(deviceId, auth, { maxMsgSize: 1200 });
    const x = await send(engine, d, packageOne());
    expect(commandsOf(x.message!).map((c) => c.kind)).toEqual(["Get"]);
    expect(await store.commands.get(big!.id)).toMatchObject({ state: "failed", status: 413 });
    expect(await store.commands.get(small!.id)).toMatchObject({ state: "sent" });
  });

  it("fails a stored command that no longer validates with 400 instead of sending it", async () => {
    const { engine, store } = await setup();
    const [bad] = await enqueueAll(store, [{ kind: "Get", uri: "../escape" }]);
    const d = simDevice(deviceId, auth);
    const x = await send(engine, d, packageOne());
    expect(commandsOf(x.message!)).toHaveLength(0);
    expect(await store.commands.get(bad!.id)).toMatchObject({ state: "failed", status: 400 });
  });

  it("picks up commands queued while the session runs", async () => {
    const { engine, store } = await setup();
    await enqueueAll(store, [{ kind: "Get", uri: "./A" }]);
    const d = simDevice(deviceId, auth);
    const x = await send(engine, d, packageOne());
    await enqueueAll(store, [{ kind: "Get", uri: "./B" }]);
    const y = await send(engine, d, answerAll(x.message!));
    expect(commandsOf(y.message!).map(targetOf)).toEqual(["./B"]);
  });
});
