// What the command queue does over real sockets with our client: Atomic roll back reported,
// async Exec results matched by Correlator, large objects both ways, multi-message packages,
// TNDS payloads, and cancelled commands that are never sent.
import { afterEach, describe, expect, it } from "vitest";
import {
  credentials,
  openTestDevice,
  provision,
  startServer,
  type TestDevice,
  type TestServer,
} from "./server-e2e-helpers.js";

const open: (TestServer | TestDevice)[] = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close();
});

const devId = "IMEI:356938035643809";
const path = `/api/devices/${encodeURIComponent(devId)}`;

async function setup(
  serverOptions: Parameters<typeof startServer>[0] = {},
  deviceOptions: Parameters<typeof openTestDevice>[2] = {},
) {
  const t = await startServer(serverOptions);
  open.push(t);
  const c = credentials(devId, "md5");
  expect((await provision(t, c)).status).toBe(201);
  const d = await openTestDevice(t, c, deviceOptions);
  open.push(d);
  const enqueue = async (command: unknown): Promise<string> => {
    const r = await t.api("POST", `${path}/commands`, command);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const command = async (id: string) => (await t.api("GET", `/api/commands/${id}`)).body;
  return { t, d, enqueue, command };
}

function leaf(d: TestDevice, uri: string): unknown {
  const r = d.device.tree.get(uri, undefined);
  return r.status === 200 ? r.results?.[0]?.data : undefined;
}

describe("the command queue over a real session", () => {
  it("reports an Atomic roll back: 507 for the Atomic, 216 for the rolled-back child", async () => {
    const { d, enqueue, command } = await setup();
    await enqueue({ kind: "Add", uri: "./Vendor", format: "node" });
    await enqueue({ kind: "Add", uri: "./Vendor/Color", data: { text: "red" } });
    const atomic = await enqueue({
      kind: "Atomic",
      commands: [
        { kind: "Add", uri: "./Vendor/Size", data: { text: "XL" } },
        { kind: "Add", uri: "./Vendor/Color", data: { text: "again" } },
      ],
    });
    expect((await d.session()).outcome).toBe("completed");
    const a = await command(atomic);
    expect(a).toMatchObject({ state: "failed", status: 507 });
    expect(a.children.map((c: { status: number }) => c.status)).toEqual([216, 418]);
    expect(leaf(d, "./Vendor/Size")).toBeUndefined();
    expect(leaf(d, "./Vendor/Color")).toBe("red");
  });

  it("matches an async Exec's Generic Alert to the command by its Correlator", async () => {
    const { t, d, enqueue, command } = await setup();
    expect(d.device.tree.define("./Ops", { format: "node" }).status).toBe(200);
    expect(d.device.tree.define("./Ops/Run", { format: "chr", data: "" }).status).toBe(200);
    let finish: (code: string) => void = () => {};
    const done = new Promise<string>((r) => (finish = r));
    d.device.tree.mount("./Ops/Run", {
      exec: () => ({
        status: 202,
        completion: done.then((code) => ({
          alertType: "org.openmobilealliance.dm.firmwareupdate.update",
          data: code,
        })),
      }),
    });
    const exec = await enqueue({ kind: "Exec", uri: "./Ops/Run", async: true });
    expect((await d.session()).outcome).toBe("completed");
    const accepted = await command(exec);
    // 202: accepted; the final result comes with the Generic Alert (which overwrites it).
    expect(accepted.status).toBe(202);
    expect(accepted.results ?? []).toEqual([]);
    const correlator = accepted.correlator ?? `omadm-${exec}`;

    finish("200");
    await new Promise((r) => setTimeout(r, 10));
    expect((await d.session()).outcome).toBe("completed");
    expect(await command(exec)).toMatchObject({ state: "done", status: 200 });
    const events = (
      await t.api("GET", `/api/events?deviceId=${encodeURIComponent(devId)}&kind=exec-result,generic-alert`)
    ).body;
    const result = events.items.find((e: { kind: string }) => e.kind === "exec-result");
    expect(result.data).toMatchObject({ commandId: exec, correlator, status: 200 });
  });

  it("sends a large object in chunks and reassembles a large Results from the device", async () => {
    const big = Array.from({ length: 3000 }, (_, i) => String(i % 10))
      .join("")
      .repeat(8); // 24,000 chars
    const { d, enqueue, command } = await setup(
      { engine: { maxMsgSize: 4096 } },
      { maxMsgSize: 4096, maxObjSize: 1 << 20 },
    );
    await enqueue({ kind: "Add", uri: "./Vendor", format: "node" });
    const add = await enqueue({ kind: "Add", uri: "./Vendor/Big", format: "chr", data: { text: big } });
    const get = await enqueue({ kind: "Get", uri: "./Vendor/Big" });
    const report = await d.session();
    expect(report.outcome, report.reason).toBe("completed");
    expect(report.messages).toBeGreaterThan(6);
    expect(await command(add)).toMatchObject({ state: "done", status: 200 });
    expect(leaf(d, "./Vendor/Big")).toBe(big);
    const g = await command(get);
    expect(g).toMatchObject({ state: "done", status: 200 });
    expect(g.results[0].data).toEqual({ text: big });
  });

  it("splits a long queue over several messages within the device's MaxMsgSize", async () => {
    const { t, d, enqueue, command } = await setup({}, { maxMsgSize: 2048 });
    const ids: string[] = [];
    for (let i = 0; i < 40; i++)
      ids.push(await enqueue({ kind: "Get", uri: i % 2 === 0 ? "./DevInfo/Mod" : "./DevInfo/Man" }));
    const report = await d.session();
    expect(report.outcome, report.reason).toBe("completed");
    expect(report.messages).toBeGreaterThan(3);
    for (const id of ids) expect((await command(id)).state).toBe("done");
    const metrics = await (await fetch(`${t.server.url}/metrics`)).text();
    const received = Number(/omadm_messages_total\{direction="in"\} (\d+)/.exec(metrics)?.[1]);
    expect(received).toBe(report.messages);
  });

  it("adds a subtree from a TNDS payload", async () => {
    const { d, enqueue, command } = await setup();
    const tnds =
      "<MgmtTree xmlns='syncml:dmddf1.2'><VerDTD>1.2</VerDTD><Node><NodeName>Shop</NodeName>" +
      "<RTProperties><Format><node/></Format></RTProperties>" +
      "<Node><NodeName>Name</NodeName><RTProperties><Format><chr/></Format></RTProperties><Value>Corner</Value></Node>" +
      "</Node></MgmtTree>";
    const add = await enqueue({
      kind: "Add",
      uri: "./Vendor",
      format: "xml",
      type: "application/vnd.syncml.dmtnds+xml",
      data: { tnds },
    });
    expect((await d.session()).outcome).toBe("completed");
    expect(await command(add)).toMatchObject({ state: "done", status: 200 });
    expect(leaf(d, "./Vendor/Shop/Name")).toBe("Corner");
  });

  it("never sends a command cancelled while queued", async () => {
    const { t, d, enqueue, command } = await setup();
    const keep = await enqueue({ kind: "Get", uri: "./DevInfo/Mod" });
    const drop = await enqueue({ kind: "Add", uri: "./Dropped", format: "node" });
    expect((await t.api("DELETE", `/api/commands/${drop}`)).status).toBe(204);
    expect((await d.session()).outcome).toBe("completed");
    expect((await command(keep)).state).toBe("done");
    expect(await command(drop)).toMatchObject({ state: "cancelled", attempts: 0 });
    expect(leaf(d, "./Dropped")).toBeUndefined();
    expect((await t.api("DELETE", `/api/commands/${keep}`)).status).toBe(409);
  });
});
