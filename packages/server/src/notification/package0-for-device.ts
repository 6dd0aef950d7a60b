import {
  decodeNonce,
  encodePackage0,
  resyncNonce,
  type Initiator,
  type RandomBytes,
  type UiMode,
} from "@omadm/protocol";
import type { Device } from "../store/store-api.js";

/** The fields of one notification that are not the device's. */
export interface Package0Request {
  readonly uiMode: UiMode;
  readonly initiator: Initiator;
  /** The 16-bit session id the device will use (as upper-case hex) for the SyncHdr SessionID. */
  readonly sessionId: number;
  readonly vendor?: Uint8Array;
}

/** A built Package 0, or why none can be built for this device. */
export type DevicePackage0 =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly nonce: "stored" | "resync" }
  | { readonly ok: false; readonly detail: string };

/**
 * A fresh Package 0 session id: 1..65535 from two random bytes (0 is left out: it is the
 * SessionID of bootstrap messages, which belong to no session).
 */
export function newNotificationSessionId(random: RandomBytes): number {
  const b = random(2);
  const id = ((b[0] ?? 0) << 8) | (b[1] ?? 0);
  return id === 0 ? 1 : id;
}

/**
 * The device's Package 0 [TR-NOT §6.2.1], version 11: keyed by the server credential the device
 * holds for us (its serverAuth: ServerID and B64(H(serverId:secret)), [TR-NOT §6.2.2.2]) and the
 * device's last NextNonce for us. Without a stored nonce (never seen, or lost) the resync nonce
 * (four zero bytes) is used, which clients try after their stored one (fact sheet §4.6). A
 * device without serverAuth cannot check any digest we make, so none is built.
 */
export function package0ForDevice(device: Device, request: Package0Request): DevicePackage0 {
  const auth = device.serverAuth;
  if (auth === undefined) {
    return { ok: false, detail: "the device has no server credentials to verify a Package 0 with" };
  }
  let nonce: Uint8Array | undefined;
  if (device.serverNonce !== "") {
    try {
      nonce = decodeNonce(device.serverNonce);
    } catch {
      nonce = undefined; // unreadable: fall back to the resync nonce below
    }
  }
  try {
    const bytes = encodePackage0(
      {
        version: 11,
        uiMode: request.uiMode,
        initiator: request.initiator,
        sessionId: request.sessionId,
        serverId: auth.serverId,
        ...(request.vendor === undefined ? {} : { vendor: request.vendor }),
      },
      { serverHashB64: auth.secretHash, nonce: nonce ?? resyncNonce("resync-zero-bytes") },
    );
    return { ok: true, bytes, nonce: nonce === undefined ? "resync" : "stored" };
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : String(e) };
  }
}
