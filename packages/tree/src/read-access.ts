/** Whether a principal may read a node: the checks of Get and the listings. */
import type { Principal } from "./tree-api.js";
import type { TreeCore } from "./tree-core.js";
import type { TreeNode } from "./tree-node.js";

/** 0 when the principal may read the node, else 405 (Inbox, AccessType) or 425 (ACL). */
export function readRefusal(core: TreeCore, node: TreeNode, serverId: Principal): number {
  if (serverId === undefined) return 0;
  // [TR-STD §7.1.3.4] nothing at or below ./Inbox can be read.
  if (core.isInInbox(node)) return 405;
  if (!core.can(serverId, node, "Get")) return 425;
  if (node.ddf !== undefined && !node.ddf.allows("Get")) return 405;
  return 0;
}
