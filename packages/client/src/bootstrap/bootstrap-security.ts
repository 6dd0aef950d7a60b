/**
 * Checking a pushed bootstrap's MAC before anything else looks at the document: HMAC-SHA1 over
 * the document bytes as received, keyed by the SEC method's secret. [TR-SEC §5.1.7.2], fact sheet §8.3
 */
import { bootstrapKey, OmaDmError, verifyBootstrapMac } from "@omadm/protocol";
import type { BootstrapKeys, BootstrapRefused, BootstrapSecurity } from "./bootstrap-api.js";

/** undefined when the MAC verifies; otherwise why the bootstrap is refused. */
export function macRefusal(
  document: Uint8Array,
  security: BootstrapSecurity,
  keys: BootstrapKeys,
): BootstrapRefused | undefined {
  if (security.method === "USERPINMAC") {
    return refused("unsupported-security", "USERPINMAC (a CP-only method) is not supported");
  }
  let key: Uint8Array;
  try {
    key = bootstrapKey(security.method, keys);
  } catch (e) {
    if (e instanceof OmaDmError) return refused("no-key", e.message);
    throw e;
  }
  return verifyBootstrapMac(key, document, security.mac)
    ? undefined
    : refused("mac-mismatch", `the ${security.method} MAC does not verify`);
}

export function refused(reason: BootstrapRefused["reason"], detail: string): BootstrapRefused {
  return { kind: "refused", reason, detail };
}
