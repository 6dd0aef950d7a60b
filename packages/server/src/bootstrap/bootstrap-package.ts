import {
  bootstrapContentType,
  bootstrapKey,
  bootstrapMac,
  buildDmBootstrapMessage,
  encodeCp,
  encodeNonce,
  newNonce,
  userPassHash,
  w7FromDmAccount,
  type AAuthType,
  type BootstrapProfile,
  type DmAccount,
  type RandomBytes,
  type SecMethod,
  type WspContentType,
} from "@omadm/protocol";
import type { AuthScheme, Device, DevicePatch } from "../store/store-api.js";

/** The MAC methods a pushed bootstrap may use here (USERPINMAC is CP-only and has no key). */
export const bootstrapSecurityMethods = ["NETWPIN", "USERPIN", "USERNETWPIN"] as const;
export type BootstrapSecurityMethod = (typeof bootstrapSecurityMethods)[number] & SecMethod;

/** How a bootstrap is protected: the method and the secrets its HMAC key is made from. */
export interface BootstrapSecurity {
  readonly method: BootstrapSecurityMethod;
  /** NETWPIN, USERNETWPIN: the device's IMSI. */
  readonly imsi?: string;
  /** USERPIN, USERNETWPIN: the PIN the user is told out of band. */
  readonly pin?: string;
}

/** One bootstrap as an operator asks for it. */
export interface BootstrapRequest {
  readonly profile: BootstrapProfile;
  /** Required for a push; without it no MAC is made (a factory or smartcard file needs none). */
  readonly security?: BootstrapSecurity;
  /** The device's secret towards us (CLCRED AAuthSecret); generated when absent. */
  readonly clientSecret?: string;
  /** Our secret towards the device (SRVCRED AAuthSecret); generated when absent. */
  readonly serverSecret?: string;
}

/** This server as a bootstrap names it. */
export interface BootstrapServer {
  /** Our ServerID: DMAcc ServerID, CP PROVIDER-ID, the name in our credentials. */
  readonly serverId: string;
  /** The DM endpoint the device will call (DMAcc AppAddr, SyncHdr Source of the message). */
  readonly serverUrl: string;
  /** DMAcc Name; default the ServerID. */
  readonly serverName?: string;
}

/** A built bootstrap: the document, how to push it, and the device record it makes true. */
export interface BootstrapPackage {
  readonly deviceId: string;
  readonly profile: BootstrapProfile;
  /** The WBXML document: a DM-profile SyncML message or a CP document. The MAC covers these bytes. */
  readonly document: Uint8Array;
  /** The push content type: with SEC and MAC when `security` was given. [TR-SEC §5.1.7.2] */
  readonly contentType: WspContentType;
  /** 7 (syncml.dm) for the DM profile; CP documents go without one (as encodeBootstrapPush). */
  readonly applicationId?: number;
  readonly sec?: SecMethod;
  /** 40 upper-case hex digits. */
  readonly mac?: string;
  /** The account the document provisions (secrets included: never log it). */
  readonly account: DmAccount;
  /** What to store once the document has left: new secret hashes and nonces, lock-out cleared. */
  readonly devicePatch: DevicePatch;
  /** Which secrets were generated here (the operator did not give them). */
  readonly generated: { readonly clientSecret: boolean; readonly serverSecret: boolean };
}

const aauthTypeOf: Readonly<Record<AuthScheme, AAuthType>> = { basic: "BASIC", md5: "DIGEST", hmac: "HMAC" };

/** A fresh secret: 18 random bytes as base64url (24 characters, no padding). */
export function newSecret(random: RandomBytes): string {
  return Buffer.from(newNonce(random, 18)).toString("base64url");
}

/**
 * The DMAcc node name of our account: the ServerID with anything but letters, digits, `-` and
 * `_` replaced, at most 32 characters (a node name may not hold `/`, [TR-TND §6.5.2]).
 */
export function accountNodeName(serverId: string): string {
  const name = serverId.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 32);
  return name === "" ? "omadm" : name;
}

