/**
 * The fuzz runner: `npm run fuzz [-- --seed S --count N --workers W --only a,b --index I]`.
 *
 * Feeds every decoder of @omadm/protocol random bytes, structure-aware valid inputs and
 * mutations of the fixtures and the generated corpus. An input passes when the decoder returns
 * a value or throws DecodeError; any other exception is a crash (decoder, input hex and stack
 * are printed). A watchdog reports a hang when one input runs longer than --hang-ms (2000), and
 * replaces the hung worker. Every input is a function of (seed, index), so `--index I` with the
 * same seed (and the same --only) reproduces input I alone. Exits 1 on any crash or hang.
 * `--self-test` runs two deliberately broken decoders instead, to show that crashes and hangs
 * are caught and reported.
 */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import type { WorkerData, WorkerMessage } from "./fuzz-worker.js";
import { repoRoot, viteModulePaths, workerBootCode } from "./worker-bootstrap.js";
import { slotStates, WorkerSlot } from "./worker-slot.js";

const { values: args } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    count: { type: "string", default: "1000000" },
    workers: { type: "string" },
    only: { type: "string", default: "" },
    index: { type: "string" },
    "hang-ms": { type: "string", default: "2000" },
    "self-test": { type: "boolean", default: false },
  },
});

const seed = Number(args.seed) >>> 0;
const reproduce = args.index === undefined ? undefined : Number(args.index);
const count = reproduce === undefined ? Number(args.count) : reproduce + 1;
const workerCount =
  reproduce === undefined ? Math.max(1, Number(args.workers ?? Math.min(2, availableParallelism()))) : 1;
const hangMs = Number(args["hang-ms"]);
const only = args.only === "" ? [] : args.only.split(",");
if (!Number.isInteger(count) || count < 0 || !Number.isFinite(hangMs)) {
  console.error(
    "usage: run.ts [--seed S] [--count N] [--workers W] [--only a,b] [--index I] [--hang-ms MS] [--self-test]",
  );
  process.exit(2);
}

const boot = {
  root: repoRoot,
  entry: new URL("./fuzz-worker.ts", import.meta.url).pathname,
  ...viteModulePaths(),
};
const maxPrintedBytes = 4096;

interface Shard {
  readonly start: number;
  readonly slot: WorkerSlot;
  worker?: Worker;
  done: boolean;
}

let targetNames: readonly string[] = [];
let missing: readonly string[] = [];
let crashes = 0;
let hangs = 0;
const signatures = new Map<string, number>();
const startedAt = Date.now();

function hex(input: Uint8Array): string {
  const shown = Buffer.from(input.subarray(0, maxPrintedBytes)).toString("hex");
  const lines = shown.match(/.{1,128}/g) ?? [""];
  const more =
    input.length > maxPrintedBytes
      ? `\n    ... (${input.length} bytes in all; reproduce with --seed ${seed} --index <index>)`
      : "";
  return lines.map((l) => `    ${l}`).join("\n") + more;
}

/** Crashes are grouped by decoder, error and top frame; each group is printed in full once. */
function reportCrash(m: Extract<WorkerMessage, { type: "crash" }>): void {
  crashes++;
  const frame = m.stack.split("\n").find((l) => l.trim().startsWith("at ")) ?? "";
  const key = `${m.target} | ${m.error.replace(/\d+/g, "N").slice(0, 120)} | ${frame.trim()}`;
  const seen = signatures.get(key) ?? 0;
  signatures.set(key, seen + 1);
  if (seen > 0) return;
  console.log(`\nCRASH in ${m.target} on input ${m.index} (seed ${seed}, ${m.input.length} bytes)`);
  console.log(`  ${m.error}`);
  console.log(`  input (hex):\n${hex(m.input)}`);
  console.log(`  stack:\n${m.stack.split("\n").slice(1, 12).join("\n")}`);
}

function reportHang(shard: Shard): void {
  const c = shard.slot.current();
  hangs++;
  const name = targetNames[c.target] ?? `target ${c.target}`;
  console.log(`\nHANG in ${name} on input ${c.index} (seed ${seed}, ${c.length} bytes): over ${hangMs} ms`);
  console.log(`  input (hex):\n${hex(c.input)}`);
}

