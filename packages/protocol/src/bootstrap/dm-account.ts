import type { AAuthLevel } from "../auth/auth-schemes.js";

/**
 * The settings of one DMAcc account (`./DMAcc/<X>`, urn:oma:mo:oma-dm-dmacc:1.0), as a bootstrap
 * carries them. AppID is always "w7" and not stored. [TR-STD §7.1.3.1], fact sheet §7.1
 */
export interface DmAccount {
  /** ServerID: the server's identifier (ACLs, Package 0, CP PROVIDER-ID). */
  readonly serverId: string;
  readonly name?: string;
  /** PrefConRef: the connectivity reference when there is one. */
  readonly prefConRef?: string;
  /** ToConRef/<X>/ConRef values when there are several. */
  readonly toConRefs?: readonly string[];
  /** AppAddr/<X>: the server addresses. */
  readonly appAddrs: readonly DmAccountAddress[];
  /** AAuthPref: the preferred AAuthType. */
  readonly aauthPref?: string;
  /** AppAuth/<X>: one per authentication level. */
  readonly appAuths: readonly DmAccountAuth[];
}

export interface DmAccountAddress {
  readonly addr: string;
  /** "URI" (the default), "IPv4" or "IPv6". */
  readonly addrType?: string;
  /** Port/<X>/PortNbr values. */
  readonly ports?: readonly number[];
}

export interface DmAccountAuth {
  /** CLCRED: the client's credentials to the server; SRVCRED: the server's to the client. */
  readonly level: AAuthLevel;
  /** An AAuthType value (BASIC, DIGEST, HMAC, ...). */
  readonly type?: string;
  readonly name?: string;
  readonly secret?: string;
  /** AAuthData (Format bin): the binary nonce for DIGEST and HMAC. */
  readonly data?: Uint8Array;
}

/** The DMAcc interior node Type of a DM 1.2 account in a bootstrap TNDS. [TR-BOOT §3.1.4.5] */
export const dmAccountDdfName = "org.openmobilealliance/1.0/w7";

/** The ACL a bootstrap gives the account: the server may Get, Replace and Delete it. [TR-BOOT §3.1.3] */
export function dmAccountAcl(serverId: string): string {
  return `Get=${serverId}&Replace=${serverId}&Delete=${serverId}`;
}
