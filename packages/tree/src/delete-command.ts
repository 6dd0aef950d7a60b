/**
 * Delete: a node and its subtree. [TR-REP §4.1.6.5], [TR-TND §8.2], fact sheet §1.9 and §6.2
 *
 * - the root, properties and listings cannot be deleted (405);
 * - a permanent node cannot be deleted by a server, nor can a subtree holding one (405);
 * - AccessType without Delete protects a node from a direct Delete (405) but not from the
 *   Delete of an ancestor; only the target's ACL is checked (425).
 */
import { checkUriLimits, parseUri } from "./parse-uri.js";
import type { Principal, TreeOutcome } from "./tree-api.js";
import type { TreeCore } from "./tree-core.js";
import type { TreeNode } from "./tree-node.js";

export function deleteCommand(core: TreeCore, uri: string, serverId: Principal): TreeOutcome {
  const p = parseUri(uri);
  if (typeof p === "number") return { status: p };
  const limit = checkUriLimits(p.segments, core.limits());
  if (limit !== 0) return { status: limit };
  if (p.query !== undefined) return { status: 405 };
  const node = core.resolve(p.segments);
  if (node === undefined) return { status: 404 };
  const parent = node.parent;
  if (parent === undefined) return { status: 405 };
  if (!core.can(serverId, node, "Delete")) return { status: 425 };
  if (serverId !== undefined) {
    if (node.ddf !== undefined && !node.ddf.allows("Delete")) return { status: 405 };
    if (holdsPermanent(core, node)) return { status: 405 };
  }
  core.snapshot(parent);
  core.touch(parent);
  core.removeChild(node);
  core.changed(parent);
  return { status: 200 };
}

function holdsPermanent(core: TreeCore, node: TreeNode): boolean {
  if (core.isPermanent(node)) return true;
  if (node.children !== undefined)
    for (const c of node.children.values()) if (holdsPermanent(core, c)) return true;
  return false;
}
