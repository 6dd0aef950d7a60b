/**
 * The public types of account/: the DM server accounts a device holds in ./DMAcc/<X>
 * (urn:oma:mo:oma-dm-dmacc:1.0). [TR-STD §7.1.3.1], fact sheet §7.1. The session engine reads
 * them to authenticate both ways and writes the nonces the server hands out.
 */
import type { AAuthType } from "@omadm/protocol";

/**
 * One AppAuth/<X> entry of an account: the credentials of one direction.
 * `nonce` is AAuthData (Format bin), empty when the account has none yet.
 */
export interface AuthCredential {
  readonly type: AAuthType;
  readonly name: string;
  readonly secret: string;
  readonly nonce: Uint8Array;
}

/** One DM server account as the device holds it in ./DMAcc/<X>. */
export interface ServerAccount {
  /** The account node, `./DMAcc/<X>` (or wherever the DMAcc MO instance lives). */
  readonly accountUri: string;
  readonly serverId: string;
  readonly name?: string;
  /** AppAddr/<X>/Addr values in tree order: the server URLs, the first preferred. */
  readonly addresses: readonly string[];
  /** AAuthPref: the authentication type the client prefers. */
  readonly prefAuth?: AAuthType;
  /** AAuthLevel CLCRED: how the client authenticates to the server. */
  readonly client?: AuthCredential;
  /** AAuthLevel SRVCRED: how the server authenticates to the client, and the Package 0 key. */
  readonly server?: AuthCredential;
}

/**
 * The accounts of a device's tree. Reads are live (every call reads the tree); the nonce setters
 * write AAuthData as the device itself, so ACLs never stand in the way.
 */
export interface AccountStore {
  list(): ServerAccount[];
  byServerId(serverId: string): ServerAccount | undefined;
  /** Stores the nonce the client uses next to authenticate to the server (CLCRED AAuthData). */
  setClientNonce(serverId: string, nonce: Uint8Array): void;
  /** Stores the nonce the server uses next to authenticate to the client (SRVCRED AAuthData). */
  setServerNonce(serverId: string, nonce: Uint8Array): void;
}
