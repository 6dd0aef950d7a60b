/**
 * The TNDS / DDF document model (dm_ddf-v1_2.dtd): plain readonly data. One model serves both
 * uses of the DTD: a DDF describes a tree (DFProperties), a TNDS object carries a snapshot of one
 * (RTProperties and Values). [TR-TND §8.5], [TR-TNDS §9]
 */
import type { AccessType, CaseSense, NodeFormat, OccurrenceKind, Scope } from "./tnds-vocabulary.js";

/** Root of a DDF or TNDS document. */
export interface MgmtTree {
  /** "1.2" for DM 1.2; kept as written (Motorola's tree files say "1.1.2"). */
  readonly verDtd: string;
  readonly man?: string;
  readonly mod?: string;
  readonly nodes: readonly TndsNode[];
}

/**
 * One Node. `nodeName` "" is the unnamed placeholder (`<x>` in the graphical notation): the name
 * is chosen when the node is created. A node has either a `value` or `children`, never both.
 */
export interface TndsNode {
  readonly nodeName: string;
  /** URI of the parent, for nodes that continue a tree described elsewhere. */
  readonly path?: string;
  readonly rtProperties?: RtProperties;
  readonly dfProperties?: DfProperties;
  readonly value?: string;
  readonly children: readonly TndsNode[];
}

/** Type / DFType content: a MIME type (leaves) or a DDFName (interior nodes: the MO identifier, may be ""). */
export type TndsType =
  { readonly kind: "MIME"; readonly value: string } | { readonly kind: "DDFName"; readonly value: string };

/** DFType may list several MIME types for a leaf. */
export type DfType =
  | { readonly kind: "MIME"; readonly values: readonly string[] }
  | { readonly kind: "DDFName"; readonly value: string };

/** Run-time properties of a node. [TR-TND §8.3] */
export interface RtProperties {
  readonly acl?: string;
  readonly format?: NodeFormat;
  readonly name?: string;
  /** Bytes of the value (uint32). */
  readonly size?: number;
  readonly title?: string;
  /** ISO 8601 basic UTC, e.g. "20010711T163817Z"; kept as text. */
  readonly tStamp?: string;
  /** Mandatory in the DTD; absent only when a lenient decode found none. */
  readonly type?: TndsType;
  /** uint16 version number. */
  readonly verNo?: number;
}

/** Occurrence; `n` only for ZeroOrN and OneOrN. */
export type Occurrence =
  | { readonly kind: Exclude<OccurrenceKind, "ZeroOrN" | "OneOrN"> }
  | { readonly kind: "ZeroOrN" | "OneOrN"; readonly n: number };

/** Description-framework properties of a node. [TR-TND §8.5] */
export interface DfProperties {
  /** A set, kept in DTD order (Add, Copy, Delete, Exec, Get, Replace). */
  readonly accessType: readonly AccessType[];
  readonly defaultValue?: string;
  readonly description?: string;
  /** Mandatory in the DTD; absent only when a lenient decode found none. */
  readonly dfFormat?: NodeFormat;
  readonly occurrence?: Occurrence;
  readonly scope?: Scope;
  readonly dfTitle?: string;
  /** Mandatory in the DTD; Motorola's tree files leave it out. */
  readonly dfType?: DfType;
  readonly caseSense?: CaseSense;
}
