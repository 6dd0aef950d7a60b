/**
 * The whole system in separate processes, over real sockets: a real Kannel (bearerbox, wapbox
 * with its PPG, smsbox with send-SMS, and a fake SMSC), `omadm server` with a temporary SQLite
 * file, and `omadm client` reading the fake SMSC as the phone. Everything a test starts is
 * registered in a Stack and stopped by `stopAll()` in afterEach, whatever happened.
 * A missing Kannel makes startKannel throw: these tests fail, never skip.
 */
import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKannel, type Kannel, type KannelPorts } from "../support/kannel.js";
import { startOmadm, type OmadmProcess } from "../server-e2e/cli-runner.js";

/** Whatever JSON the API answered (tests look into it freely). */
export type Json = ReturnType<typeof JSON.parse>;

/** The admin token every test server accepts. */
export const apiToken = "kannel-e2e-admin-token";

/** Things to stop, last started first; every stop runs even when an earlier one throws. */
export class Stack {
  readonly #stops: (() => Promise<unknown>)[] = [];

  push(stop: () => Promise<unknown>): void {
    this.#stops.push(stop);
  }

  async stopAll(): Promise<void> {
    const errors: unknown[] = [];
    for (const stop of this.#stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, "stopping test processes failed");
  }
}

/** A fresh temporary folder, removed by the stack. */
export function tempDir(stack: Stack, prefix = "omadm-kannel-e2e-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  stack.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts a Kannel in `dir` (on `ports` when given) that the stack kills. */
export async function kannelIn(stack: Stack, dir: string, ports?: KannelPorts): Promise<Kannel> {
  const kannel = await startKannel({ dir, ...(ports === undefined ? {} : { ports }) });
  stack.push(() => kannel.stop());
  return kannel;
}

/** Waits until `check` returns a value other than undefined (polling), or fails after `ms`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** SIGTERM, then SIGKILL if the process has not exited after `graceMs`. */
async function terminate(p: OmadmProcess, graceMs = 5000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill("SIGTERM");
  const timer = setTimeout(() => p.child.kill("SIGKILL"), graceMs);
  try {
    await p.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** A JSON log line of a child process (pino's or the client's). */
export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** The JSON lines a process wrote to stderr so far. */
export function logsOf(p: OmadmProcess): LogLine[] {
  const out: LogLine[] = [];
  for (const text of p.stderr().split("\n")) {
    if (!text.startsWith("{")) continue;
    try {
      out.push(JSON.parse(text) as LogLine);
    } catch {
      // a line still being written
    }
  }
  return out;
}

/** Resolves with the first log line `match` accepts; fails early if the process exits. */
export function waitForLog(
  p: OmadmProcess,
  what: string,
  match: (line: LogLine) => boolean,
  ms = 20_000,
): Promise<LogLine> {
  return eventually(
    what,
    () => {
      const line = logsOf(p).find(match);
      if (line !== undefined) return line;
      if (p.child.exitCode !== null) {
        throw new Error(`exited ${p.child.exitCode} before ${what}:\n${p.stderr()}`);
      }
      return undefined;
    },
    ms,
  );
}

/** A running `omadm server` child and a REST helper. */
export interface ServerProcess {
  readonly proc: OmadmProcess;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly dmUrl: string;
  readonly serverId: string;
  /** The SQLite file (open it only after stop()). */
  readonly database: string;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  /** SIGTERM (graceful shutdown); resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `omadm server --port 0 --host 127.0.0.1` on a temp SQLite file with `args` (e.g. --ppg
 * ..., --sms-gateway ...) and waits for its banner.
 */
export async function startServerProcess(
  stack: Stack,
  options: { readonly serverId: string; readonly args: readonly string[] },
): Promise<ServerProcess> {
  const dataDir = tempDir(stack, "omadm-kannel-e2e-data-");
  const proc = await startOmadm([
    "server",
    "--port",
    "0",
    "--host",
    "127.0.0.1",
    "--data-dir",
    dataDir,
    "--server-id",
    options.serverId,
    "--api-token",
    apiToken,
    "--log-level",
    "info",
    ...options.args,
  ]);
  stack.push(() => terminate(proc));
  const [, dmUrl] = await proc.waitForStdout(/DM endpoint\s+(\S+)/);
  const url = dmUrl!.replace(/\/dm$/, "");
  return {
    proc,
    url,
    dmUrl: dmUrl!,
    serverId: options.serverId,
    database: join(dataDir, "omadm.db"),
    async api(method, path, body) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${apiToken}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text === "" ? undefined : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed as Json };
    },
    async stop() {
      await terminate(proc, 10_000);
      return proc.child.exitCode;
    },
  };
}

/** Starts `omadm client ARGS` as a child that the stack stops. */
export async function startClientProcess(stack: Stack, args: readonly string[]): Promise<OmadmProcess> {
  const client = await startOmadm(["client", ...args]);
  stack.push(() => terminate(client));
  return client;
}

/** Runs `omadm client ARGS` to its end (killed by the stack if the test ends first). */
export async function runClientProcess(
  stack: Stack,
  args: readonly string[],
): Promise<{ code: number | null; stderr: string }> {
  return (await startClientProcess(stack, args)).exited;
}

/** Stops a client with SIGTERM; resolves with its exit code. */
export async function stopClient(client: OmadmProcess): Promise<number | null> {
  await terminate(client);
  return client.child.exitCode;
}

/** The events of one device (and kinds), oldest first. */
export async function eventsOf(server: ServerProcess, deviceId: string, kind?: string): Promise<Json[]> {
  const query = `deviceId=${encodeURIComponent(deviceId)}${kind === undefined ? "" : `&kind=${kind}`}`;
  const reply = await server.api("GET", `/api/events?${query}&limit=1000`);
  if (reply.status !== 200) throw new Error(`GET /api/events: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.items as Json[];
}

/** Polls GET /api/commands/{id} until the command is no longer queued or sent. */
export function settled(server: ServerProcess, commandId: string): Promise<Json> {
  return eventually(`command ${commandId} to settle`, async () => {
    const reply = await server.api("GET", `/api/commands/${encodeURIComponent(commandId)}`);
    const state = reply.body?.state as string | undefined;
    return state === "queued" || state === "sent" ? undefined : reply.body;
  });
}

/** `/api/devices/{id}` for a DevId such as IMEI:... */
export function devicePath(deviceId: string): string {
  return `/api/devices/${encodeURIComponent(deviceId)}`;
}