function start(shard: Shard, from: number): void {
  const data: WorkerData & { boot: typeof boot } = {
    boot,
    seed,
    count,
    start: from,
    step: workerCount,
    only,
    slot: shard.slot.buffer,
    report: reproduce !== undefined,
    selfTest: args["self-test"],
  };
  shard.slot.state = slotStates.idle;
  // The heap limit turns a runaway allocation into a worker error instead of killing the run.
  const worker = new Worker(workerBootCode, {
    eval: true,
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: 2048 },
  });
  shard.worker = worker;
  worker.on("message", (m: WorkerMessage) => {
    switch (m.type) {
      case "ready":
        targetNames = m.targets;
        missing = m.missing;
        break;
      case "crash":
        reportCrash(m);
        break;
      case "result":
        console.log(`input ${m.index} for ${m.target} (${m.input.length} bytes): ${m.outcome}`);
        console.log(hex(m.input));
        break;
      case "done":
        shard.done = true;
        break;
    }
  });
  worker.on("error", (e) => {
    if (shard.worker !== worker) return;
    const c = shard.slot.current();
    if (shard.slot.state !== slotStates.busy) {
      console.error(`fuzz worker failed outside a decode: ${e.stack ?? String(e)}`);
      process.exit(2);
    }
    // An uncaught error or the heap limit during a decode: a crash of that input.
    reportCrash({
      type: "crash",
      target: targetNames[c.target] ?? `target ${c.target}`,
      index: c.index,
      input: c.input,
      error: `${e.name}: ${e.message}`,
      stack: e.stack ?? "",
    });
    shard.slot.countLost(c.target, false);
    shard.worker = undefined;
    start(shard, c.index + workerCount);
  });
}

const shards: Shard[] = [];
for (let w = 0; w < workerCount; w++) {
  const shard: Shard = { start: reproduce ?? w, slot: new WorkerSlot(), done: false };
  shards.push(shard);
  start(shard, shard.start);
}

let lastProgress = Date.now();
const watchdog = setInterval(() => {
  const now = Date.now();
  for (const shard of shards) {
    if (shard.done || shard.worker === undefined || shard.slot.state !== slotStates.busy) continue;
    const c = shard.slot.current();
    if (now - c.startedAt <= hangMs) continue;
    reportHang(shard);
    shard.slot.countLost(c.target, true);
    const w = shard.worker;
    shard.worker = undefined;
    shard.slot.state = slotStates.idle;
    void w.terminate().then(() => start(shard, c.index + workerCount));
  }
  if (now - lastProgress > 15_000 && reproduce === undefined) {
    lastProgress = now;
    console.log(`... ${totalInputs().toLocaleString("en")} inputs, ${crashes} crashes, ${hangs} hangs`);
  }
  if (shards.every((s) => s.done)) {
    clearInterval(watchdog);
    finish();
  }
}, 100);

function totalInputs(): number {
  let n = 0;
  for (const s of shards) for (let t = 0; t < targetNames.length; t++) n += s.slot.count(t).inputs;
  return n;
}

function finish(): void {
  for (const s of shards) void s.worker?.terminate();
  const seconds = (Date.now() - startedAt) / 1000;
  const total = totalInputs();
  if (reproduce !== undefined) {
    process.exit(crashes + hangs > 0 ? 1 : 0);
  }
  console.log(`\nfuzz: seed ${seed}, ${workerCount} workers, ${seconds.toFixed(1)} s`);
  // "values" is the share of inputs decoded to a value (the rest were DecodeErrors): a sign of
  // how deep the structure-aware and mutated inputs get.
  console.log("decoder                    inputs   values  crashes  hangs");
  targetNames.forEach((name, t) => {
    let inputs = 0;
    let crashed = 0;
    let hung = 0;
    let values = 0;
    for (const s of shards) {
      const c = s.slot.count(t);
      inputs += c.inputs;
      crashed += c.crashes;
      hung += c.hangs;
      values += c.values;
    }
    const share = inputs === 0 ? "-" : `${Math.round((values / inputs) * 100)}%`;
    console.log(
      `${name.padEnd(24)} ${String(inputs).padStart(9)} ${share.padStart(8)} ${String(crashed).padStart(8)} ${String(hung).padStart(6)}`,
    );
  });
  console.log(`covered: ${targetNames.join(", ")}`);
  if (missing.length > 0) console.log(`not exported (not fuzzed): ${missing.join(", ")}`);
  for (const [key, n] of signatures) console.log(`crash group x${n}: ${key}`);
  console.log(
    `total ${total.toLocaleString("en")} inputs, ${crashes} crashes, ${hangs} hangs, ${Math.round(total / seconds).toLocaleString("en")} inputs/s`,
  );
  process.exit(crashes > 0 || hangs > 0 || targetNames.length === 0 ? 1 : 0);
}
