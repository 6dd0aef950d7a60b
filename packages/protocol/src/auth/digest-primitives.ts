import { createHash, timingSafeEqual } from "node:crypto";

/** MD5 of the concatenation of `parts` (strings as UTF-8), raw 16 bytes. */
export function md5(...parts: readonly (string | Uint8Array)[]): Buffer {
  const h = createHash("md5");
  for (const p of parts) h.update(p);
  return h.digest();
}

/** B64(bytes) as ASCII bytes, ready to be hashed again. */
export function b64Bytes(bytes: Uint8Array): Buffer {
  return Buffer.from(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64"),
    "latin1",
  );
}

/** Constant-time equality of two strings' UTF-8 bytes (their lengths are not secret). */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const x = typeof a === "string" ? Buffer.from(a, "utf8") : a;
  const y = typeof b === "string" ? Buffer.from(b, "utf8") : b;
  return x.byteLength === y.byteLength && timingSafeEqual(x, y);
}
