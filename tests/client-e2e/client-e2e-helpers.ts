/**
 * Running `omadm client` as a child process and looking at what it left behind. The command is
 * run from the TypeScript sources, never a possibly stale dist/: bundled once per test file with
 * esbuild (the one vite and vitest bring; startup then takes ~0.2 s), or under vite-node when
 * esbuild cannot be loaded (~2 s per start). Children are always spawned asynchronously: the
 * scripted server runs in this process and must keep answering while the client runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDevice } from "@omadm/client";
import type { Command } from "@omadm/protocol";

const root = fileURLToPath(new URL("../../", import.meta.url));
const viteNode = join(root, "node_modules/.bin/vite-node");
const entry = fileURLToPath(new URL("./cli-entry.ts", import.meta.url));

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface ClientRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly logs: LogLine[];
}

let bundled: Promise<string | undefined> | undefined;

/** The command bundled into one ESM file, or undefined when esbuild is not available. */
function bundle(): Promise<string | undefined> {
  bundled ??= (async () => {
    try {
      const { build } = await import("esbuild");
      const outfile = join(tempDir("omadm-cli-bundle-"), "omadm.mjs");
      await build({
        entryPoints: [entry],
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        outfile,
        // The workspace packages' "source" export: their TypeScript, as vite.config.ts does.
        conditions: ["source"],
        logLevel: "error",
      });
      return outfile;
    } catch {
      return undefined;
    }
  })();
  return bundled;
}

/** A fresh temporary folder. */
export function tempDir(prefix = "omadm-e2e-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A running `omadm client`. */
export interface ClientProcess {
  readonly child: ChildProcess;
  readonly logs: LogLine[];
  /** Resolves with the first log line that `match` accepts (already logged or still to come). */
  waitForLog(match: (line: LogLine) => boolean): Promise<LogLine>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ClientRun>;
}

/** Starts `omadm client ARGS` (resolves once the process is spawned). */
export async function startClient(args: readonly string[]): Promise<ClientProcess> {
  const file = await bundle();
  const [command, argv] =
    file === undefined
      ? [viteNode, [entry, "--", "client", ...args]]
      : [process.execPath, [file, "client", ...args]];
  const child = spawn(command, argv, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  const logs: LogLine[] = [];
  let stderr = "";
  let pending = "";
  const waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr += chunk;
    pending += chunk;
    let nl = pending.indexOf("\n");
    while (nl >= 0) {
      const text = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      nl = pending.indexOf("\n");
      if (!text.startsWith("{")) continue;
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        continue;
      }
      logs.push(line);
      for (const w of [...waiters]) {
        if (w.match(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  child.stdout?.resume();
  const exited = new Promise<ClientRun>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stderr, logs }));
  });
  return {
    child,
    logs,
    exited,
    waitForLog: (match) => {
      const seen = logs.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

/** Runs `omadm client ARGS` to its end. */
export async function runClient(args: readonly string[]): Promise<ClientRun> {
  return (await startClient(args)).exited;
}

/** The flags every test device shares, for the scripted server at `url`. */
export function deviceFlags(
  url: string,
  tree: string,
  auth: { client?: string; server?: string; encoding?: "xml" | "wbxml" } = {},
): string[] {
  return [
    "--server",
    url,
    "--server-id",
    "scripted.server",
    "--device-id",
    "IMEI:490154203237518",
    "--tree",
    tree,
    ...(auth.client === undefined ? [] : ["--client-auth", auth.client]),
    ...(auth.server === undefined ? [] : ["--server-auth", auth.server]),
    ...(auth.encoding === undefined ? [] : ["--encoding", auth.encoding]),
  ];
}

/** Reads leaf values (as the device itself) from a device's tree file; undefined for a missing node. */
export async function readLeaves(tree: string, uris: readonly string[]): Promise<(string | undefined)[]> {
  const device = await openDevice(tree);
  try {
    return uris.map((uri) => {
      const r = device.tree.get(uri, undefined);
      const data = r.status === 200 ? r.results?.[0]?.data : undefined;
      if (data === undefined || typeof data === "string") return data;
      return data instanceof Uint8Array ? Buffer.from(data).toString("base64") : JSON.stringify(data);
    });
  } finally {
    await device.close();
  }
}

/** Small builders for server commands (CmdIDs are assigned by the scripted server). */
export const cmd = {
  get: (uri: string): Command => ({ kind: "Get", cmdId: 0, items: [{ target: { locUri: uri } }] }),
  add: (uri: string, data?: string, format = "chr"): Command => ({
    kind: "Add",
    cmdId: 0,
    items: [
      {
        target: { locUri: uri },
        meta: { format, type: "text/plain" },
        ...(data === undefined ? {} : { data }),
      },
    ],
  }),
  addNode: (uri: string): Command => ({
    kind: "Add",
    cmdId: 0,
    items: [{ target: { locUri: uri }, meta: { format: "node" } }],
  }),
  replace: (uri: string, data: string): Command => ({
    kind: "Replace",
    cmdId: 0,
    items: [{ target: { locUri: uri }, meta: { format: "chr", type: "text/plain" }, data }],
  }),
  delete: (uri: string): Command => ({ kind: "Delete", cmdId: 0, items: [{ target: { locUri: uri } }] }),
  exec: (uri: string, correlator?: string): Command => ({
    kind: "Exec",
    cmdId: 0,
    ...(correlator === undefined ? {} : { correlator }),
    item: { target: { locUri: uri } },
  }),
  atomic: (...commands: Command[]): Command => ({ kind: "Atomic", cmdId: 0, commands }),
  sequence: (...commands: Command[]): Command => ({ kind: "Sequence", cmdId: 0, commands }),
};
