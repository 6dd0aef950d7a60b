/**
 * The public types of @omadm/tree. The engines (client session engine, persistence, standard
 * objects, benchmarks) code against these; the implementation lives in management-tree.ts.
 *
 * Conventions:
 * - Every operation acts for a principal: a DM server's ServerID, or `undefined` for the device
 *   itself (MO code, bootstrap, the user). The device is not subject to ACLs, AccessType, Scope
 *   or the Inbox rules; it is subject to URI rules and value validation.
 * - Protocol outcomes are values with a DM status code [TR-REP §4.1.6]; nothing here throws for
 *   them. Throws are for misuse (nested `begin()`, a malformed `importState` document).
 * - URIs are full device URIs: `./A/B` and `A/B` name the same node; the root is `.`. [TR-TND §8.1]
 */
import type { Element, MgmtTree } from "@omadm/protocol";

/** Who acts: a DM server's ServerID, or `undefined` for the device itself. */
export type Principal = string | undefined;

/** Item Data as the SyncML model carries it: text, opaque bytes, or an element (TNDS, xml). */
export type NodeData = string | Uint8Array | Element;

/** A leaf value as stored: text, or bytes when the node Format is `bin`. */
export type LeafValue = string | Uint8Array;

/**
 * Meta Format / Meta Type / Data of one command Item. Absent Format and Type mean the defaults
 * (`chr`, `text/plain`) on Add; on Replace they mean "keep the node's Format and Type".
 */
export interface NodeContent {
  readonly format?: string;
  readonly type?: string;
  readonly data?: NodeData;
}

/** The outcome of a command that returns no data. */
export interface TreeOutcome {
  readonly status: number;
  /**
   * When the implicit creation of a missing interior node failed, that node's URI: the engine
   * names it in an Item/Target of the Status. [TR-REP §4.1.6.1]
   */
  readonly failedUri?: string;
}

/** The outcome of Add; `uri` is where the node was created (an Add into ./Inbox is relocated). */
export interface AddOutcome extends TreeOutcome {
  readonly uri?: string;
}

/**
 * One Results Item. `format` and `type` are always filled (`""` type = none, omit Meta Type);
 * `data` is absent for ?list=Struct items. Format `bin` data is bytes: the engine sends it as
 * b64 over XML. `size` is the raw byte length of a leaf value.
 */
export interface ResultItem {
  readonly uri: string;
  readonly format: string;
  readonly type: string;
  readonly data?: NodeData;
  readonly size?: number;
}

/** The outcome of Get: on 200, one or more Results Items. */
export interface GetOutcome {
  readonly status: number;
  readonly results?: readonly ResultItem[];
}

/** What an Exec handler receives. `uri` is normalized (`./A/B`). */
export interface ExecRequest {
  readonly uri: string;
  readonly content?: NodeContent;
  readonly serverId: Principal;
  readonly correlator?: string;
}

/**
 * The final result of an asynchronous Exec, to be reported in a Generic Alert (1226) carrying
 * the Exec's Correlator. [TR-PRO §2.3.7], [TR-REP §4.1.6.6]
 */
export interface ExecCompletion {
  /** Generic Alert Meta Type, e.g. `org.openmobilealliance.dm.firmwareupdate.update`. */
  readonly alertType: string;
  /** Item Meta Format; default `int`. */
  readonly format?: string;
  /** Item Meta Mark; default informational. */
  readonly mark?: string;
  /** Item Data, e.g. a result code. */
  readonly data?: string;
  /** Item Source LocURI; default the Exec target. */
  readonly sourceUri?: string;
}

/**
 * The outcome of Exec: 200 done, 202 accepted (then `completion` settles later and the engine
 * sends the Generic Alert), or an error status.
 */
export interface ExecOutcome {
  readonly status: number;
  readonly completion?: Promise<ExecCompletion>;
  readonly correlator?: string;
}

/** What a handler's `get` returns: status 200 with the value, or an error status. */
export interface HandlerValue {
  readonly status: number;
  readonly data?: LeafValue;
}

/**
 * Code behind a node, so an MO can be code. Mounted on an existing node with `mount`. All
 * callbacks are synchronous; long work answers 202 from `exec` and settles `completion` later.
 * A callback that throws is answered 500 (a bug in MO code must not crash a session).
 */
