/**
 * Writing a new value (with Format and Type) into an existing leaf: through its handler when it
 * has one, then into the node, stamping TStamp and VerNo. [TR-TND §8.3] Shared by Replace, Copy
 * and TNDS Replace; the callers have done the rights checks.
 */
import { cacheSwitch } from "./cache-switch.js";
import { byteLength } from "./leaf-value.js";
import type { LeafValue, Principal } from "./tree-api.js";
import type { TreeCore } from "./tree-core.js";
import type { TreeNode } from "./tree-node.js";

/** Writes the leaf; a handler's refusal (or 500 if it throws) is returned unchanged. */
export function writeLeaf(
  core: TreeCore,
  node: TreeNode,
  format: string,
  type: string,
  value: LeafValue,
  serverId: Principal,
): number {
  const handler = core.handlerOf(node);
  if (handler?.set !== undefined) {
    const old = currentValue(core, node);
    let status: number;
    try {
      status = handler.set(core.uriOf(node), value, serverId);
    } catch {
      return 500;
    }
    if (status !== 200) return status;
    core.loggedHandlerSet(node, handler, old);
  }
  core.snapshot(node);
  node.format = format;
  node.type = type;
  node.value = value;
  core.touch(node);
  core.changed(node);
  return 200;
}

/** The value a Get would see: the handler's if it supplies one, else the stored one. */
export function currentValue(core: TreeCore, node: TreeNode): LeafValue {
  const r = readValue(core, node);
  return r.value ?? node.value;
}

/**
 * The Size of `value`, read from `node`: the node's measured size when it is the stored value,
 * else (a handler's value) measured now. [TR-TND §8.3.7.4]
 */
export function sizeOf(node: TreeNode, value: LeafValue): number {
  return value === node.value && cacheSwitch.enabled ? node.valueSize : byteLength(value);
}

/**
 * Reads a leaf through its handler: the handler's value, or its error status (500 if it
 * throws). Without a handler `get`, the stored value.
 */
export function readValue(
  core: TreeCore,
  node: TreeNode,
): { readonly status: number; readonly value?: LeafValue } {
  const get = core.handlerOf(node)?.get;
  if (get === undefined) return { status: 200, value: node.value };
  try {
    const r = get(core.uriOf(node));
    if (r.status !== 200) return { status: r.status };
    return { status: 200, value: r.data ?? node.value };
  } catch {
    return { status: 500 };
  }
}
