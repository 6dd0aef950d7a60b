import { b64Bytes, md5 } from "../auth/digest-primitives.js";
import { userPassHash } from "../auth/user-secret.js";
import { DecodeError, OmaDmError } from "../errors.js";
import { resolveLimits, type DecodeLimits } from "../limits.js";
import {
  initiators,
  uiModeBits,
  uiModeOf,
  uiModes,
  type Initiator,
  type UiMode,
} from "./notification-fields.js";
import { copyBytes } from "./copy-bytes.js";

/**
 * Package 0, the General Notification Initiated Session Alert: a 16-byte MD5 digest, then the
 * trigger (8 header bytes, the server identifier, an optional vendor part). [TR-NOT §6.2.1]
 */
export interface Package0 {
  /** The raw 16-byte digest (see package0Digest). */
  readonly digest: Uint8Array;
  /** The 10-bit version: the protocol version times ten (11 = "1.1"). */
  readonly version: number;
  readonly uiMode: UiMode;
  readonly initiator: Initiator;
  /** 16-bit session id; the client uses sessionIdHex(sessionId) as SyncHdr SessionID. */
  readonly sessionId: number;
  /** ServerID of the DMAcc account that sent it. */
  readonly serverId: string;
  /** The vendor-specific trigger body (empty when absent). */
  readonly vendor: Uint8Array;
  /** Every byte after the digest: the digest input. */
  readonly trigger: Uint8Array;
}

/** The fields a server chooses when it builds a Package 0. */
export interface Package0Fields {
  /** Defaults to 11, the only value the DM 1.2 Notification text allows. [TR-NOT §6.2.2.6] */
  readonly version?: number;
  readonly uiMode: UiMode;
  readonly initiator: Initiator;
  readonly sessionId: number;
  readonly serverId: string;
  readonly vendor?: Uint8Array;
}

/**
 * The server credential that keys the digest (DMAcc SRVCRED AAuthSecret, or only the stored
 * B64(H(serverId:password))) and the server nonce (SRVCRED AAuthData, decoded). [TR-NOT §6.2.2.2]
 */
export type Package0Secret = { readonly serverPassword: string } | { readonly serverHashB64: string };

/** Versions a DM 1.x client accepts (fact sheet §5.2: 11 per the text, 12 by buteo, 13 for DM 1.3). */
export const supportedPackage0Versions = [11, 12, 13] as const;

/** True for a version this implementation verifies (11, 12, 13). */
export function isSupportedPackage0Version(version: number): boolean {
  return (supportedPackage0Versions as readonly number[]).includes(version);
}

/** The SyncHdr SessionID string of a Package 0 session id: upper-case hex, no leading zeros. [TR-NOT §6.2.2.10] */
export function sessionIdHex(sessionId: number): string {
  if (!Number.isInteger(sessionId) || sessionId < 0 || sessionId > 0xffff) {
    throw new OmaDmError("INVALID_ARGUMENT", `session id must be 0..65535, got ${sessionId}`);
  }
  return sessionId.toString(16).toUpperCase();
}

/**
 * The Package 0 digest: H(B64(H(serverId:password)) ":" nonce ":" B64(H(trigger))), raw 16
 * bytes, not base64. `nonce` is the binary server nonce. [TR-NOT §6.2.2.2], [LIBDMC:package0.c]
 */
export function package0Digest(
  serverId: string,
  secret: Package0Secret,
  nonce: Uint8Array,
  trigger: Uint8Array,
): Uint8Array {
  const hash =
    "serverHashB64" in secret ? secret.serverHashB64 : userPassHash(serverId, secret.serverPassword);
  return new Uint8Array(md5(hash, ":", nonce, ":", b64Bytes(md5(trigger))));
}

const headerBytes = 8;
const digestBytes = 16;
const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

