import { OmaDmError } from "../errors.js";
import { decodeBase64Text } from "./base64-text.js";

/** Source of random bytes, injected (crypto.randomBytes at the edge, a fixed sequence in tests). */
export type RandomBytes = (n: number) => Uint8Array;

/**
 * A fresh nonce of `bytes` random bytes. [TR-SEC §5.1.3.3] recommends at least 128 bits and a
 * new, unpredictable nonce for every session, hence the default of 16.
 */
export function newNonce(random: RandomBytes, bytes = 16): Uint8Array {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024) {
    throw new OmaDmError("INVALID_ARGUMENT", `nonce length must be 1..1024 bytes, got ${bytes}`);
  }
  const out = random(bytes);
  if (out.byteLength !== bytes) {
    throw new OmaDmError("INVALID_ARGUMENT", `random source returned ${out.byteLength} bytes, not ${bytes}`);
  }
  return Uint8Array.from(out);
}

/** The base64 text of a nonce, as written in NextNonce (Format b64). [TR-REP §4.1.1.2] */
export function encodeNonce(nonce: Uint8Array): string {
  return Buffer.from(nonce.buffer, nonce.byteOffset, nonce.byteLength).toString("base64");
}

/**
 * The binary nonce from NextNonce text (or AAuthData stored as base64). Digests hash these
 * decoded bytes (fact sheet §4.2). Throws DecodeError("AUTH_NONCE_INVALID") on bad base64.
 */
export function decodeNonce(text: string): Uint8Array {
  return decodeBase64Text(text, "AUTH_NONCE_INVALID");
}
