/**
 * The typed SyncML DM message model: plain readonly data, one discriminated union of commands.
 * It is mapped to and from the element tree once (syncml/mapping/), so XML and WBXML share it.
 *
 * Content models follow RepPro 1.2 as DM uses it (fact sheet §2.2). Elements DM does not use
 * (Sync, Map, Put, Search, ...) decode to an `Unknown` command holding the raw element, so an
 * engine can answer them with a status instead of refusing the whole message.
 */
import type { Element } from "../element.js";

/** Target or Source: LocURI and the optional LocName (the user name for MD5 auth). */
export interface Location {
  readonly locUri: string;
  readonly locName?: string;
}

/** MetInf (namespace syncml:metinf). Sizes are numbers; NextNonce stays base64 as on the wire. */
export interface Meta {
  readonly format?: string;
  readonly type?: string;
  readonly mark?: string;
  readonly size?: number;
  readonly nextNonce?: string;
  readonly version?: string;
  readonly maxMsgSize?: number;
  readonly maxObjSize?: number;
  readonly emi?: readonly string[];
}

/**
 * Item Data: text, opaque bytes (WBXML OPAQUE, e.g. Format bin), or an embedded document
 * (an inline XML element such as a TNDS MgmtTree, or a nested WBXML document decoded to its tree).
 */
export type Data = string | Uint8Array | Element;

export interface Item {
  readonly target?: Location;
  readonly source?: Location;
  /** DS 1.2 only; kept so such messages survive a round trip. */
  readonly sourceParent?: string;
  /** DS 1.2 only; kept so such messages survive a round trip. */
  readonly targetParent?: string;
  readonly meta?: Meta;
  readonly data?: Data;
  /** Large object: more chunks of this item follow. */
  readonly moreData?: boolean;
}

export interface Cred {
  readonly meta?: Meta;
  readonly data: string;
}

export interface Chal {
  readonly meta: Meta;
}

export interface SyncHdr {
  readonly verDtd: string;
  readonly verProto: string;
  readonly sessionId: string;
  readonly msgId: number;
  readonly target: Location;
  readonly source: Location;
  readonly respUri?: string;
  readonly noResp?: boolean;
  readonly cred?: Cred;
  readonly meta?: Meta;
}

interface ItemCommand {
  readonly cmdId: number;
  readonly noResp?: boolean;
  readonly cred?: Cred;
  readonly meta?: Meta;
  readonly items: readonly Item[];
}

export interface Add extends ItemCommand {
  readonly kind: "Add";
}
export interface Replace extends ItemCommand {
  readonly kind: "Replace";
}
export interface Delete extends ItemCommand {
  readonly kind: "Delete";
}
export interface Copy extends ItemCommand {
  readonly kind: "Copy";
}
export interface Get extends ItemCommand {
  readonly kind: "Get";
  readonly lang?: string;
}

export interface Alert {
  readonly kind: "Alert";
  readonly cmdId: number;
  readonly noResp?: boolean;
  readonly cred?: Cred;
  /** The alert code (1200, 1201, 1222, 1226, ...). */
  readonly data?: number;
  readonly correlator?: string;
  readonly items: readonly Item[];
}

export interface Exec {
  readonly kind: "Exec";
  readonly cmdId: number;
  readonly noResp?: boolean;
  readonly cred?: Cred;
  readonly meta?: Meta;
  readonly correlator?: string;
  readonly item: Item;
}

/** Commands allowed inside Atomic and Sequence (validated by engines, not by the codec). */
export interface Atomic {
  readonly kind: "Atomic";
  readonly cmdId: number;
  readonly noResp?: boolean;
  readonly meta?: Meta;
  readonly commands: readonly Command[];
}

export interface Sequence {
  readonly kind: "Sequence";
  readonly cmdId: number;
  readonly noResp?: boolean;
  readonly meta?: Meta;
  readonly commands: readonly Command[];
}

export interface Status {
  readonly kind: "Status";
  readonly cmdId: number;
  readonly msgRef: number;
  /** 0 for the SyncHdr status. */
  readonly cmdRef: number;
  /** The referenced command's element name, or "SyncHdr". */
  readonly cmd: string;
  readonly targetRefs: readonly string[];
  readonly sourceRefs: readonly string[];
  readonly cred?: Cred;
  readonly chal?: Chal;
  /** The status code (200, 212, 401, ...). */
  readonly data: number;
  readonly items: readonly Item[];
}

export interface Results {
  readonly kind: "Results";
  readonly cmdId: number;
  readonly msgRef?: number;
  readonly cmdRef: number;
  readonly meta?: Meta;
  readonly targetRef?: string;
  readonly sourceRef?: string;
  readonly items: readonly Item[];
}

/** An element in SyncBody (or in Atomic/Sequence) that DM does not define. */
export interface Unknown {
  readonly kind: "Unknown";
  readonly name: string;
  /** Its CmdID when it has a numeric one, so a status can reference it. */
  readonly cmdId?: number;
  readonly element: Element;
}

export type Command =
  Add | Alert | Atomic | Copy | Delete | Exec | Get | Replace | Results | Sequence | Status | Unknown;

export type CommandKind = Command["kind"];

/** One SyncML DM message: header, body commands in order, and whether it ends its package. */
export interface SyncMLMessage {
  readonly header: SyncHdr;
  readonly body: readonly Command[];
  readonly final: boolean;
}
