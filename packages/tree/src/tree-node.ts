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

export class TreeNode {
  name: string;
  parent: TreeNode | undefined;
  /** Interior nodes only, created with the first child; keys are names (lower-cased when the tree is case-insensitive). */
  children: Map<string, TreeNode> | undefined;
  /** `node` for interior nodes, else a leaf format (never `b64`). */
  format: string;
  /** MIME type of a leaf, MO identifier (or "") of an interior node. */
  type: string;
  /** Leaf value ("" for interior nodes). */
  value: LeafValue;
  /** Own ACL; "" = inherit from the nearest ancestor with one. */
  acl: string;
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
    this.value = value;
    this.acl = "";
    this.title = "";
    this.tStamp = tStamp;
    this.verNo = 0;
    this.flags = 0;
    this.ddf = ddf;
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
