import { timingSafeEqual } from "node:crypto";

/** Constant-time equality of two strings' UTF-8 bytes (their lengths are not secret). */
export function constantTimeEqualText(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.byteLength === y.byteLength && timingSafeEqual(x, y);
}
