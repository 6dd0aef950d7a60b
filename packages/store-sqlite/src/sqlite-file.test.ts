import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import sqlite from "node-sqlite3-wasm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "./sqlite-store.js";

const srcDir = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

// A child process that opens the store and enqueues commands as fast as it can, printing the seq
// of each one the store acknowledged. Bundled with esbuild so it starts as plain node.
const childSource = `
import { openSqliteStore } from "./sqlite-store.ts";
const store = await openSqliteStore({ path: process.argv[2] });
if ((await store.devices.get("A")) === undefined) {
  await store.devices.create({ id: "A", clientAuth: { scheme: "md5", username: "a", secretHash: "x" } });
}
process.stdout.write("ready\\n");
if (process.argv[3] === "write") {
  for (;;) {
    await Promise.all(Array.from({ length: 8 }, async () => {
      const command = await store.commands.enqueue("A", { kind: "Get", uri: "./DevInfo/Mod" });
      process.stdout.write("ack " + command.seq + "\\n");
    }));
  }
}
setInterval(() => {}, 1000);
`;

async function bundleChild(dir: string): Promise<string> {
  const esbuild = await import("esbuild");
  const outfile = join(dir, "child.mjs");
  await esbuild.build({
    stdin: { contents: childSource, resolveDir: srcDir, loader: "ts" },
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["source"],
    absWorkingDir: repoRoot,
    // node-sqlite3-wasm loads its .wasm next to itself: import it where it is installed.
    plugins: [
      {
        name: "sqlite-wasm-external",
        setup(build) {
          build.onResolve({ filter: /^node-sqlite3-wasm$/ }, () => ({
            path: pathToFileURL(createRequire(import.meta.url).resolve("node-sqlite3-wasm")).href,
            external: true,
          }));
        },
      },
    ],
    logLevel: "error",
  });
  return outfile;
}

interface Child {
  readonly process: ChildProcess;
  readonly acks: number[];
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
}

function startChild(script: string, dbPath: string, mode: "hold" | "write"): Child {
  const child = spawn(process.execPath, [script, dbPath, mode], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const acks: number[] = [];
  let stderr = "";
  let readyResolve!: () => void;
  let readyReject!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });
  let buffered = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (line === "ready") readyResolve();
      else if (line.startsWith("ack ")) acks.push(Number(line.slice(4)));
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => {
    child.on("exit", () => {
      readyReject(new Error(`child exited before ready: ${stderr}`));
      resolve();
    });
  });
  return { process: child, acks, ready, exited };
}

describe("SQLite store file handling", () => {
  let dir: string;
  let children: ChildProcess[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "omadm-sqlite-file-"));
  });

  afterEach(() => {
    for (const child of children) child.kill("SIGKILL");
    children = [];
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates the directory of a new database file", async () => {
    const path = join(dir, "nested", "deeper", "omadm.db");
    const store = await openSqliteStore({ path });
    expect(store.path).toBe(path);
    expect(existsSync(path)).toBe(true);
    await store.close();
  });

  it("writes through a WAL while open and leaves a plain database file when closed", async () => {
    const path = join(dir, "omadm.db");
    const store = await openSqliteStore({ path });
    await store.devices.create({ id: "A", clientAuth: { scheme: "md5", username: "a", secretHash: "x" } });
    expect(existsSync(`${path}-wal`)).toBe(true);
    await store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    // Any SQLite opens it now, this WASM build without the exclusive lock included.
    const raw = new sqlite.Database(path);
    expect(raw.get("PRAGMA journal_mode")).toEqual({ journal_mode: "delete" });
    expect(raw.get("SELECT id FROM devices")).toEqual({ id: "A" });
    raw.close();
  });

  it("refuses a second store on a file this process holds", async () => {
    const path = join(dir, "omadm.db");
    const store = await openSqliteStore({ path });
    await expect(openSqliteStore({ path })).rejects.toMatchObject({ code: "STORE_LOCKED" });
    await store.close();
    const again = await openSqliteStore({ path });
    await again.close();
  });

  it("refuses a file another running process holds", async () => {
    const path = join(dir, "omadm.db");
    const child = startChild(await bundleChild(dir), path, "hold");
    children.push(child.process);
    await child.ready;
    await expect(openSqliteStore({ path })).rejects.toMatchObject({ code: "STORE_LOCKED" });
  });

  it("takes over the file of a killed process and keeps every write it acknowledged", async () => {
    const path = join(dir, "omadm.db");
    const child = startChild(await bundleChild(dir), path, "write");
    children.push(child.process);
    await child.ready;
    while (child.acks.length < 40) await new Promise((resolve) => setTimeout(resolve, 5));
    child.process.kill("SIGKILL");
    await child.exited;
    const acknowledged = [...child.acks];
    expect(existsSync(`${path}.lock`)).toBe(true);
    // Its last commits are in the WAL, which the next open recovers.
    expect(existsSync(`${path}-wal`)).toBe(true);

    const store = await openSqliteStore({ path });
    try {
      const seqs: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.commands.list(
          { deviceId: "A" },
          { limit: 1000, ...(cursor === undefined ? {} : { cursor }) },
        );
        seqs.push(...page.items.map((c) => c.seq));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      for (const seq of acknowledged) expect(seqs).toContain(seq);
      // No gaps and no duplicates: the device's counter and its commands committed together.
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      const next = await store.commands.enqueue("A", { kind: "Get", uri: "./X" });
      expect(next.seq).toBe(seqs.length + 1);
    } finally {
      await store.close();
    }
  });

  it("leaves a lock alone whose owner it cannot vouch for", async () => {
    const path = join(dir, "omadm.db");
    (await openSqliteStore({ path })).close().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));
    mkdirSync(`${path}.lock`);
    // No owner note: perhaps another program; refuse rather than risk two writers.
    await expect(openSqliteStore({ path })).rejects.toMatchObject({ code: "STORE_LOCKED" });
    // An owner note naming a live process (this one, via another host name) is respected too.
    writeFileSync(`${path}.owner`, JSON.stringify({ pid: process.pid, host: "elsewhere" }));
    await expect(openSqliteStore({ path })).rejects.toMatchObject({ code: "STORE_LOCKED" });
  });

  it("refuses a database written by a newer omadm", async () => {
    const path = join(dir, "omadm.db");
    await (await openSqliteStore({ path })).close();
    const raw = new sqlite.Database(path);
    raw.run("INSERT INTO omadm_migrations (version, name, applied_at) VALUES (999, 'future', 0)");
    raw.close();
    await expect(openSqliteStore({ path })).rejects.toMatchObject({ code: "STORE_VERSION" });
    // The refused open released the file.
    const raw2 = new sqlite.Database(path);
    expect(raw2.get("SELECT count(*) AS n FROM omadm_migrations")).toEqual({ n: 2 });
    raw2.close();
  });

  it("opens without migrating when told, and migrates on request", async () => {
    const path = join(dir, "omadm.db");
    const store = await openSqliteStore({ path, migrate: false });
    await expect(store.devices.count()).rejects.toThrow(/no such table/);
    await store.migrate();
    expect(await store.devices.count()).toBe(0);
    await store.close();
  });

  it("refuses an unknown synchronous level", async () => {
    await expect(
      openSqliteStore({ path: ":memory:", synchronous: "fast" as unknown as "full" }),
    ).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});
