import { md5 } from "./digest-primitives.js";

/**
 * What a verifier knows about a user: the password, or only B64(H(username:password)),
 * which [TR-SEC §5.1.3.2] lets a server store instead of the password.
 */
export type UserSecret =
  { readonly username: string; readonly password: string } | { readonly userPassHash: string };

/** B64(H(username ":" password)): what a server may store instead of the password. [TR-SEC §5.1.3.2] */
export function userPassHash(username: string, password: string): string {
  return md5(username, ":", password).toString("base64");
}

/** B64(H(username:password)) of a secret, whichever form it has. */
export function userPassHashOf(secret: UserSecret): string {
  return "userPassHash" in secret ? secret.userPassHash : userPassHash(secret.username, secret.password);
}
