/**
 * The fleet: a process of its own (the benchmark starts it with a job file) that runs simulated
 * devices against a server and prints one JSON line with what it measured.
 *
 *   node fleet.mjs JOB.json
 *
 * Jobs:
 * - `sessions`: `warmup + measured` sessions with `concurrency` in flight, then `concurrency`
 *   more so that the last measured sessions also run among a full fleet. Session k is device
 *   `first + k` with seed k + 1, or, for the floor, always device `fixed.device` with
 *   `fixed.seed` (the recorded session, so the floor's canned replies fit). Prints "measuring"
 *   when the warm-up is over, then the result.
 *   With `ratePerSec`, sessions start on a schedule instead (latency from the due time).
 * - `record`: one session, its exchanges written to `out` (the floor server replays them).
 * - `open`: Package 1 for devices first..first+count-1, never continued: open sessions.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { httpTransport, type TransportResult } from "@omadm/client";
import type { SyncMLEncoding } from "@omadm/protocol";
import { benchDevice } from "./bench-devices.js";
import { deviceSession, recordingTransport, runSession, type SessionRun } from "./fleet-session.js";

export type FleetJob =
  | {
      readonly mode: "sessions";
      readonly url: string;
      readonly encoding: SyncMLEncoding;
      readonly concurrency: number;
      readonly warmup: number;
      readonly measured: number;
      readonly first?: number;
      readonly fixed?: { readonly device: number; readonly seed: number };
      /**
       * Paced: session k is due at k / ratePerSec seconds (open loop, at most `concurrency` in
       * flight) and its latency counts from when it was due, waiting included. Default: each
       * device starts its next session as soon as its last one ended (closed loop).
       */
      readonly ratePerSec?: number;
    }
  | {
      readonly mode: "record";
      readonly url: string;
      readonly encoding: SyncMLEncoding;
      readonly device: number;
      readonly seed: number;
      readonly out: string;
    }
  | {
      readonly mode: "open";
      readonly url: string;
      readonly encoding: SyncMLEncoding;
      readonly concurrency: number;
      readonly first: number;
      readonly count: number;
    };

/** What a `sessions` job prints. */
export interface FleetResult {
  readonly sessions: number;
  readonly failures: number;
  readonly failureReasons: readonly string[];
  readonly windowMs: number;
  readonly sessionsPerSec: number;
  readonly latencyMs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
    readonly mean: number;
  };
  readonly messagesPerSession: number;
  /** CPU the fleet process used during the measured window, % of one core. */
  readonly fleetCpuPct: number;
  /** The fleet's CPU per measured session, ms: the client's share of the work. */
  readonly fleetCpuMsPerSession: number;
  /** The ten slowest measured sessions: when they started (s into the window) and how long they took. */
  readonly slowest: readonly { readonly atSec: number; readonly ms: number }[];
}

/** What an `open` job prints. */
export interface OpenResult {
  readonly opened: number;
  readonly failures: number;
  readonly failureReasons: readonly string[];
  readonly ms: number;
}

