/**
 * The server authenticating itself to a device that requires it (Device.serverAuth, the device's
 * SRVCRED) [TR-PRO §2.4], [TR-SEC §5.1.3, §5.1.4], fact sheet §4.5: basic and MD5 as a SyncHdr
 * Cred until the device accepted one, HMAC as an x-syncml-hmac header on every message, all
 * built with the device's latest NextNonce (Device.serverNonce).
 */
import type { Cred, Status } from "@omadm/protocol";
import {
  basicCredential,
  decodeNonce,
  formatHmacHeader,
  hmacMacFromHash,
  md5CredentialFromHash,
} from "@omadm/protocol";
import type { ServerAuth } from "../store/store-api.js";
import { chalTypes } from "./authenticate-device.js";
import { storedNonceBytes } from "./issued-nonce.js";

/**
 * The SyncHdr Cred for our next message, or undefined (no server auth, HMAC, or a basic account
 * without the plain secret, which basic must send).
 */
export function serverCred(serverAuth: ServerAuth | undefined, serverNonce: string): Cred | undefined {
  if (serverAuth === undefined) return undefined;
  switch (serverAuth.scheme) {
    case "basic":
      if (serverAuth.secretPlain === undefined) return undefined;
      return {
        meta: { type: chalTypes.basic, format: "b64" },
        data: basicCredential(serverAuth.serverId, serverAuth.secretPlain),
      };
    case "md5":
      return {
        meta: { type: chalTypes.md5, format: "b64" },
        data: md5CredentialFromHash(serverAuth.secretHash, storedNonceBytes(serverNonce)),
      };
    case "hmac":
      return undefined;
  }
}

/** The x-syncml-hmac header value for our reply `body` when the device wants HMAC [TR-SEC §5.1.4.3]. */
export function serverHmacHeader(
  serverAuth: ServerAuth | undefined,
  serverNonce: string,
  body: Uint8Array,
): string | undefined {
  if (serverAuth?.scheme !== "hmac") return undefined;
  const mac = hmacMacFromHash(serverAuth.secretHash, storedNonceBytes(serverNonce), body);
  return formatHmacHeader({ username: serverAuth.serverId, mac });
}

/** How the device answered our credentials, from its SyncHdr Status for our last message. */
export interface ServerAuthAnswer {
  /** 200 or 212: the device accepted us. */
  readonly accepted: boolean;
  /** 401 or 407: the device refused us, and ran none of that message's commands. */
  readonly refused: boolean;
  /** The device's NextNonce (base64) for our next credential, when its Chal carried a valid one. */
  readonly nextNonce?: string;
}

/** Reads the device's SyncHdr Status [TR-PRO §2.4.1]; the NextNonce rotates Device.serverNonce. */
export function readServerAuthAnswer(status: Status): ServerAuthAnswer {
  const code = status.data;
  const text = status.chal?.meta.nextNonce;
  let nextNonce: string | undefined;
  if (text !== undefined) {
    try {
      decodeNonce(text);
      nextNonce = text.trim();
    } catch {
      nextNonce = undefined; // not base64: keep the nonce we had
    }
  }
  const answer = { accepted: code === 200 || code === 212, refused: code === 401 || code === 407 };
  return nextNonce === undefined ? answer : { ...answer, nextNonce };
}
