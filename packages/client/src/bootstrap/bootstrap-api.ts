/**
 * The public types of bootstrap/: how a device takes its first (or a further) DM server account
 * from a factory profile, a DM-profile message, a CP w7 document or a smartcard. [TR-BOOT §3.1],
 * fact sheet §8. Outcomes are values: a refused bootstrap is not an exception.
 */
import type { BootstrapSecrets, SecMethod } from "@omadm/protocol";
import type { ManagementTree } from "@omadm/tree";
import type { ServerAccount } from "../account/account-api.js";
import type { AccountSettings } from "../account/add-account.js";

/** The SEC method and MAC a push carried (WSP Content-Type parameters). [TR-SEC §5.1.7.2] */
export interface BootstrapSecurity {
  readonly method: SecMethod;
  /** 40 hex digits. */
  readonly mac: string;
}

/** The device's secrets the MAC key is made from: the IMSI (NETWPIN) and/or the user PIN (USERPIN). */
export type BootstrapKeys = BootstrapSecrets;

/** Why a bootstrap was refused; the tree is unchanged in every case. */
export const bootstrapRefusals = [
  "mac-mismatch", // the MAC does not verify under the device's key
  "no-key", // the SEC method needs a secret the device was not given (no IMSI, no PIN)
  "unsupported-security", // USERPINMAC, or a push without SEC/MAC where one is required
  "not-wbxml", // a DM-profile message that is not WBXML [TR-BOOT §3.1.4]
  "malformed", // the document does not decode
  "not-allowed", // a DM-profile message with commands other than Add
  "server-exists", // it names a ServerID the device already has an account for (policy)
  "tree-refused", // the tree refused an Add (the whole bootstrap was rolled back)
  "busy", // a session holds an open Atomic on the tree; try again after it
] as const;
export type BootstrapRefusal = (typeof bootstrapRefusals)[number];

/** Something a bootstrap carried that the device left out, and why. */
export interface BootstrapSkip {
  /** The target URI, MO, ServerID or CP characteristic concerned. */
  readonly what: string;
  readonly reason: string;
}

/** The bootstrap was applied (and saved). */
export interface BootstrapApplied {
  readonly kind: "applied";
  /**
   * The accounts it created. The caller should open a client-initiated session (Alert 1201)
   * with each at the next opportunity; a DM-profile bootstrap itself gets no response.
   * [TR-BOOT §3.1.4]
   */
  readonly accounts: readonly ServerAccount[];
  /** ServerIDs whose accounts were removed (a smartcard that disappeared or changed). */
  readonly removed: readonly string[];
  readonly skipped: readonly BootstrapSkip[];
}

/** The bootstrap was refused; nothing changed. */
export interface BootstrapRefused {
  readonly kind: "refused";
  readonly reason: BootstrapRefusal;
  readonly detail: string;
}

export type BootstrapOutcome = BootstrapApplied | BootstrapRefused;

/** One account of a factory profile: device settings, plus whether servers may delete it. */
export interface FactoryAccount extends AccountSettings {
  /** Permanent: the server cannot delete its own account (405). Default false. */
  readonly permanent?: boolean;
}

/** The customized (factory) bootstrap: the accounts a device leaves the factory with. [TR-BOOT §3.1.1] */
export interface FactoryProfile {
  readonly accounts: readonly FactoryAccount[];
}

/** What bootstrap intake needs of a device: its tree and a way to make changes durable. */
export interface BootstrapTarget {
  readonly tree: ManagementTree;
  save(): Promise<void>;
}
