/** A rate: `ratePerSecond` tokens added per second, at most `burst` saved up. */
export interface RateLimit {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** A token bucket's state: plain data; `tokens` goes negative while sends are reserved ahead. */
export interface TokenBucket {
  readonly tokens: number;
  readonly at: number;
}

/**
 * Reserves one token at `now` (ms): the new state and how long to wait before sending. Tokens
 * accrue at the configured rate up to `burst`; a reservation when none is left drives the
 * count below zero, so every caller gets its own slot in arrival order without a queue
 * (a "virtual scheduling" bucket). A new bucket starts full. Pure.
 */
export function reserveToken(
  bucket: TokenBucket | undefined,
  now: number,
  limit: RateLimit,
): { readonly bucket: TokenBucket; readonly waitMs: number } {
  if (!(limit.ratePerSecond > 0) || !(limit.burst >= 1)) {
    throw new RangeError("a rate limit needs ratePerSecond > 0 and burst >= 1");
  }
  const start = bucket ?? { tokens: limit.burst, at: now };
  const elapsed = Math.max(0, now - start.at);
  const tokens = Math.min(limit.burst, start.tokens + (elapsed * limit.ratePerSecond) / 1000) - 1;
  const waitMs = tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / limit.ratePerSecond);
  return { bucket: { tokens, at: Math.max(now, start.at) }, waitMs };
}
