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
 * The DM 2.0 server-initiated notification (Pkg#0) of the DM 2.0 draft, seed 004 §5.3:
 * version 10 bits, ui-mode 2, initiator 1, send-devdetail 1, send-supported-mo 1,
 * send-all-mo-instances 1, reserved 16, URL length 8, URL. It carries no digest: the client
 * authenticates the server by its HTTPS certificate when it connects to the URL.
 */
export interface Dm2Notification {
  /** Protocol version times ten; 20 for DM 2.0 (bits 0000010100). */
  readonly version: number;
  readonly uiMode: UiMode;
  readonly initiator: Initiator;
  /** Send DevDetail in Pkg#1. */
  readonly sendDevDetail: boolean;
  /** Send all supported MOIDs in Pkg#1. */
  readonly sendSupportedMos: boolean;
  /** Send the locations of all instances of all supported MOs in Pkg#1. */
  readonly sendAllMoInstances: boolean;
  /** The server URL the client connects to (HTTPS). */
  readonly url: string;
  /**
   * Bytes after the URL. The draft has none yet but plans more fields ("Timeout, server-time,
   * MOID, reason, vendor specific"), so they are kept rather than refused.
   */
  readonly extension?: Uint8Array;
}

const fixedBytes = 5;
const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

/** Encodes a DM 2.0 notification (seed 004 §5.3). Version defaults to 20. */
export function encodeDm2Notification(
  n: Omit<Dm2Notification, "version"> & { readonly version?: number },
): Uint8Array {
  const version = n.version ?? 20;
  if (!Number.isInteger(version) || version < 0 || version > 0x3ff) {
    throw new OmaDmError("INVALID_ARGUMENT", `version must fit 10 bits, got ${version}`);
  }
  if (!uiModes.includes(n.uiMode) || !initiators.includes(n.initiator)) {
    throw new OmaDmError("INVALID_ARGUMENT", "unknown ui-mode or initiator");
  }
  const url = utf8.encode(n.url);
  if (url.length < 1 || url.length > 255) {
    throw new OmaDmError("INVALID_ARGUMENT", `URL must be 1..255 bytes, got ${url.length}`);
  }
  const extension = n.extension ?? new Uint8Array(0);
  const out = new Uint8Array(fixedBytes + url.length + extension.length);
  out[0] = version >> 2;
  out[1] =
    ((version & 3) << 6) |
    (uiModeBits(n.uiMode) << 4) |
    (n.initiator === "server" ? 8 : 0) |
    (n.sendDevDetail ? 4 : 0) |
    (n.sendSupportedMos ? 2 : 0) |
    (n.sendAllMoInstances ? 1 : 0);
  // bytes 2..3: 16 reserved bits, zero
  out[4] = url.length;
  out.set(url, fixedBytes);
  out.set(extension, fixedBytes + url.length);
  return out;
}

/**
 * Decodes a DM 2.0 notification of any version. Throws DecodeError("DM2_NOTIFICATION_INVALID")
 * for fewer than 5 bytes, an empty URL or a URL running past the end.
 */
export function decodeDm2Notification(bytes: Uint8Array, limits?: Partial<DecodeLimits>): Dm2Notification {
  const { maxBytes } = resolveLimits(limits);
  if (bytes.length > maxBytes)
    throw new DecodeError("DECODE_LIMIT", "notification larger than maxBytes", maxBytes);
  if (bytes.length < fixedBytes) {
    throw new DecodeError("DM2_NOTIFICATION_INVALID", "notification shorter than 5 bytes", bytes.length);
  }
  const b0 = bytes[0] ?? 0;
  const b1 = bytes[1] ?? 0;
  const urlLength = bytes[4] ?? 0;
  if (urlLength === 0) throw new DecodeError("DM2_NOTIFICATION_INVALID", "URL length is 0", 4);
  if (fixedBytes + urlLength > bytes.length) {
    throw new DecodeError("DM2_NOTIFICATION_INVALID", "URL runs past the end", 4);
  }
  let url: string;
  try {
    url = utf8Strict.decode(bytes.subarray(fixedBytes, fixedBytes + urlLength));
  } catch {
    throw new DecodeError("DECODE_INVALID_UTF8", "URL is not UTF-8", fixedBytes);
  }
  const rest = bytes.subarray(fixedBytes + urlLength);
  const fields = {
    version: (b0 << 2) | (b1 >> 6),
    uiMode: uiModeOf(b1 >> 4),
    initiator: (b1 & 8) !== 0 ? ("server" as const) : ("user" as const),
    sendDevDetail: (b1 & 4) !== 0,
    sendSupportedMos: (b1 & 2) !== 0,
    sendAllMoInstances: (b1 & 1) !== 0,
    url,
  };
  return rest.length === 0 ? fields : { ...fields, extension: copyBytes(rest) };
}
