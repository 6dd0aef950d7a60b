/**
 * The shared memory between the fuzz runner and one worker thread. The worker writes, before
 * each decode, the input index, the target and a copy of the input, and the time it started;
 * the runner's watchdog reads them to report a hang (and the input) without the worker's help,
 * since a hung worker cannot post messages. Per-target counts live here too, so they survive a
 * worker being terminated and replaced.
 */

/** Largest input copied for a hang report; longer inputs are reported by index and length. */
export const inputCapacity = 1 << 20;
const maxTargets = 64;
const intFields = 8;

const field = { state: 0, index: 1, target: 2, length: 3 } as const;

export const slotStates = { idle: 0, busy: 1, done: 2 } as const;

export class WorkerSlot {
  readonly buffer: SharedArrayBuffer;
  private readonly ints: Int32Array;
  private readonly time: Float64Array;
  private readonly counts: Float64Array;
  private readonly input: Uint8Array;

  constructor(buffer?: SharedArrayBuffer) {
    const size = intFields * 4 + 8 + maxTargets * 4 * 8 + inputCapacity;
    this.buffer = buffer ?? new SharedArrayBuffer(size);
    this.ints = new Int32Array(this.buffer, 0, intFields);
    this.time = new Float64Array(this.buffer, intFields * 4, 1);
    this.counts = new Float64Array(this.buffer, intFields * 4 + 8, maxTargets * 4);
    this.input = new Uint8Array(this.buffer, intFields * 4 + 8 + maxTargets * 4 * 8, inputCapacity);
  }

  /** Worker: an input is about to be decoded. */
  begin(index: number, target: number, input: Uint8Array): void {
    const n = Math.min(input.length, inputCapacity);
    this.input.set(n === input.length ? input : input.subarray(0, n));
    this.ints[field.index] = index;
    this.ints[field.target] = target;
    this.ints[field.length] = input.length;
    this.time[0] = Date.now();
    Atomics.store(this.ints, field.state, slotStates.busy);
  }

  /** Worker: the decoder returned a value, threw a DecodeError, or crashed. */
  end(target: number, outcome: "value" | "decode-error" | "crash"): void {
    Atomics.store(this.ints, field.state, slotStates.idle);
    this.add(target, 0);
    if (outcome === "crash") this.add(target, 1);
    else if (outcome === "value") this.add(target, 3);
  }

  finish(): void {
    Atomics.store(this.ints, field.state, slotStates.done);
  }

  get state(): number {
    return Atomics.load(this.ints, field.state);
  }

  set state(s: number) {
    Atomics.store(this.ints, field.state, s);
  }

  /** Runner: what the worker is busy with, and since when. */
  current(): { index: number; target: number; length: number; startedAt: number; input: Uint8Array } {
    const length = this.ints[field.length] ?? 0;
    return {
      index: this.ints[field.index] ?? 0,
      target: this.ints[field.target] ?? 0,
      length,
      startedAt: this.time[0] ?? 0,
      input: this.input.slice(0, Math.min(length, inputCapacity)),
    };
  }

  /** Inputs run, crashes, hangs and values returned of target `t`. */
  count(t: number): { inputs: number; crashes: number; hangs: number; values: number } {
    const at = t * 4;
    return {
      inputs: this.counts[at] ?? 0,
      crashes: this.counts[at + 1] ?? 0,
      hangs: this.counts[at + 2] ?? 0,
      values: this.counts[at + 3] ?? 0,
    };
  }

  /** Runner: target `t`'s input hung (`hung`) or killed its worker; counted as run. */
  countLost(t: number, hung: boolean): void {
    this.add(t, 0);
    this.add(t, hung ? 2 : 1);
  }

  private add(t: number, field: number): void {
    this.counts[t * 4 + field] = (this.counts[t * 4 + field] ?? 0) + 1;
  }
}
