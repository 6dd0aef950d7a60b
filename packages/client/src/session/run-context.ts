/**
 * What running one server message's commands needs, and what a command gives back. The session
 * builds a RunContext per message; `pkg` survives across the messages of a server package.
 */
import type { SyncMLEncoding } from "@omadm/protocol";
import type { ManagementTree } from "@omadm/tree";
import type { IncomingObject } from "./incoming-objects.js";
import type { DraftStatus, ReplyUnit } from "./reply-drafts.js";
import type { AlertQueue, SessionLogger, UserInterface } from "./session-api.js";

/** State that spans the messages of one server package. */
export interface PackageState {
  /** A large object being received. */
  incoming: IncomingObject | undefined;
  /** The user cancelled a UI alert: the rest of the package is not executed (215). [TR-PRO §2.5] */
  cancelled: boolean;
}

export interface RunContext {
  readonly tree: ManagementTree;
  /** The principal for every tree operation: the server's ServerID. */
  readonly serverId: string;
  /** MsgID of the server message being run (MsgRef of every Status/Results). */
  readonly msgRef: number;
  readonly ui: UserInterface;
  readonly alerts: AlertQueue;
  readonly encoding: SyncMLEncoding;
  /** Largest object the client accepts. */
  readonly maxObjSize: number;
  /** Largest object the server accepts (its SyncHdr MaxObjSize), if it said. */
  readonly serverMaxObjSize: number | undefined;
  readonly pkg: PackageState;
  readonly log: SessionLogger | undefined;
  readonly logFields: object;
}

/**
 * How a command went, for the container around it: `failed` (an error status), `refused` (a UI
 * confirm answered No or timed out), `cancelled` (the user cancelled a UI alert).
 */
export type Flow = "ok" | "failed" | "refused" | "cancelled";

/** A command's Statuses and Results in reply order, and its flow. */
export interface Ran {
  readonly units: readonly ReplyUnit[];
  readonly flow: Flow;
}

/** Where a command sits: directly in SyncBody, or inside a Sequence or an Atomic. */
export type Scope = "body" | "sequence" | "atomic";

export function isSuccess(code: number): boolean {
  return code >= 200 && code <= 299;
}

/** The flow of a set of statuses: failed when any is not 2xx. */
export function flowOf(statuses: readonly DraftStatus[]): Flow {
  return statuses.every((s) => isSuccess(s.data)) ? "ok" : "failed";
}
