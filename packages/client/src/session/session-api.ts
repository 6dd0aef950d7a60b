/**
 * The public types of session/: the sans-I/O DM 1.2 client session engine, the user interface it
 * asks for UI alerts, and the queue of client alerts it delivers. The orchestrator (dm-client.ts)
 * moves the engine's OutgoingMessages over a transport and feeds the replies back; the device
 * (device/) supplies the tree, the accounts and a persisted AlertQueue.
 */
import type { Initiator, Item, SyncMLEncoding, UiMode } from "@omadm/protocol";
import type { ManagementTree } from "@omadm/tree";
import type { AccountStore, ServerAccount } from "../account/account-api.js";

// ---- client alerts (1224 / 1226) -------------------------------------------------------------

/**
 * A client alert waiting for delivery: a Generic Alert 1226 (e.g. the result of an asynchronous
 * Exec, with its Correlator) or a Client Event 1224. [TR-PRO §2.3.7], fact sheet §1.12
 */
export interface PendingAlert {
  readonly id: string;
  /** The server it is for; undefined = the next server the device talks to. */
  readonly serverId?: string;
  readonly alert: 1224 | 1226;
  /** The Exec's Correlator when this is an asynchronous Exec result. */
  readonly correlator?: string;
  /** One Item per alert/event, each with Meta Type and Format (and Source when the MO needs it). */
  readonly items: readonly Item[];
}

/**
 * Client alerts kept until the server has acknowledged them (Status 200 or 202); any other
 * status leaves them queued for a later session. The device's implementation persists them.
 */
export interface AlertQueue {
  /** Alerts for `serverId` and those addressed to no particular server, oldest first. */
  pending(serverId: string): readonly PendingAlert[];
  add(alert: Omit<PendingAlert, "id">): PendingAlert;
  /** Removes the alerts (unknown ids are ignored). */
  acknowledge(ids: readonly string[]): void;
}

// ---- user interaction (1100-1104) -------------------------------------------------------------

/** Input type of a TEXT INPUT alert (option IT): alphanumeric, numeric, date, time, phone, IP. [TR-PRO §2.5] */
export const uiInputTypes = ["A", "N", "D", "T", "P", "I"] as const;
export type UiInputType = (typeof uiInputTypes)[number];

/** Echo type of a TEXT INPUT alert (option ET): text or password. [TR-PRO §2.5] */
export const uiEchoTypes = ["T", "P"] as const;
export type UiEchoType = (typeof uiEchoTypes)[number];

/** The option string of a UI alert (Item 1, `MINDT=10&MAXDT=30&...`), parsed. [TR-PRO §2.5] */
export interface UiAlertOptions {
  /** MINDT: minimum display time, seconds. */
  readonly minDisplaySeconds?: number;
  /** MAXDT: how long to wait for the user, seconds (then the alert times out). */
  readonly maxDisplaySeconds?: number;
  /** DR: the default response as written (confirm 0/1, text, choice index, `-`-separated indexes). */
  readonly defaultResponse?: string;
  /** MAXLEN: the longest text the user may enter. */
  readonly maxLength?: number;
  /** IT: input type; default alphanumeric. */
  readonly inputType?: UiInputType;
  /** ET: echo type; default text. */
  readonly echoType?: UiEchoType;
}

/** What a UI alert shows. */
export interface UiPrompt {
  /** The server that sent the alert. */
  readonly serverId: string;
  /** Item 2: the text (title) to show. */
  readonly text: string;
  readonly options: UiAlertOptions;
}

/** A SINGLE or MULTIPLE CHOICE prompt: the choices are Items 3..n, numbered from 1. */
export interface UiChoicePrompt extends UiPrompt {
  readonly choices: readonly string[];
}

/**
 * The user's response: an answer, or cancel (Status 214), timeout (408), or the device cannot
 * show this alert (416). [TR-PRO §2.5]
 */
export type UiResponse<T> =
  | { readonly kind: "answer"; readonly value: T }
  | { readonly kind: "cancel" }
  | { readonly kind: "timeout" }
  | { readonly kind: "cannot-display" };

/** A response now, or later (a real UI waits for the user). */
export type UiReply<T> = UiResponse<T> | Promise<UiResponse<T>>;

/** The device's user interface for server UI alerts; `headlessUi(policy)` is the default. */
export interface UserInterface {
  /** 1100 DISPLAY: the answer `true` means it was shown. */
  display(prompt: UiPrompt): UiReply<true>;
  /** 1101 CONFIRM OR REJECT: true = yes (200), false = no (304). */
  confirm(prompt: UiPrompt): UiReply<boolean>;
  /** 1102 TEXT INPUT: the text entered. */
  textInput(prompt: UiPrompt): UiReply<string>;
  /** 1103 SINGLE CHOICE: the 1-based index chosen. */
  singleChoice(prompt: UiChoicePrompt): UiReply<number>;
  /** 1104 MULTIPLE CHOICE: the 1-based indexes chosen. */
  multipleChoice(prompt: UiChoicePrompt): UiReply<readonly number[]>;
}

