import type { RandomBytes } from "@omadm/protocol";

/** Bounded retries with exponential back-off and jitter. */
export interface RetryPolicy {
  /** Attempts in all, the first included (>= 1). */
  readonly maxAttempts: number;
  /** Delay after the first failure, before jitter. */
  readonly initialDelayMs: number;
  /** Cap of the delay, before jitter. */
  readonly maxDelayMs: number;
  /** Growth per failure (2 doubles). */
  readonly multiplier: number;
  /** 0..1: the share of the delay that is random (0.5: the delay is 50..100% of the nominal one). */
  readonly jitter: number;
}

/** 4 attempts: after 2 s, 4 s and 8 s, each 50..100% of that. */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  initialDelayMs: 2_000,
  maxDelayMs: 60_000,
  multiplier: 2,
  jitter: 0.5,
};

/**
 * The wait after failed attempt `attempt` (1-based): initialDelayMs * multiplier^(attempt-1)
 * capped at maxDelayMs, then scaled into [1 - jitter, 1] by `fraction` (0 <= fraction < 1), so
 * that devices notified together do not retry together. Pure.
 */
export function retryDelay(attempt: number, policy: RetryPolicy, fraction: number): number {
  const nominal = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (attempt - 1));
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(nominal * (1 - jitter + jitter * Math.min(Math.max(fraction, 0), 1)));
}

/** A fraction in [0, 1) from four random bytes. */
export function randomFraction(random: RandomBytes): number {
  const b = random(4);
  const n = (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
  return n / 2 ** 32;
}