/**
 * Builds a device's bootstrap [TR-BOOT §3.1.4], [TR-STD appendix s.app.1]. The device record
 * keeps only digest inputs (B64(H(name:secret))), never the secrets a bootstrap must hand to the
 * device, so the bootstrap sets them: the operator's or freshly generated ones, with fresh
 * nonces for both directions (CLCRED AAuthData is the nonce of the device's first credential,
 * SRVCRED AAuthData that of ours and of Package 0). The account keeps the device's user name
 * and schemes (the server scheme defaults to the client's). `devicePatch` carries the new
 * hashes; store it once the document has been delivered or written, not before, so that a
 * bootstrap that never left does not lock the device out of its old credentials.
 * Throws OmaDmError("INVALID_ARGUMENT") when the security's key material is missing.
 */
export function buildBootstrap(
  device: Device,
  request: BootstrapRequest,
  server: BootstrapServer,
  parts: { readonly random: RandomBytes; readonly clock: () => number },
): BootstrapPackage {
  const clientSecret = request.clientSecret ?? newSecret(parts.random);
  const serverSecret = request.serverSecret ?? newSecret(parts.random);
  const clientScheme = device.clientAuth.scheme;
  const serverScheme = device.serverAuth?.scheme ?? clientScheme;
  const clientNonce = newNonce(parts.random);
  const serverNonce = newNonce(parts.random);
  const username = device.clientAuth.username;
  const account: DmAccount = {
    serverId: server.serverId,
    name: server.serverName ?? server.serverId,
    appAddrs: [{ addr: server.serverUrl, addrType: "URI" }],
    aauthPref: aauthTypeOf[clientScheme],
    appAuths: [
      {
        level: "CLCRED",
        type: aauthTypeOf[clientScheme],
        name: username,
        secret: clientSecret,
        data: clientNonce,
      },
      {
        level: "SRVCRED",
        type: aauthTypeOf[serverScheme],
        name: server.serverId,
        secret: serverSecret,
        data: serverNonce,
      },
    ],
  };
  const document =
    request.profile === "dm"
      ? buildDmBootstrapMessage({
          account,
          accountName: accountNodeName(server.serverId),
          deviceId: device.id,
          serverUri: server.serverUrl,
        })
      : encodeCp({ characteristics: [w7FromDmAccount(account)] });
  let sec: SecMethod | undefined;
  let mac: string | undefined;
  let contentType: WspContentType =
    request.profile === "dm"
      ? { mediaType: "application/vnd.syncml.dm+wbxml", code: 0x42 }
      : { mediaType: "application/vnd.wap.connectivity-wbxml", code: 0x36 };
  if (request.security !== undefined) {
    const { method, imsi, pin } = request.security;
    sec = method;
    mac = bootstrapMac(
      bootstrapKey(method, {
        ...(imsi === undefined ? {} : { imsi }),
        ...(pin === undefined ? {} : { pin }),
      }),
      document,
    );
    contentType = bootstrapContentType(request.profile, method, mac);
  }
  const devicePatch: DevicePatch = {
    clientAuth: { scheme: clientScheme, username, secretHash: userPassHash(username, clientSecret) },
    serverAuth: {
      scheme: serverScheme,
      serverId: server.serverId,
      secretHash: userPassHash(server.serverId, serverSecret),
      // Only Basic sends the password itself, so only Basic keeps it. [TR-SEC §5.1.3.1]
      ...(serverScheme === "basic" ? { secretPlain: serverSecret } : {}),
    },
    clientNonce: encodeNonce(clientNonce),
    clientNonceAt: parts.clock(),
    serverNonce: encodeNonce(serverNonce),
    authFailures: 0,
    lockedUntil: null,
  };
  return {
    deviceId: device.id,
    profile: request.profile,
    document,
    contentType,
    ...(request.profile === "dm" ? { applicationId: 7 } : {}),
    ...(sec === undefined ? {} : { sec }),
    ...(mac === undefined ? {} : { mac }),
    account,
    devicePatch,
    generated: {
      clientSecret: request.clientSecret === undefined,
      serverSecret: request.serverSecret === undefined,
    },
  };
}