/** Builds a Package 0: the digest over the trigger, then the trigger. [TR-NOT §6.2.1] */
export function encodePackage0(
  fields: Package0Fields,
  key: Package0Secret & { readonly nonce: Uint8Array },
): Uint8Array {
  const version = fields.version ?? 11;
  if (!Number.isInteger(version) || version < 0 || version > 0x3ff) {
    throw new OmaDmError("INVALID_ARGUMENT", `version must fit 10 bits, got ${version}`);
  }
  if (!uiModes.includes(fields.uiMode) || !initiators.includes(fields.initiator)) {
    throw new OmaDmError("INVALID_ARGUMENT", "unknown ui-mode or initiator");
  }
  sessionIdHex(fields.sessionId); // validates the range
  const id = utf8.encode(fields.serverId);
  // [TR-NOT §6.2.1] an 8-bit length; libdmclient refuses length 0 (fact sheet §5.6).
  if (id.length < 1 || id.length > 255) {
    throw new OmaDmError("INVALID_ARGUMENT", `server id must be 1..255 bytes, got ${id.length}`);
  }
  const vendor = fields.vendor ?? new Uint8Array(0);
  const out = new Uint8Array(digestBytes + headerBytes + id.length + vendor.length);
  const h = digestBytes;
  // [TR-NOT §6.2.1] version 10 bits, ui-mode 2, initiator 1, future-use 27 zero bits.
  out[h] = version >> 2;
  out[h + 1] =
    ((version & 3) << 6) | (uiModeBits(fields.uiMode) << 4) | (fields.initiator === "server" ? 8 : 0);
  out[h + 5] = fields.sessionId >> 8;
  out[h + 6] = fields.sessionId & 0xff;
  out[h + 7] = id.length;
  out.set(id, h + headerBytes);
  out.set(vendor, h + headerBytes + id.length);
  const trigger = out.subarray(digestBytes);
  out.set(package0Digest(fields.serverId, key, key.nonce, trigger), 0);
  return out;
}

/**
 * Decodes a Package 0 of any version (check isSupportedPackage0Version before acting on it).
 * Throws DecodeError("PACKAGE0_INVALID") for fewer than 24 bytes, a server-id length of 0, or
 * a server id running past the end (libdmclient's checks, fact sheet §5.6).
 */
export function decodePackage0(bytes: Uint8Array, limits?: Partial<DecodeLimits>): Package0 {
  const { maxBytes } = resolveLimits(limits);
  if (bytes.length > maxBytes)
    throw new DecodeError("DECODE_LIMIT", "Package 0 larger than maxBytes", maxBytes);
  if (bytes.length < digestBytes + headerBytes) {
    throw new DecodeError("PACKAGE0_INVALID", "Package 0 shorter than 24 bytes", bytes.length);
  }
  const h = digestBytes;
  const b0 = bytes[h] ?? 0;
  const b1 = bytes[h + 1] ?? 0;
  const idLength = bytes[h + 7] ?? 0;
  if (idLength === 0) throw new DecodeError("PACKAGE0_INVALID", "server identifier length is 0", h + 7);
  const idStart = h + headerBytes;
  if (idStart + idLength > bytes.length) {
    throw new DecodeError("PACKAGE0_INVALID", "server identifier runs past the end", h + 7);
  }
  let serverId: string;
  try {
    serverId = utf8Strict.decode(bytes.subarray(idStart, idStart + idLength));
  } catch {
    throw new DecodeError("DECODE_INVALID_UTF8", "server identifier is not UTF-8", idStart);
  }
  return {
    digest: copyBytes(bytes, 0, digestBytes),
    version: (b0 << 2) | (b1 >> 6),
    uiMode: uiModeOf(b1 >> 4),
    initiator: (b1 & 8) !== 0 ? "server" : "user",
    sessionId: ((bytes[h + 5] ?? 0) << 8) | (bytes[h + 6] ?? 0),
    serverId,
    vendor: copyBytes(bytes, idStart + idLength),
    trigger: copyBytes(bytes, digestBytes),
  };
}
