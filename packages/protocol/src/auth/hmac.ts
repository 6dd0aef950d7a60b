import { b64Bytes, constantTimeEqual, md5 } from "./digest-primitives.js";
import type { HmacHeader } from "./hmac-header.js";
import { userPassHash, userPassHashOf, type UserSecret } from "./user-secret.js";

/**
 * The `mac=` value of x-syncml-hmac from the stored hash:
 * B64(H(B64(H(username:password)) ":" nonce ":" B64(H(body)))). `body` is the entire message
 * body exactly as sent (WBXML bytes or XML text). [TR-SEC §5.1.4.2]
 */
export function hmacMacFromHash(userPassHashB64: string, nonce: Uint8Array, body: Uint8Array): string {
  return md5(userPassHashB64, ":", nonce, ":", b64Bytes(md5(body))).toString("base64");
}

/** The `mac=` value of x-syncml-hmac for username, password, nonce and the exact body bytes. [TR-SEC §5.1.4.2] */
export function hmacMac(username: string, password: string, nonce: Uint8Array, body: Uint8Array): string {
  return hmacMacFromHash(userPassHash(username, password), nonce, body);
}

/**
 * True if the header's mac matches `body` under `secret` and `nonce` (constant time). When the
 * secret names a username, the header must carry that same username.
 */
export function verifyHmac(
  header: HmacHeader,
  secret: UserSecret,
  nonce: Uint8Array,
  body: Uint8Array,
): boolean {
  const expected = hmacMacFromHash(userPassHashOf(secret), nonce, body);
  const macOk = constantTimeEqual(header.mac.trim(), expected);
  return macOk && ("username" in secret ? header.username === secret.username : true);
}
