/**
 * Nonces the server issues to devices (NextNonce in a Chal) [TR-SEC §5.1.3.3]: 16 random bytes
 * (128 bits, the recommended minimum), preceded by the 6-byte big-endian issue time in
 * milliseconds. The device treats the nonce as opaque bytes; carrying the time inside it lets the
 * server expire nonces without another column next to Device.clientNonce.
 */
import type { RandomBytes } from "@omadm/protocol";
import { decodeNonce, encodeNonce, newNonce } from "@omadm/protocol";

const timeBytes = 6;
const randomBytes = 16;

/** A fresh nonce issued at `now` (ms), base64 as it goes in NextNonce and Device.clientNonce. */
export function issueNonce(random: RandomBytes, now: number): string {
  const out = new Uint8Array(timeBytes + randomBytes);
  let t = Math.max(0, Math.floor(now));
  for (let i = timeBytes - 1; i >= 0; i--) {
    out[i] = t % 256;
    t = Math.floor(t / 256);
  }
  out.set(newNonce(random, randomBytes), timeBytes);
  return encodeNonce(out);
}

/**
 * When a nonce of ours was issued (ms), or undefined for a nonce we did not make (provisioned,
 * bootstrapped, or "" before the first challenge): such nonces carry no age.
 */
export function nonceIssuedAt(nonce: Uint8Array): number | undefined {
  if (nonce.length !== timeBytes + randomBytes) return undefined;
  let t = 0;
  for (let i = 0; i < timeBytes; i++) t = t * 256 + (nonce[i] ?? 0);
  return t;
}

/** The decoded bytes of a stored base64 nonce; a corrupt one counts as empty (it then never verifies a digest made with other bytes). */
export function storedNonceBytes(text: string): Uint8Array {
  try {
    return decodeNonce(text);
  } catch {
    return new Uint8Array(0);
  }
}
