/**
 * A DDF (MgmtTree with DFProperties) indexed for lookups while the tree runs. [TR-TND §8.5]
 * Each tree node points at its descriptor (shared, one per DDF Node), found when it is created:
 * a named DDF child first, then the unnamed placeholder `<x>` (NodeName "").
 *
 * Territory rules:
 * - the root and the ancestors named only by Paths are "open": any child may be created; named
 *   descriptors still apply to matching names.
 * - a described interior node with described children admits only those (`notDescribed`).
 * - a described interior node without any described child (typically `Ext`) is open.
 */
import type { AccessType, DfProperties, MgmtTree, TndsNode } from "@omadm/protocol";
import { splitPath } from "./parse-uri.js";

/** Bits of the AccessType set. */
export const accessBits: { readonly [A in AccessType]: number } = {
  Add: 1,
  Copy: 2,
  Delete: 4,
  Exec: 8,
  Get: 16,
  Replace: 32,
};
const allAccess = 63;

/** One described node (or an open ancestor). */
export class DdfDescriptor {
  readonly name: string;
  /** True when a DDF Node describes it (false for the root and Path-only ancestors). */
  readonly described: boolean;
  /** AccessType bits; all bits when the Node has no DFProperties. */
  readonly access: number;
  /** DFFormat; undefined = any. */
  readonly format: string | undefined;
  /** Leaf DFType MIME values; empty = any. */
  readonly mimeTypes: readonly string[];
  /** Interior DFType DDFName (the MO identifier), if any. */
  readonly ddfName: string | undefined;
  /** Most instances allowed under one parent (Occurrence). */
  readonly maxOccurs: number;
  /** Scope Permanent. */
  readonly permanent: boolean;
  /** CaseSense CIS: the node's name is matched case-insensitively. */
  readonly caseInsensitive: boolean;
  readonly named = new Map<string, DdfDescriptor>();
  /** Named children with CaseSense CIS, by lower-cased name. */
  readonly namedFolded = new Map<string, DdfDescriptor>();
  placeholder: DdfDescriptor | undefined = undefined;

  constructor(name: string, df: DfProperties | undefined, described: boolean) {
    this.name = name;
    this.described = described;
    let access = allAccess;
    if (df !== undefined) {
      access = 0;
      for (const a of df.accessType) access |= accessBits[a];
    }
    this.access = access;
    this.format = df?.dfFormat;
    const t = df?.dfType;
    this.mimeTypes = t?.kind === "MIME" ? t.values.filter((v) => v !== "") : [];
    this.ddfName = t?.kind === "DDFName" && t.value !== "" ? t.value : undefined;
    this.maxOccurs = maxOccurs(df);
    this.permanent = df?.scope === "Permanent";
    this.caseInsensitive = df?.caseSense === "CIS";
  }

  /** True when children not named in the DDF may be created here. */
  get open(): boolean {
    return !this.described || (this.named.size === 0 && this.placeholder === undefined);
  }

  /** True when some child descriptor matches names case-insensitively. */
  get hasCaseInsensitiveChild(): boolean {
    return this.namedFolded.size > 0 || this.placeholder?.caseInsensitive === true;
  }

  /**
   * The descriptor of a child called `name`: a named child, else the placeholder, else undefined
   * in open territory, else `notDescribed`.
   */
  child(name: string): DdfDescriptor | undefined | typeof notDescribed {
    const d = this.named.get(name) ?? this.namedFolded.get(name.toLowerCase()) ?? this.placeholder;
    if (d !== undefined) return d;
    return this.open ? undefined : notDescribed;
  }

  allows(access: AccessType): boolean {
    return (this.access & accessBits[access]) !== 0;
  }
}

/** Marker: the DDF does not allow a child of that name here. */
export const notDescribed = Symbol("notDescribed");

/** Indexes a DDF; the returned descriptor stands for the root `.`. */
export function indexDdf(ddf: MgmtTree): DdfDescriptor {
  const root = new DdfDescriptor(".", undefined, false);
  for (const n of ddf.nodes) {
    let parent = root;
    const segments = n.path === undefined ? [] : (splitPath(n.path) ?? []);
    for (const s of segments) {
      let next = parent.named.get(s);
      if (next === undefined) {
        next = new DdfDescriptor(s, undefined, false);
        parent.named.set(s, next);
      }
      parent = next;
    }
    // A top-level Node named "." describes the root itself; its children continue under root.
    if (n.nodeName === "." && segments.length === 0) for (const c of n.children) addNode(root, c);
    else addNode(parent, n);
  }
  return root;
}

function addNode(parent: DdfDescriptor, n: TndsNode): void {
  const d = new DdfDescriptor(n.nodeName, n.dfProperties, true);
  if (n.nodeName === "") parent.placeholder ??= d;
  else {
    // A Path seen earlier may have made an open stand-in for this name: keep what hangs below it.
    const before = parent.named.get(n.nodeName);
    if (before !== undefined) {
      for (const [k, v] of before.named) d.named.set(k, v);
      for (const [k, v] of before.namedFolded) d.namedFolded.set(k, v);
      d.placeholder = before.placeholder;
    }
    parent.named.set(n.nodeName, d);
    if (d.caseInsensitive) parent.namedFolded.set(n.nodeName.toLowerCase(), d);
  }
  for (const c of n.children) addNode(d, c);
}

function maxOccurs(df: DfProperties | undefined): number {
  const o = df?.occurrence;
  if (o === undefined) return 1; // [TR-TND §8.5] default One
  switch (o.kind) {
    case "One":
    case "ZeroOrOne":
      return 1;
    case "ZeroOrN":
    case "OneOrN":
      return o.n;
    case "ZeroOrMore":
    case "OneOrMore":
      return Number.POSITIVE_INFINITY;
  }
}