export interface NodeHandler {
  /** Supplies a leaf's value on Get (and for Size, StructData, TNDS). */
  readonly get?: (uri: string) => HandlerValue;
  /**
   * Accepts a new leaf value (already decoded and validated) and returns a status. On 200 the
   * tree records the value and maintains Size/TStamp/VerNo. Called with the old value on rollback.
   */
  readonly set?: (uri: string, value: LeafValue, serverId: Principal) => number;
  /** Runs an Exec on the node. */
  readonly exec?: (request: ExecRequest) => ExecOutcome;
}

/**
 * Where an MO added into ./Inbox goes. [TR-STD §7.1.3.4] `placement` returns the URI of the
 * interior node under which the MO instance is created, or undefined for an MO the device does
 * not know (the Add is then refused with 415).
 */
export interface MoRegistry {
  placement(moid: string, name: string): string | undefined;
}

/** Options of `createTree`. */
export interface TreeOptions {
  /** Time source for TStamp; default `() => new Date()`. */
  readonly clock?: () => Date;
  /** A DDF describing the tree: AccessType, Format, Occurrence, Scope, CaseSense are enforced. */
  readonly ddf?: MgmtTree;
  /** false: every name lookup is case-insensitive (created case preserved). Default true. */
  readonly caseSensitive?: boolean;
  /** Relocation of MOs added into ./Inbox. Default: refuse every MO (415). */
  readonly moRegistry?: MoRegistry;
}

/** Options of the device-side `define`. */
export interface DefineOptions {
  /** Default true: device-defined nodes are permanent. [TR-TND §8.2] */
  readonly permanent?: boolean;
  readonly acl?: string;
  readonly title?: string;
}

/**
 * An open transaction (for Atomic). Only one may be open; nested Atomic is not part of DM.
 * `rollback` restores the exact prior state; status 516 when some step could not be undone
 * (a handler refused to take its old value back). [TR-REP §4.1.6.3]
 */
export interface TreeTransaction {
  readonly open: boolean;
  commit(): void;
  rollback(): TreeOutcome;
}

/**
 * Change notifications, for persistence. `change` names the root of the changed part of the tree
 * (a node, or the parent whose child list changed). Changes between `begin` and `commit` are
 * not durable until `commit`; after `rollback` the tree is as before `begin`.
 */
export type TreeChange =
  | { readonly kind: "change"; readonly uri: string }
  | { readonly kind: "begin" }
  | { readonly kind: "commit" }
  | { readonly kind: "rollback" };

/** Properties a ?list=TNDS selection can name; `Value` is the node value. [TR-TND §8.4.2] */
export const tndsSelectableProperties = [
  "ACL",
  "Format",
  "Name",
  "Size",
  "Title",
  "TStamp",
  "Type",
  "VerNo",
  "Value",
] as const;
export type TndsSelectableProperty = (typeof tndsSelectableProperties)[number];

/** Run-time properties addressable with `?prop=`. [TR-TND §8.3] */
export const nodeProperties = ["ACL", "Format", "Name", "Size", "Title", "TStamp", "Type", "VerNo"] as const;
export type NodeProperty = (typeof nodeProperties)[number];

/**
 * A ?list=TNDS property selection: `+` includes only the listed properties, `-` all but them.
 * Absent: ACL, Format, Title, TStamp, Type, VerNo and Value (what TNDS allows). [TR-TNDS §9]
 */
export interface TndsSelection {
  readonly mode: "+" | "-";
  readonly properties: readonly TndsSelectableProperty[];
}

/**
 * The serialized tree (`exportState`). JSON-safe; keys are always written in the order below, so
 * two exports of equal trees are byte-identical after JSON.stringify.
 */
export interface TreeState {
  readonly version: 1;
  readonly root: NodeState;
}

/** One node of a TreeState; `children` in insertion order. */
export interface NodeState {
  readonly name: string;
  readonly format: string;
  readonly type: string;
  readonly acl: string;
  readonly title?: string;
  /** Milliseconds since the epoch of the last change; 0 = unknown. */
  readonly tStamp: number;
  readonly verNo: number;
  readonly permanent?: true;
  /** Leaf value as text (every Format but bin). */
  readonly value?: string;
  /** Leaf value of a bin node, base64. */
  readonly valueB64?: string;
  readonly children?: readonly NodeState[];
}
