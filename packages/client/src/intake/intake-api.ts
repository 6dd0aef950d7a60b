/**
 * The public types of intake/: how a device learns that a server wants a session (Package 0 over
 * UDP, HTTP or SMS/WAP push) or sends it a bootstrap (DM profile or CP w7 over push), and what
 * it hands the DmClient. [TR-NOT §6.2-6.3], [TR-BOOT §3.1]
 */
import type { Initiator, SecMethod, UiMode } from "@omadm/protocol";

/**
 * What a verified Package 0 asks for: a server-initiated session (Alert 1200) with its session
 * id, ui-mode and initiator; the session engine's `trigger` of kind "server".
 */
export interface NotificationTrigger {
  readonly kind: "server";
  /** The Package 0 session id; SyncHdr SessionID is sessionIdHex(sessionId). [TR-NOT §6.2.2.10] */
  readonly sessionId: number;
  readonly uiMode: UiMode;
  readonly initiator: Initiator;
}

/** A session the device should run with the account of `serverId`. */
export interface SessionRequest {
  readonly serverId: string;
  readonly trigger: NotificationTrigger;
}

/** Why a notification started no session; every one of them is logged. */
export const notificationRefusals = [
  "malformed",
  "unsupported-version",
  "unknown-server",
  "no-server-credential",
  "bad-digest",
  "duplicate",
  "declined",
] as const;

export type NotificationRefusal = (typeof notificationRefusals)[number];

/** What NotificationIntake.receive did with one Package 0. */
export type NotificationOutcome =
  | {
      readonly accepted: true;
      readonly request: SessionRequest;
      /** Which nonce verified the digest; a resync match reset the account's nonces. fact sheet §4.6 */
      readonly nonce: "stored" | "resync-zero-bytes" | "resync-ascii";
    }
  | { readonly accepted: false; readonly refusal: NotificationRefusal; readonly serverId?: string };

/** A bootstrap document received over WAP push, with the SEC/MAC of its content type. [TR-SEC §5.1.7.2] */
export interface BootstrapPush {
  /** "dm": a DM-profile SyncML message; "cp": a CP (w7) provisioning document. */
  readonly profile: "dm" | "cp";
  readonly document: Uint8Array;
  /** The WSP media type as received (code or text resolved to a name). */
  readonly mediaType?: string;
  readonly sec?: SecMethod;
  readonly mac?: string;
  /** Where it came from: the SMS sender, or the UDP/HTTP peer address. */
  readonly source: string;
}

/** Hands a bootstrap push to the device's bootstrap intake; resolves once handled (or refused). */
export type BootstrapSink = (push: BootstrapPush) => void | Promise<void>;

/** A running listener or connector; close() stops it and resolves once its socket is closed. */
export interface IntakeListener {
  /** The bound port (useful when 0 asked for any free port), or the SMSC port for the connector. */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The structured logger listeners and intakes write to: any pino-compatible logger fits
 * (`log.warn({ serverId }, "bad digest")`). Intakes log every refusal and every dropped input.
 */
export interface IntakeLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * How the intake involves the user, per the Package 0 ui-mode [TR-NOT §6.2.2.7]: `confirm` for
 * user-interaction (resolve true to start the session), `notify` for informative. Absent
 * `confirm` means a headless device: user-interaction sessions start without asking.
 */
export interface NotificationUi {
  confirm?(prompt: NotificationPrompt): boolean | Promise<boolean>;
  notify?(prompt: NotificationPrompt): void | Promise<void>;
}

/** What the device tells or asks the user about a server's request for a session. */
export interface NotificationPrompt {
  readonly serverId: string;
  /** The account's display name (DMAcc Name), when it has one. */
  readonly serverName?: string;
  readonly initiator: Initiator;
  /** A ready-made sentence, e.g. "Server X (at your request) wants to manage this device. Allow?" */
  readonly text: string;
}
