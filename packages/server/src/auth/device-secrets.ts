/**
 * Device secrets as the Store keeps them: only B64(H(name:secret)), which every scheme verifies
 * from [TR-SEC §5.1.3.2]; the plain server secret only for basic, which must send it.
 */
import { userPassHash } from "@omadm/protocol";
import type { AuthScheme, ClientAuth, ServerAuth } from "../store/store-api.js";

/** The ClientAuth of a device that authenticates as `username` with `secret`. */
export function clientAuthOf(scheme: AuthScheme, username: string, secret: string): ClientAuth {
  return { scheme, username, secretHash: userPassHash(username, secret) };
}

/** The ServerAuth we use towards a device: `serverId` with `secret` (kept plain only for basic). */
export function serverAuthOf(scheme: AuthScheme, serverId: string, secret: string): ServerAuth {
  const secretHash = userPassHash(serverId, secret);
  return scheme === "basic"
    ? { scheme, serverId, secretHash, secretPlain: secret }
    : { scheme, serverId, secretHash };
}
