import { constantTimeEqual } from "../auth/digest-primitives.js";
import { OmaDmError } from "../errors.js";
import {
  isSupportedPackage0Version,
  package0Digest,
  type Package0,
  type Package0Secret,
} from "./package0.js";

/**
 * Which nonce made a Package 0 digest match: the stored server nonce, one of the two spellings
 * of the re-synchronisation nonce 0x00000000, or none. [TR-NOT §6.2], fact sheet §4.6
 */
export type Package0NonceMatch = "stored" | "resync-zero-bytes" | "resync-ascii" | "none";

/**
 * The re-synchronisation nonce in one of its two spellings: four zero bytes (Motorola stores
 * "AAAAAA==") or the 10-character ASCII text "0x00000000" (libdmclient). Fact sheet §4.6.
 */
export function resyncNonce(variant: "resync-zero-bytes" | "resync-ascii"): Uint8Array {
  switch (variant) {
    case "resync-zero-bytes":
      return new Uint8Array(4);
    case "resync-ascii":
      return new TextEncoder().encode("0x00000000");
    default:
      throw new OmaDmError("INVALID_ARGUMENT", `unknown resync nonce variant ${String(variant)}`);
  }
}

/**
 * Checks a decoded Package 0's digest with the stored server nonce first, then (as the client
 * SHOULD after a failure, [TR-NOT §6.2]) with both spellings of the resync nonce. Returns which
 * one matched, or "none"; a version other than 11, 12 or 13 always gives "none" (tell the two
 * apart with isSupportedPackage0Version). Comparisons are constant time.
 */
export function verifyPackage0(
  pkg: Package0,
  secret: Package0Secret,
  storedNonce: Uint8Array | undefined,
): Package0NonceMatch {
  if (!isSupportedPackage0Version(pkg.version)) return "none";
  const matches = (nonce: Uint8Array) =>
    constantTimeEqual(pkg.digest, package0Digest(pkg.serverId, secret, nonce, pkg.trigger));
  if (storedNonce !== undefined && matches(storedNonce)) return "stored";
  if (matches(resyncNonce("resync-zero-bytes"))) return "resync-zero-bytes";
  if (matches(resyncNonce("resync-ascii"))) return "resync-ascii";
  return "none";
}
