/**
 * The steps the server benchmark repeats: start `omadm server` or the floor, run a fleet job
 * against it while sampling the serving process (RSS, CPU), and stop everything it started.
 */
import { closeSync, fsyncSync, openSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import {
  cpuMs,
  rssMb,
  rssSampler,
  startNode,
  type BenchBundles,
  type NodeProcess,
} from "./bench-processes.js";
import { benchServerId } from "./bench-devices.js";
import type { FleetJob, FleetResult } from "./fleet.js";

/** A sessions job's result with what the serving process used meanwhile. */
export interface Measured extends FleetResult {
  readonly rssMb: { readonly peak: number; readonly end: number };
  /** Serving process CPU (user + system) per session run after the warm-up, ms. */
  readonly cpuMsPerSession: number;
  /** Serving process CPU over the window, % of one core. */
  readonly cpuPct: number;
}

export type SessionsJob = Extract<FleetJob, { mode: "sessions" }>;

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (typeof a === "object" && a !== null ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}

/** Median and p99 of `n` 4 KiB write + fsync pairs in `dir`, ms: how slow the disk is right now. */
export function fsyncProbe(dir: string, n = 50): { readonly p50: number; readonly p99: number } {
  const file = join(dir, "fsync-probe");
  const fd = openSync(file, "w");
  const block = Buffer.alloc(4096, 1);
  const times: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      writeSync(fd, block, 0, block.length, 0);
      fsyncSync(fd);
      times.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
    unlinkSync(file);
  }
  times.sort((a, b) => a - b);
  return { p50: round(times[Math.floor(n / 2)]!, 3), p99: round(times[Math.ceil(n * 0.99) - 1]!, 3) };
}

/** Everything a benchmark run starts goes through here, so that `stopAll` ends it. */
export class BenchProcesses {
  readonly #running = new Set<NodeProcess>();
  readonly #bundles: BenchBundles;
  readonly #work: string;
  #jobs = 0;

  constructor(bundles: BenchBundles, work: string) {
    this.#bundles = bundles;
    this.#work = work;
  }

  /** `omadm server` on SQLite in `dataDir` (the file omadm.db), as users run it. */
  async server(
    dataDir: string,
    port: number,
    apiToken: string,
    nodeArgs: readonly string[] = [],
  ): Promise<NodeProcess> {
    const args = ["server", "--port", String(port), "--host", "127.0.0.1", "--data-dir", dataDir];
    args.push("--api-token", apiToken, "--server-id", benchServerId, "--log-level", "warn");
    const p = this.#track(startNode(this.#bundles.omadm, args, nodeArgs));
    await p.waitForLine(/DM endpoint/);
    return p;
  }

  /** The floor server replaying `recording` on `port`. */
  async floor(recording: string, port: number): Promise<NodeProcess> {
    const p = this.#track(startNode(this.#bundles.floor, [recording, String(port)]));
    await p.waitForLine(/^listening$/);
    return p;
  }

  /** Runs a fleet job to its end; `onMeasuring` runs when the fleet's warm-up is over. */
  async fleet<T>(job: FleetJob, onMeasuring?: () => void): Promise<T> {
    const jobFile = join(this.#work, `job-${++this.#jobs}.json`);
    writeFileSync(jobFile, JSON.stringify(job));
    const fleet = this.#track(startNode(this.#bundles.fleet, [jobFile]));
    if (onMeasuring !== undefined)
      void fleet.waitForLine(/^measuring$/, 3_600_000).then(onMeasuring, () => undefined);
    const code = await fleet.exited;
    this.#running.delete(fleet);
    const line = fleet.stdout().trim().split("\n").pop() ?? "";
    if (code !== 0 || !line.startsWith("{")) throw new Error(`fleet failed (${code}): ${fleet.stderr()}`);
    return JSON.parse(line) as T;
  }

  /** Runs a sessions job against the process `pid`, sampling it from the end of the warm-up. */
  async measure(pid: number, job: SessionsJob): Promise<Measured> {
    let sampler: ReturnType<typeof rssSampler> | undefined;
    let cpuStart = 0;
    const result = await this.fleet<FleetResult>(job, () => {
      sampler = rssSampler(pid);
      cpuStart = cpuMs(pid);
    });
    const cpu = cpuMs(pid) - cpuStart;
    const rss = sampler?.stop() ?? { peakMb: rssMb(pid), lastMb: rssMb(pid) };
    if (result.failures > 0)
      throw new Error(`${result.failures} sessions failed: ${result.failureReasons.join("; ")}`);
    // CPU is read when the fleet has ended, after the tail sessions too: divide by all of them.
    const after = job.measured + job.concurrency;
    return {
      ...result,
      rssMb: { peak: round(rss.peakMb, 1), end: round(rss.lastMb, 1) },
      cpuMsPerSession: round(cpu / after, 2),
      cpuPct: round((cpu / (result.windowMs * (after / job.measured))) * 100, 1),
    };
  }

  /** Stops one process (SIGTERM, then SIGKILL). */
  async stop(p: NodeProcess): Promise<void> {
    await p.stop();
    this.#running.delete(p);
  }

  /** Stops whatever still runs. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.#running].map((p) => p.stop(5000)));
    this.#running.clear();
  }

  #track(p: NodeProcess): NodeProcess {
    this.#running.add(p);
    return p;
  }
}

/** The value of an unlabelled metric at /metrics, NaN when absent. */
export async function metricValue(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? NaN : Number(line.slice(line.lastIndexOf(" ") + 1));
}
