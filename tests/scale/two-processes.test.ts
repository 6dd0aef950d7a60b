// Two `omadm server` processes on one PostgreSQL database behind Debian's nginx, round-robin
// without keep-alive or stickiness: 200 devices (our DM client, in this process) run their
// sessions through nginx, so consecutive messages of one session land on either process, and
// every Status and Results must still be stored against its command. The session state lives in
// the Store, so any process continues any session (issue 4, "must show").
// Needs PostgreSQL at 127.0.0.1:5432 and nginx: without them the test fails, it never skips.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DmClient, headlessUi, httpTransport, openDevice, type SessionReport } from "@omadm/client";
import { afterAll, describe, expect, it } from "vitest";
import { startOmadm, type OmadmProcess } from "../server-e2e/cli-runner.js";
import {
  createTestDatabase,
  deviceHeader,
  freePort,
  metricSum,
  startNginx,
  waitForPort,
  type Nginx,
} from "./scale-harness.js";

const deviceCount = 200;
const concurrency = 32;
const serverId = "omadm.scale";
const apiToken = "scale-admin-token";
/** The DMAcc account node the starter device makes for serverId (accountNodeName). */
const accountUri = `./DMAcc/${serverId}`;

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  const errors: unknown[] = [];
  for (const stop of cleanups.splice(0).reverse()) {
    try {
      await stop();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, "cleanup failed");
}, 60_000);

/** Stops a server process: SIGTERM (graceful), SIGKILL after 10 s. */
async function stopServer(p: OmadmProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill("SIGTERM");
  const timer = setTimeout(() => p.child.kill("SIGKILL"), 10_000);
  await p.exited;
  clearTimeout(timer);
}

