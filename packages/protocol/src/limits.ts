/**
 * Limits every decoder takes. Input over a limit is refused with DecodeError("DECODE_LIMIT")
 * before anything is allocated for it (a length field is checked against the bytes that remain
 * and against the limit before a buffer of that length exists).
 */
export interface DecodeLimits {
  /** Largest input accepted, in bytes. */
  readonly maxBytes: number;
  /** Deepest element nesting accepted (embedded documents count from their host element). */
  readonly maxDepth: number;
}

export const defaultLimits: DecodeLimits = { maxBytes: 1024 * 1024, maxDepth: 64 };

export function resolveLimits(limits?: Partial<DecodeLimits>): DecodeLimits {
  return limits === undefined ? defaultLimits : { ...defaultLimits, ...limits };
}
