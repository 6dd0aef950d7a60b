/**
 * Undo records for transactions (Atomic) and all-or-nothing commands (TNDS Add/Replace, implicit
 * parents). Each mutation writes the least it needs to restore the exact prior state: field values
 * (TStamp and VerNo included), child positions, names. No tree copies. [TR-REP §4.1.6.3]
 */
import type { LeafValue, NodeHandler } from "./tree-api.js";
import type { TreeCore } from "./tree-core.js";
import type { TreeNode } from "./tree-node.js";

export type UndoEntry =
  | {
      readonly kind: "fields";
      readonly node: TreeNode;
      readonly format: string;
      readonly type: string;
      readonly value: LeafValue;
      readonly acl: string;
      readonly title: string;
      readonly tStamp: number;
      readonly verNo: number;
      readonly flags: number;
    }
  | { readonly kind: "inserted"; readonly node: TreeNode }
  | { readonly kind: "removed"; readonly node: TreeNode; readonly parent: TreeNode; readonly index: number }
  | { readonly kind: "renamed"; readonly node: TreeNode; readonly name: string }
  | {
      readonly kind: "handlerSet";
      readonly node: TreeNode;
      readonly handler: NodeHandler;
      readonly value: LeafValue;
    };

export const undoEntry = {
  fields: (n: TreeNode): UndoEntry => ({
    kind: "fields",
    node: n,
    format: n.format,
    type: n.type,
    value: n.value,
    acl: n.acl,
    title: n.title,
    tStamp: n.tStamp,
    verNo: n.verNo,
    flags: n.flags,
  }),
  inserted: (node: TreeNode): UndoEntry => ({ kind: "inserted", node }),
  removed: (node: TreeNode, parent: TreeNode, index: number): UndoEntry => ({
    kind: "removed",
    node,
    parent,
    index,
  }),
  renamed: (node: TreeNode, name: string): UndoEntry => ({ kind: "renamed", node, name }),
  handlerSet: (node: TreeNode, handler: NodeHandler, value: LeafValue): UndoEntry => ({
    kind: "handlerSet",
    node,
    handler,
    value,
  }),
} as const;

/** Undoes one record; false when it could not be undone. */
export function undoOne(core: TreeCore, e: UndoEntry): boolean {
  switch (e.kind) {
    case "fields": {
      const n = e.node;
      core.revision++;
      n.format = e.format;
      n.type = e.type;
      n.value = e.value;
      n.acl = e.acl;
      n.title = e.title;
      n.tStamp = e.tStamp;
      n.verNo = e.verNo;
      n.flags = e.flags;
      return true;
    }
    case "inserted": {
      const parent = e.node.parent;
      const m = parent?.children;
      if (m === undefined) return true;
      core.revision++;
      core.structureChanged();
      m.delete(core.keyOf(e.node.name));
      // A children Map created for this insert goes away with it (interior nodes without children have none).
      if (m.size === 0 && parent !== undefined) parent.children = undefined;
      return true;
    }
    case "removed":
      core.reinsertChild(e.parent, e.node, e.index);
      return true;
    case "renamed":
      core.rename(e.node, e.name);
      return true;
    case "handlerSet": {
      const set = e.handler.set;
      if (set === undefined) return false;
      try {
        return set(core.uriOf(e.node), e.value, undefined) === 200;
      } catch {
        return false;
      }
    }
  }
}
