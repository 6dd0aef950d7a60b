import { describe, expect, it } from "vitest";
import { reserveToken, type TokenBucket } from "./token-bucket.js";
import { randomFraction, retryDelay, defaultRetryPolicy } from "./retry-policy.js";

describe("token bucket", () => {
  it("lets a burst through at once, then spaces sends at the rate, in arrival order", () => {
    const limit = { ratePerSecond: 2, burst: 3 };
    let bucket: TokenBucket | undefined;
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = reserveToken(bucket, 1000, limit);
      bucket = r.bucket;
      waits.push(r.waitMs);
    }
    expect(waits).toEqual([0, 0, 0, 500, 1000, 1500]);
  });

  it("refills with time up to the burst", () => {
    const limit = { ratePerSecond: 1, burst: 2 };
    let r = reserveToken(undefined, 0, limit);
    r = reserveToken(r.bucket, 0, limit);
    expect(reserveToken(r.bucket, 500, limit).waitMs).toBe(500);
    expect(reserveToken(r.bucket, 60_000, limit).bucket.tokens).toBe(1);
  });

  it("refuses a rate that is not positive", () => {
    expect(() => reserveToken(undefined, 0, { ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
  });
});

describe("retry back-off", () => {
  const policy = { ...defaultRetryPolicy, initialDelayMs: 1000, maxDelayMs: 5000, jitter: 0.5 };

  it("doubles the delay per failure up to the cap", () => {
    expect([1, 2, 3, 4, 5].map((a) => retryDelay(a, policy, 0.999999))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
  });

  it("keeps the jittered delay between half and all of the nominal one", () => {
    expect(retryDelay(2, policy, 0)).toBe(1000);
    expect(retryDelay(2, policy, 0.5)).toBe(1500);
    expect(retryDelay(2, { ...policy, jitter: 0 }, 0.3)).toBe(2000);
  });

  it("draws fractions in [0, 1)", () => {
    expect(randomFraction(() => new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toBeLessThan(1);
    expect(randomFraction(() => new Uint8Array([0x80, 0, 0, 0]))).toBe(0.5);
    expect(randomFraction(() => new Uint8Array(4))).toBe(0);
  });
});
