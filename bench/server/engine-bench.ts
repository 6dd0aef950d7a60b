/**
 * The engine's and the store's work per session without HTTP: the fleet's client sessions call
 * the DM engine in this process, on a SQLite file with the settings `omadm server` uses. For quick
 * A/B comparisons of engine and store changes (`npm run bench:engine -- --sessions N
 * --concurrency C`); the figures come from bench:server. Prints sessions/s and the CPU
 * per session of this process (client and engine together: compare runs, not absolute values).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import type { Transport } from "@omadm/client";
import { createDmEngine, sessionTokenOf } from "@omadm/server";
import { openSqliteStore } from "@omadm/store-sqlite";
import { benchCommands, benchDevice, benchServerId } from "./bench-devices.js";
import { seedStore } from "./bench-seed.js";
import { deviceSession, runSession } from "./fleet-session.js";

const { values } = parseArgs({
  options: {
    sessions: { type: "string", default: "3000" },
    warmup: { type: "string", default: "300" },
    concurrency: { type: "string", default: "64" },
    synchronous: { type: "string", default: "full" },
  },
});
const sessions = Number(values.sessions);
const warmup = Number(values.warmup);
const concurrency = Number(values.concurrency);
const dir = mkdtempSync(join(tmpdir(), "omadm-engine-bench-"));
const path = join(dir, "omadm.db");
const serverUrl = "http://127.0.0.1:1/dm";
await seedStore(path, 0, sessions + warmup, benchCommands);
const store = await openSqliteStore({ path, synchronous: values.synchronous as "full" });
const engine = createDmEngine({
  store,
  clock: Date.now,
  random: (n) => new Uint8Array(randomBytes(n)),
  serverId: benchServerId,
  serverUrl,
});
const transport: Transport = {
  async send(request) {
    const token = sessionTokenOf(request.url);
    const reply = await engine.handle({
      body: request.body,
      contentType: request.contentType,
      headers: request.headers,
      ...(token === undefined ? {} : { token }),
    });
    if (reply.body === undefined)
      return { kind: "failure", failure: "http", message: String(reply.httpStatus) } as never;
    return {
      kind: "response",
      status: reply.httpStatus,
      body: reply.body,
      contentType: reply.contentType ?? "",
      headers: reply.headers ?? {},
    } as never;
  },
};

async function run(from: number, count: number): Promise<number> {
  let next = from;
  let failures = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < from + count) {
        const i = next++;
        const s = deviceSession(benchDevice(i), serverUrl, "xml", i);
        const r = await runSession(s, transport);
        if (r.outcome !== "completed") failures++;
      }
    }),
  );
  return failures;
}

await run(0, warmup);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const failures = await run(warmup, sessions);
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(
  `${sessions} sessions, ${failures} failed: ${(sessions / (wall / 1000)).toFixed(1)} sessions/s, ` +
    `CPU ${(cpuMs / sessions).toFixed(3)} ms/session (user ${(cpu.user / 1000 / sessions).toFixed(3)}, system ${(cpu.system / 1000 / sessions).toFixed(3)}), ` +
    `wall ${(wall / sessions).toFixed(3)} ms/session`,
);
await store.close();
rmSync(dir, { recursive: true, force: true });
