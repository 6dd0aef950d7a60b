/**
 * Get ?list=Struct and ?list=StructData: one Results Item per node of the subtree, the start
 * node first, depth first in child order. Struct items carry Format and Type; StructData items of
 * leaves also carry the value. [TR-TND §8.4] Nodes the server cannot read are left out, but their
 * readable descendants are still listed (each Item stands alone).
 */
import { currentValue, sizeOf } from "./leaf-write.js";
import { childUri } from "./parse-uri.js";
import { readRefusal } from "./read-access.js";
import type { Principal, ResultItem } from "./tree-api.js";
import type { TreeCore } from "./tree-core.js";
import type { TreeNode } from "./tree-node.js";
import { isInterior } from "./tree-node.js";

export function listStruct(
  core: TreeCore,
  start: TreeNode,
  uri: string,
  withData: boolean,
  serverId: Principal,
): ResultItem[] {
  const out: ResultItem[] = [];
  visit(core, start, uri, withData, serverId, out);
  return out;
}

function visit(
  core: TreeCore,
  node: TreeNode,
  uri: string,
  withData: boolean,
  serverId: Principal,
  out: ResultItem[],
): void {
  if (readRefusal(core, node, serverId) === 0) {
    if (withData && !isInterior(node)) {
      const value = currentValue(core, node);
      out.push({ uri, format: node.format, type: node.type, data: value, size: sizeOf(node, value) });
    } else out.push({ uri, format: node.format, type: node.type });
  }
  if (node.children !== undefined) {
    for (const c of node.children.values()) visit(core, c, childUri(uri, c.name), withData, serverId, out);
  }
}