/** The q-quantile (0..1) of sorted values, nearest rank. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const round2 = (x: number) => Math.round(x * 100) / 100;

async function sessions(job: Extract<FleetJob, { mode: "sessions" }>): Promise<FleetResult> {
  const transport = httpTransport({ timeoutMs: 60_000 });
  const total = job.warmup + job.measured + job.concurrency;
  const runs: { start: number; end: number; run: SessionRun }[] = [];
  let next = 0;
  let measuringStart = 0;
  let cpuAtStart: NodeJS.CpuUsage | undefined;
  let cpuAtEnd: NodeJS.CpuUsage | undefined;
  let measuredDone = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < total) {
      const k = next++;
      const [device, seed] =
        job.fixed === undefined ? [(job.first ?? 0) + k, k + 1] : [job.fixed.device, job.fixed.seed];
      // The device exists before its session: building its tree is not part of the latency.
      const session = deviceSession(benchDevice(device), job.url, job.encoding, seed);
      const due = job.ratePerSec === undefined ? undefined : t0 + (k / job.ratePerSec) * 1000;
      if (due !== undefined && due > performance.now()) await sleep(due - performance.now());
      if (k === job.warmup) {
        measuringStart = performance.now();
        cpuAtStart = process.cpuUsage();
        process.stdout.write("measuring\n");
      }
      const start = due ?? performance.now();
      const run = await runSession(session, transport);
      const end = performance.now();
      runs[k] = { start, end, run: { ...run, ms: end - start } };
      if (k >= job.warmup && k < job.warmup + job.measured && ++measuredDone === job.measured) {
        cpuAtEnd = process.cpuUsage(cpuAtStart);
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  const measured = runs.slice(job.warmup, job.warmup + job.measured);
  const windowMs = Math.max(...measured.map((r) => r.end)) - measuringStart;
  const ok = measured.filter((r) => r.run.outcome === "completed");
  const latencies = ok.map((r) => r.run.ms).sort((a, b) => a - b);
  const reasons = new Set(
    runs.filter((r) => r.run.outcome !== "completed").map((r) => `${r.run.outcome}: ${r.run.reason ?? ""}`),
  );
  const cpu = cpuAtEnd ?? process.cpuUsage(cpuAtStart);
  return {
    sessions: ok.length,
    failures: runs.filter((r) => r.run.outcome !== "completed").length,
    failureReasons: [...reasons].slice(0, 5),
    windowMs: round2(windowMs),
    sessionsPerSec: round2((ok.length / windowMs) * 1000),
    latencyMs: {
      p50: round2(quantile(latencies, 0.5)),
      p90: round2(quantile(latencies, 0.9)),
      p99: round2(quantile(latencies, 0.99)),
      max: round2(latencies[latencies.length - 1] ?? NaN),
      mean: round2(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
    },
    messagesPerSession: round2(
      measured.reduce((n, r) => n + r.run.messages, 0) / Math.max(1, measured.length),
    ),
    fleetCpuPct: round2(((cpu.user + cpu.system) / 1000 / windowMs) * 100),
    fleetCpuMsPerSession: round2((cpu.user + cpu.system) / 1000 / Math.max(1, measured.length)),
    slowest: [...ok]
      .sort((a, b) => b.run.ms - a.run.ms)
      .slice(0, 10)
      .map((r) => ({ atSec: round2((r.start - measuringStart) / 1000), ms: round2(r.run.ms) })),
  };
}

async function record(job: Extract<FleetJob, { mode: "record" }>): Promise<SessionRun> {
  const { transport, exchanges } = recordingTransport(httpTransport({ timeoutMs: 60_000 }));
  const run = await runSession(
    deviceSession(benchDevice(job.device), job.url, job.encoding, job.seed),
    transport,
  );
  const bytes = (b: Uint8Array) => Buffer.from(b).toString("base64");
  const replyOf = (r: TransportResult) =>
    r.kind === "response"
      ? { status: r.status, contentType: r.contentType, headers: r.headers, body: bytes(r.body) }
      : { failure: r.failure, message: r.message };
  writeFileSync(
    job.out,
    JSON.stringify(
      exchanges.map((e) => ({
        request: {
          url: e.request.url,
          contentType: e.request.contentType,
          headers: e.request.headers,
          body: bytes(e.request.body),
        },
        reply: replyOf(e.result),
      })),
    ),
  );
  return run;
}

async function open(job: Extract<FleetJob, { mode: "open" }>): Promise<OpenResult> {
  const transport = httpTransport({ timeoutMs: 60_000 });
  const start = performance.now();
  let next = 0;
  let opened = 0;
  const reasons = new Set<string>();
  const worker = async () => {
    while (next < job.count) {
      const i = job.first + next++;
      const session = deviceSession(benchDevice(i), job.url, job.encoding, i + 1);
      const step = await session.start();
      if (step.kind !== "send") {
        reasons.add(`no Package 1: ${step.reason ?? ""}`);
        continue;
      }
      const result = await transport.send(step.message);
      if (result.kind === "response" && result.status === 200) opened++;
      else
        reasons.add(
          result.kind === "failure" ? `${result.failure}: ${result.message}` : `HTTP ${result.status}`,
        );
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  return {
    opened,
    failures: job.count - opened,
    failureReasons: [...reasons].slice(0, 5),
    ms: round2(performance.now() - start),
  };
}

const file = process.argv[2];
if (file === undefined) throw new Error("usage: fleet JOB.json");
const job = JSON.parse(readFileSync(file, "utf8")) as FleetJob;
const result =
  job.mode === "sessions" ? await sessions(job) : job.mode === "record" ? await record(job) : await open(job);
process.stdout.write(JSON.stringify(result) + "\n");
