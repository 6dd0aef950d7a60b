/**
 * The in-memory node. Kept small because trees hold 100,000+ of them: a fixed set of fields (one
 * hidden class), shared strings for defaults, a children Map only on interior nodes that have
 * children, no per-node closures. Handlers live in a WeakMap beside the tree, flagged here.
 * Internal: not exported from the package.
 */
import type { DdfDescriptor } from "./ddf-index.js";
import type { LeafValue } from "./tree-api.js";

/** Bits of `TreeNode.flags`. */
export const nodeFlags = { permanent: 1, handler: 2 } as const;

/**
 * The stamp that makes the nodes' cached access facts (`accessAcl`, `accessStamp`: see
 * TreeCore.refreshAccess) current. Bumped by every ACL change and, through
 * TreeCore.structureChanged, every structural change, of any tree: a bump only costs a walk
 * to the root on each node's next check.
 */
let accessEpoch = 0;

/** The current access stamp. */
export function currentAccessEpoch(): number {
  return accessEpoch;
}

/** Makes every node's cached access facts stale. */
export function invalidateAccessFacts(): void {
  accessEpoch++;
}

export class TreeNode {
  name: string;
  parent: TreeNode | undefined;
  /** Interior nodes only, created with the first child; keys are names (lower-cased when the tree is case-insensitive). */
  children: Map<string, TreeNode> | undefined;
  /** `node` for interior nodes, else a leaf format (never `b64`). */
  format: string;
  /** MIME type of a leaf, MO identifier (or "") of an interior node. */
  type: string;
  #value: LeafValue;
  /** UTF-8 byte length of a text `#value`, -1 until asked; reset by every value write. */
  #textBytes: number;
  #acl: string;
  /** Cached by TreeCore.refreshAccess: the inherited ACL, current while `accessStamp` is. */
  accessAcl: string;
  /** 2 × the access epoch it was computed in, + 1 when the node is at or below ./Inbox; -1 = never. */
  accessStamp: number;
  /** "" = no title. */
  title: string;
  /** Milliseconds since the epoch of the last change. */
  tStamp: number;
  /** uint16 change counter. */
  verNo: number;
  flags: number;
  /** The DDF descriptor this node instantiates, if the tree has a DDF and describes it. */
  ddf: DdfDescriptor | undefined;

  constructor(
    name: string,
    format: string,
    type: string,
    value: LeafValue,
    tStamp: number,
    ddf: DdfDescriptor | undefined,
  ) {
    this.name = name;
    this.parent = undefined;
    this.children = undefined;
    this.format = format;
    this.type = type;
    this.#value = value;
    this.#textBytes = -1;
    this.#acl = "";
    this.accessAcl = "";
    this.accessStamp = -1;
    this.title = "";
    this.tStamp = tStamp;
    this.verNo = 0;
    this.flags = 0;
    this.ddf = ddf;
  }

  /** Own ACL; "" = inherit from the nearest ancestor with one. */
  get acl(): string {
    return this.#acl;
  }

  set acl(acl: string) {
    if (acl === this.#acl) return;
    this.#acl = acl;
    accessEpoch++;
  }

  /** Leaf value ("" for interior nodes). */
  get value(): LeafValue {
    return this.#value;
  }

  set value(value: LeafValue) {
    this.#value = value;
    this.#textBytes = -1;
  }

  /**
   * The Size of the stored value: its raw byte length. [TR-TND §8.3.7.4] Text is measured once
   * per value (strings are immutable), not on every Get; bytes know their length.
   */
  get valueSize(): number {
    // Checked first so that a measured value is not even loaded (one memory access less).
    if (this.#textBytes >= 0) return this.#textBytes;
    const v = this.#value;
    if (typeof v !== "string") return v.length;
    return (this.#textBytes = Buffer.byteLength(v, "utf8"));
  }
}

/** True for an interior node (Format `node`). [TR-TND §8.2] */
export function isInterior(n: TreeNode): boolean {
  return n.format === "node";
}

/** The children in insertion order (none for leaves). */
export function childrenOf(n: TreeNode): IterableIterator<TreeNode> | readonly TreeNode[] {
  return n.children === undefined ? noChildren : n.children.values();
}

const noChildren: readonly TreeNode[] = [];
