import { constantTimeEqual, md5 } from "./digest-primitives.js";
import { userPassHash, userPassHashOf, type UserSecret } from "./user-secret.js";

/**
 * `syncml:auth-md5` Cred Data from the stored hash: B64(H(B64(H(username:password)) ":" nonce)).
 * `nonce` is the decoded binary nonce (NextNonce is base64 on the wire). [TR-SEC §5.1.3.2]
 */
export function md5CredentialFromHash(userPassHashB64: string, nonce: Uint8Array): string {
  // [TR-SEC §5.1.3.2] prints the formula without the outer B64; Cred Format is b64 and the
  // spec example is base64, so the digest is base64-encoded (fact sheet §11.2).
  return md5(userPassHashB64, ":", nonce).toString("base64");
}

/** `syncml:auth-md5` Cred Data: B64(H(B64(H(username:password)) ":" nonce)). [TR-SEC §5.1.3.2] */
export function md5Credential(username: string, password: string, nonce: Uint8Array): string {
  return md5CredentialFromHash(userPassHash(username, password), nonce);
}

/** True if `credential` is the MD5 digest credential for `secret` and `nonce` (constant time). */
export function verifyMd5Credential(credential: string, secret: UserSecret, nonce: Uint8Array): boolean {
  return constantTimeEqual(credential.trim(), md5CredentialFromHash(userPassHashOf(secret), nonce));
}
