import { createHash } from "node:crypto";

/**
 * The form in which an API bearer token is stored and looked up: base64url(SHA-256(token)).
 * A leaked database then yields no usable token; tokens are long random strings, so an unsalted
 * fast hash is enough (nothing to brute-force as with passwords).
 */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("base64url");
}