/**
 * How `headlessUi` answers (from the device config). `"default"` uses the alert's DR option and
 * times out when there is none, as an unattended device whose user never answers would.
 */
export interface HeadlessUiPolicy {
  /** Default "shown". */
  readonly display?: "shown" | "cancel" | "cannot-display";
  /** Default "default" (DR=1 yes, DR=0 no, no DR: timeout). */
  readonly confirm?: "yes" | "no" | "default" | "timeout" | "cancel";
  /** Default "default" (the DR text, no DR: timeout); `{ text }` answers that text. */
  readonly textInput?: { readonly text: string } | "default" | "timeout" | "cancel";
  /** Default "default" (the DR index, no DR: timeout); a number answers that index. */
  readonly singleChoice?: number | "default" | "timeout" | "cancel";
  /** Default "default" (the DR indexes, no DR: timeout); an array answers those indexes. */
  readonly multipleChoice?: readonly number[] | "default" | "timeout" | "cancel";
}

// ---- the session engine ------------------------------------------------------------------------

/** A pino-compatible logger (only these methods are used). Codecs never log; the engine does. */
export interface SessionLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What started the session. */
export type SessionTrigger =
  /**
   * The client (timer, user, an alert to deliver): Alert 1201. `sessionId` is normally left out
   * (a fresh one is made from `random`); give one to resume a numbering the device keeps.
   */
  | { readonly kind: "client"; readonly sessionId?: string }
  /** A verified Package 0: Alert 1200 and SessionID = the notification's id in hex. [TR-NOT §6.2.2.10] */
  | {
      readonly kind: "server";
      readonly sessionId: number;
      readonly uiMode: UiMode;
      readonly initiator: Initiator;
    };

/** Everything one session needs; nothing here does I/O. */
export interface SessionConfig {
  readonly tree: ManagementTree;
  readonly accounts: AccountStore;
  /** The server this session talks to. */
  readonly account: ServerAccount;
  /** URIs of the ./DevInfo leaves sent in Package 1; default DevId, Man, Mod, DmV, Lang. [TR-PRO §2.6.1] */
  readonly devInfo?: readonly string[];
  readonly trigger: SessionTrigger;
  readonly encoding: SyncMLEncoding;
  /** The server URL for Package 1; default the account's first address. */
  readonly serverUrl?: string;
  /** Largest message the client accepts (announced in SyncHdr Meta). Default 65536. */
  readonly maxMsgSize?: number;
  /** Largest object the client accepts (announced in SyncHdr Meta). Default 1 MiB. */
  readonly maxObjSize?: number;
  /** Most messages the client sends in one session; then Alert 1223 and "aborted". Default 100. */
  readonly maxMessages?: number;
  /** Most authentication failures tolerated per direction before "auth-failed". Default 3. */
  readonly maxAuthAttempts?: number;
  /** Default `headlessUi({})`. */
  readonly ui?: UserInterface;
  /** Default an in-memory queue (alerts then die with the process). */
  readonly alerts?: AlertQueue;
  readonly random: (n: number) => Uint8Array;
  readonly clock?: () => Date;
  readonly log?: SessionLogger;
}

/** One DM message for the transport to POST. */
export interface OutgoingMessage {
  /** Where to send it: the server URL, or the RespURI of the server's last message. */
  readonly url: string;
  readonly body: Uint8Array;
  /** `application/vnd.syncml.dm+xml` or `application/vnd.syncml.dm+wbxml`. */
  readonly contentType: string;
  /** `x-syncml-hmac` when HMAC authentication is in use. [TR-SEC §5.1.4.3] */
  readonly headers: Readonly<Record<string, string>>;
}

/** The server's reply as the transport received it (header names in any case). */
export interface IncomingMessage {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** How a session ended. */
export const sessionOutcomes = ["completed", "aborted", "auth-failed", "failed"] as const;
export type SessionOutcome = (typeof sessionOutcomes)[number];

/**
 * The engine's next step: send a message (then call `receive` with the reply), or stop.
 * A `send` with `last: true` ends the session (Alert 1223, or an error report): nothing the server
 * answers is processed, and `receive` (or `close`) returns the `done` step.
 */
export type SessionStep =
  | { readonly kind: "send"; readonly message: OutgoingMessage; readonly last?: true }
  | { readonly kind: "done"; readonly outcome: SessionOutcome; readonly reason?: string };