/** Runs `work(i)` for i in 0..count-1 with at most `limit` running at once. */
async function pool<T>(count: number, limit: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      out[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return out;
}

/** The fields of GET /api/devices/{id}/commands items that the test reads. */
interface CommandView {
  readonly command: { readonly kind: string };
  readonly state: string;
  readonly status?: number;
  readonly results?: readonly unknown[];
}

const devIdOf = (i: number) => `IMEI:35${String(1e12 + i)}`;

describe("two server processes on one PostgreSQL behind nginx", () => {
  it(`completes ${deviceCount} devices' sessions whose messages alternate between the processes, losing no result`, async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());

    const ports = [await freePort(), await freePort()];
    const nginx: Nginx = await startNginx(ports);
    cleanups.push(() => nginx.stop());
    const base = `http://127.0.0.1:${nginx.port}`;

    // Both processes tell devices to come back through nginx (RespURI), never to themselves.
    const servers: OmadmProcess[] = [];
    for (const port of ports) {
      const dataDir = mkdtempSync(join(tmpdir(), "omadm-scale-data-"));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const server = await startOmadm([
        "server",
        "--port",
        String(port),
        "--host",
        "127.0.0.1",
        "--database",
        db.url,
        "--data-dir",
        dataDir,
        "--api-token",
        apiToken,
        "--server-id",
        serverId,
        "--public-url",
        base,
        "--log-level",
        "warn",
      ]);
      cleanups.push(() => stopServer(server));
      servers.push(server);
      // One at a time: the first runs the migrations, the second finds them done.
      await server.waitForStdout(/DM endpoint\s+\S+/, 60_000);
      await waitForPort(port);
    }

    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${apiToken}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: (text === "" ? undefined : JSON.parse(text)) as unknown };
    };

    // Provision every device and queue 2 Gets and 1 Replace for it, in order.
    await pool(deviceCount, 16, async (i) => {
      const id = devIdOf(i);
      const added = await api("POST", "/api/devices", {
        id,
        clientAuth: { scheme: "md5", username: `dev${i}`, secret: `secret-${i}` },
        serverAuth: { scheme: "md5", secret: `server-${i}` },
      });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      for (const command of [
        { kind: "Get", uri: "./DevInfo/DevId" },
        { kind: "Get", uri: "./DevInfo/Mod" },
        { kind: "Replace", uri: `${accountUri}/Name`, format: "chr", data: { text: `scale-${i}` } },
      ]) {
        const queued = await api("POST", `/api/devices/${encodeURIComponent(id)}/commands`, command);
        expect(queued.status, JSON.stringify(queued.body)).toBe(201);
      }
    });

    // The devices: each a tree file of its own, a client-initiated session through nginx.
    const deviceDir = mkdtempSync(join(tmpdir(), "omadm-scale-devices-"));
    cleanups.push(() => rmSync(deviceDir, { recursive: true, force: true }));
    const transport = httpTransport({ timeoutMs: 30_000 });
    const outcomes = await pool(deviceCount, concurrency, async (i) => {
      const id = devIdOf(i);
      const device = await openDevice(join(deviceDir, `${i}.json`), {
        fsync: false,
        starter: {
          devId: id,
          man: "omadm",
          mod: "scale",
          account: {
            serverId,
            serverUrl: `${base}/dm`,
            name: "unnamed",
            clientAuth: { type: "DIGEST", name: `dev${i}`, secret: `secret-${i}` },
            serverAuth: { type: "DIGEST", name: serverId, secret: `server-${i}` },
          },
        },
      });
      const client = new DmClient({
        device,
        // Names the device in nginx's access log, so each message is attributed to its session.
        transport: {
          send: (req, o) => transport.send({ ...req, headers: { ...req.headers, [deviceHeader]: id } }, o),
        },
        ui: headlessUi({}),
        encoding: i % 2 === 0 ? "xml" : "wbxml",
        sessionTimeoutMs: 60_000,
      });
      let report: SessionReport;
      try {
        report = await client.runSession(serverId, { kind: "client" });
      } finally {
        await client.close({ graceMs: 0 });
      }
      const name = JSON.stringify(device.tree.get(`${accountUri}/Name`, undefined).results?.[0]?.data);
      await device.close();
      return { id, report, name };
    });

    // Every session completed and the device applied its Replace.
    const notCompleted = outcomes.filter((o) => o.report.outcome !== "completed");
    expect(notCompleted.map((o) => `${o.id}: ${o.report.outcome} ${o.report.reason ?? ""}`)).toEqual([]);
    outcomes.forEach((o, i) => expect(o.name).toBe(JSON.stringify(`scale-${i}`)));

    // No result lost: every command is done, sent once, with its Status and Results stored.
    await pool(deviceCount, 16, async (i) => {
      const id = devIdOf(i);
      const { status, body } = await api("GET", `/api/devices/${encodeURIComponent(id)}/commands`);
      expect(status).toBe(200);
      const { items } = body as { items: CommandView[] };
      const [devId, mod, replace] = items;
      expect(items).toHaveLength(3);
      for (const c of items)
        expect(c).toMatchObject({ state: "done", status: 200, attempts: 1, resent: false });
      expect(devId?.results).toEqual([
        expect.objectContaining({ uri: "./DevInfo/DevId", data: { text: id } }),
      ]);
      expect(mod?.results).toEqual([
        expect.objectContaining({ uri: "./DevInfo/Mod", data: { text: "scale" } }),
      ]);
      expect(replace?.command.kind).toBe("Replace");
    });

    // The messages really alternated: nginx names the upstream of every DM message.
    const dmLines = nginx.accessLog().filter((l) => l.path === "/dm" && l.device !== "-");
    const messages = outcomes.reduce((n, o) => n + o.report.messages, 0);
    expect(dmLines).toHaveLength(messages);
    expect(dmLines.every((l) => l.status === 200)).toBe(true);
    const perUpstream = new Map<string, number>();
    const upstreamsOf = new Map<string, Set<string>>();
    for (const l of dmLines) {
      perUpstream.set(l.upstream, (perUpstream.get(l.upstream) ?? 0) + 1);
      upstreamsOf.set(l.device, (upstreamsOf.get(l.device) ?? new Set()).add(l.upstream));
    }
    expect([...perUpstream.keys()].sort()).toEqual(ports.map((p) => `127.0.0.1:${p}`).sort());
    for (const n of perUpstream.values()) expect(n).toBeGreaterThan(messages * 0.3);
    // A session here is two messages or more (Package 1, Package 3 with the Statuses and Results,
    // and a resent Package 1 when challenged). nginx sends the n-th request it receives to process
    // n mod 2, so a session's next message goes to the other process whenever an even number of
    // other requests arrived in between: at least half the sessions with 32 in flight (100 of
    // 200, standard deviation 7, for two messages each). A quarter is a floor no honest run
    // misses; sessions pinned to one process would give none.
    const hopped = [...upstreamsOf.values()].filter((s) => s.size === 2).length;
    expect(upstreamsOf.size).toBe(deviceCount);
    expect(
      hopped,
      `${hopped} of ${deviceCount} sessions had messages served by both processes`,
    ).toBeGreaterThan(deviceCount / 4);

    // Each process counted the DM messages nginx gave it (its own /metrics, bypassing nginx).
    for (const port of ports) {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metricSum(text, "omadm_messages_total", { direction: "in" })).toBe(
        perUpstream.get(`127.0.0.1:${port}`),
      );
    }

    // Neither process logged an error (level 50 or more).
    for (const s of servers) {
      const errors = s
        .stderr()
        .split("\n")
        .filter((l) => l.startsWith("{") && (JSON.parse(l) as { level: number }).level >= 50);
      expect(errors).toEqual([]);
    }
    expect(nginx.errorLog()).not.toMatch(/\[(error|crit|alert|emerg)\]/);
  }, 180_000);
});
