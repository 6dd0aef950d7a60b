/**
 * The engine-private state of one DM session, kept as JSON in Session.state between messages so
 * that any server process can continue any session (ARCHITECTURE idea 2). Only what the next
 * message needs lives here; commands, results and devices live in their own Store tables.
 */
import type { SyncMLEncoding } from "@omadm/protocol";
import type { IncomingObject, PendingOutcome } from "../commands/index.js";
import type { ClientAuth, ServerAuth } from "../store/store-api.js";

/** A CmdID of ours awaiting the device's Status: which queued command (and child) it names. */
export interface SentRef {
  readonly msgId: number;
  readonly cmdId: number;
  readonly commandId: string;
  readonly path: readonly number[];
  /** The (sub)command's target URI: a Results Item without Source names it. */
  readonly uri: string;
}

/** A large object we are streaming [TR-PRO §2.2]: the chunk in flight and where the next starts. */
export interface OutgoingObject {
  readonly commandId: string;
  /** Offset of the next chunk (text units or bytes). */
  readonly offset: number;
  /** The message and CmdID of the chunk in flight; its 213 lets the next chunk go. */
  readonly msgId: number;
  readonly cmdId: number;
  /** The device answered 213 for the chunk in flight. */
  readonly acknowledged: boolean;
}

/** An unknown device the auto-provisioning policy let in, until its credential verifies. */
export type ProvisionCandidate =
  | { readonly kind: "tofu"; readonly failures: number }
  | {
      readonly kind: "grant";
      readonly clientAuth: ClientAuth;
      readonly serverAuth?: ServerAuth;
      readonly name?: string;
      /** The nonce we challenged it with ("" before the first challenge). */
      readonly clientNonce: string;
      readonly failures: number;
    };

export interface SessionState {
  readonly v: 1;
  readonly deviceId: string;
  readonly sessionId: string;
  readonly encoding: SyncMLEncoding;
  /** MsgID of the device's last message; the next must be this + 1. */
  clientMsgId: number;
  /** MsgID of our last message (ours start at 1 and go up by one [TR-PRO §2.3.3]). */
  serverMsgId: number;
  /** Messages received in this session. */
  messages: number;
  /** The device authenticated in this session (212 for basic/MD5; HMAC checks every message anyway). */
  authenticated: boolean;
  /** The session's start was recorded (event, signal). */
  opened: boolean;
  /** Authentication refusals in this session. */
  challenges: number;
  /** The device accepted our credentials (its SyncHdr Status 200/212). */
  serverAccepted: boolean;
  serverRefusals: number;
  /** From the device's SyncHdr Meta; valid until announced again [TR-PRO §2.2]. */
  deviceMaxMsgSize?: number;
  deviceMaxObjSize?: number;
  /** Our last message had no Final (a large-object chunk). */
  ourPackageOpen: boolean;
  inFlight: SentRef[];
  /** Answers gathered per queued command until the device's package is complete. */
  pending: Record<string, PendingOutcome>;
  /** Commands finished with in this session (answered, or left unanswered for the next session). */
  handled: string[];
  /** Commands of our last message (sent again if the device refused our credentials). */
  lastSent: string[];
  outgoing?: OutgoingObject;
  incoming?: IncomingObject;
  /** DevInfo was recorded in this session (later Replaces merge). */
  devInfoSeen: boolean;
  candidate?: ProvisionCandidate;
  ended: boolean;
}

/** The state of a new session. */
export function initialState(deviceId: string, sessionId: string, encoding: SyncMLEncoding): SessionState {
  return {
    v: 1,
    deviceId,
    sessionId,
    encoding,
    clientMsgId: 0,
    serverMsgId: 0,
    messages: 0,
    authenticated: false,
    opened: false,
    challenges: 0,
    serverAccepted: false,
    serverRefusals: 0,
    ourPackageOpen: false,
    inFlight: [],
    pending: {},
    handled: [],
    lastSent: [],
    devInfoSeen: false,
    ended: false,
  };
}

/** The stored state, or undefined when it is not one this engine wrote. */
export function parseSessionState(value: unknown): SessionState | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const s = value as Partial<SessionState>;
  const ok =
    s.v === 1 &&
    typeof s.deviceId === "string" &&
    typeof s.sessionId === "string" &&
    (s.encoding === "xml" || s.encoding === "wbxml") &&
    typeof s.clientMsgId === "number" &&
    typeof s.serverMsgId === "number" &&
    Array.isArray(s.inFlight) &&
    Array.isArray(s.handled) &&
    typeof s.pending === "object";
  return ok ? structuredClone(s as SessionState) : undefined;
}
