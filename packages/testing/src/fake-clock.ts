import type { Clock } from "@omadm/server";

/** A clock tests move by hand: sessions and nonces expire without sleeping. */
export interface FakeClock {
  /** The clock to inject. */
  readonly now: Clock;
  advance(ms: number): void;
  set(ms: number): void;
}

/** Starts at 2025-01-01T00:00:00Z unless told otherwise. */
export function fakeClock(start: number = Date.UTC(2025, 0, 1)): FakeClock {
  let time = start;
  return {
    now: () => time,
    advance(ms) {
      time += ms;
    },
    set(ms) {
      time = ms;
    },
  };
}
