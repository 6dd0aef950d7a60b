/**
 * One fuzz worker: runs the inputs of its shard (index = start, start + step, ...), each made
 * deterministically from (run seed, index), and reports every exception that is not a
 * DecodeError to the runner. Loaded by worker-bootstrap.ts inside a worker thread.
 */
import { parentPort } from "node:worker_threads";
import * as protocol from "@omadm/protocol";
import { fuzzTargets, selfTestTargets, type FuzzTarget } from "./fuzz-targets.js";
import { mutate, randomBytes } from "./mutators.js";
import { inputSeed, Prng } from "./prng.js";
import { loadSeeds, type Seeds } from "./seed-inputs.js";
import { WorkerSlot } from "./worker-slot.js";

export interface WorkerData {
  readonly seed: number;
  /** Inputs of the whole run; this worker takes indexes start, start + step, ... below it. */
  readonly count: number;
  readonly start: number;
  readonly step: number;
  /** Decoder names to run (all present ones when empty). */
  readonly only: readonly string[];
  readonly slot: SharedArrayBuffer;
  /** Post every input and its outcome (for reproducing single inputs with --index). */
  readonly report: boolean;
  /** Run the deliberately broken self-test targets instead of the decoders. */
  readonly selfTest: boolean;
}

/** Messages a worker posts to the runner. */
export type WorkerMessage =
  | { readonly type: "ready"; readonly targets: readonly string[]; readonly missing: readonly string[] }
  | {
      readonly type: "crash";
      readonly target: string;
      readonly index: number;
      readonly input: Uint8Array;
      readonly error: string;
      readonly stack: string;
    }
  | {
      readonly type: "result";
      readonly target: string;
      readonly index: number;
      readonly input: Uint8Array;
      readonly outcome: string;
    }
  | { readonly type: "done" };

/** The targets of a run, in index order; the runner and every worker agree on it. */
export function selectTargets(
  only: readonly string[],
  selfTest: boolean,
): { targets: FuzzTarget[]; missing: string[] } {
  if (selfTest) return { targets: [...selfTestTargets], missing: [] };
  const all = fuzzTargets(protocol);
  const targets = only.length === 0 ? all.targets : all.targets.filter((t) => only.includes(t.name));
  return { targets, missing: all.missing };
}

/** Input `index` of the run: random bytes, a structure-aware valid input, or a mutated seed. */
export function makeInput(
  seed: number,
  index: number,
  target: FuzzTarget,
  own: readonly Uint8Array[],
  allSeeds: readonly Uint8Array[],
): Uint8Array {
  const rng = new Prng(inputSeed(seed, index));
  const r = rng.int(100);
  if (r < 12) return randomBytes(rng);
  if (r === 99 && rng.chance(0.1)) return oversize(rng.pick(allSeeds));
  const pool = own.length > 0 && rng.chance(0.9) ? own : allSeeds;
  if (r < 40 && target.generate !== undefined) {
    try {
      const b = target.generate(rng);
      return rng.chance(0.3) ? mutate(rng, b, pool) : b;
    } catch {
      // An encoder refusing a random model: fall through to a mutated seed.
    }
  }
  // Small seeds make fast inputs: of two picks, keep the smaller most of the time.
  const a = rng.pick(pool);
  const b = rng.pick(pool);
  const base = a.length <= b.length === rng.chance(0.8) ? a : b;
  return rng.chance(0.03) ? base : mutate(rng, base, pool);
}

/** A seed repeated to just over the default 1 MiB input limit (DecodeLimits.maxBytes). */
function oversize(seed: Uint8Array): Uint8Array {
  const out = new Uint8Array(1024 * 1024 + 1);
  if (seed.length === 0) return out;
  for (let o = 0; o < out.length; o += seed.length)
    out.set(seed.subarray(0, Math.min(seed.length, out.length - o)), o);
  return out;
}

/** The seeds of a target's kinds. */
export function seedsOf(seeds: Seeds, target: FuzzTarget): Uint8Array[] {
  return target.seedKinds.flatMap((k) => seeds.get(k) ?? []);
}

export async function runWorker(data: WorkerData): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error("fuzz-worker runs in a worker thread");
  const post = (m: WorkerMessage) => port.postMessage(m);
  const { targets, missing } = selectTargets(data.only, data.selfTest);
  const seeds = loadSeeds(targets, data.seed);
  const allSeeds = [...seeds.values()].flat();
  const ownSeeds = targets.map((t) => seedsOf(seeds, t));
  const slot = new WorkerSlot(data.slot);
  post({ type: "ready", targets: targets.map((t) => t.name), missing });
  const { DecodeError } = protocol;
  const n = targets.length;
  for (let i = data.start; i < data.count && n > 0; i += data.step) {
    const ti = i % n;
    const target = targets[ti]!;
    const input = makeInput(data.seed, i, target, ownSeeds[ti]!, allSeeds);
    slot.begin(i, ti, input);
    let kind: "value" | "decode-error" | "crash" = "value";
    let outcome = "returned a value";
    try {
      target.run(input);
    } catch (e) {
      outcome = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      kind = "decode-error";
      if (!(e instanceof DecodeError)) {
        kind = "crash";
        const err = e instanceof Error ? e : new Error(String(e));
        post({
          type: "crash",
          target: target.name,
          index: i,
          input,
          error: `${err.name}: ${err.message}`,
          stack: err.stack ?? "",
        });
      }
    }
    slot.end(ti, kind);
    if (data.report) post({ type: "result", target: target.name, index: i, input, outcome });
    // Let the crash messages out now and then; a tight loop would hold them until the end.
    if ((i - data.start) % (data.step * 4096) === 0) await new Promise((r) => setImmediate(r));
  }
  slot.finish();
  post({ type: "done" });
}
