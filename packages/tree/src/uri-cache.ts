/**
 * A memo of the plain Get's URI walk: URI text -> the node it named. Walking a URI costs one
 * children-Map lookup per segment, each a cache miss on a large tree; a hit here is one lookup.
 *
 * It is exact because it only memoizes a pure function: the walk's outcome depends on the URI
 * text, the tree's structure (root, child names, child Maps), the case rule and DDF CaseSense
 * (fixed per tree and node), and the URI limits. So:
 * - TreeCore clears it on every structural change (insert, remove, reinsert, rename, the undo
 *   of an insert, importState), never on value or property changes;
 * - it is valid for one UriLimits object: TreeCore.limits() keeps the same object while the
 *   limits keep their values, and a different object empties the memo;
 * - only walks that found a node are kept (400, 414 and 404 always take the full walk), and
 *   only for a URI spelled exactly as the node's own `./A/B` or `A/B`, so the key is a string
 *   the tree built (never a slice of a caller's message that would keep the message alive).
 * Bounded: at `uriCacheLimit` entries it starts over. Off while `cacheSwitch.enabled` is false.
 * Internal: not exported from the package.
 */
import { cacheSwitch } from "./cache-switch.js";
import type { UriLimits } from "./parse-uri.js";
import type { TreeNode } from "./tree-node.js";

/**
 * At most this many URIs are remembered: about 5 MB when full (Map slots and key strings, some
 * 75-95 bytes a URI), whatever the size of the tree.
 */
export const uriCacheLimit = 65_536;

export class UriCache {
  #map = new Map<string, TreeNode>();
  #limits: UriLimits | undefined = undefined;

  /** The node `uri` named under `limits`, if remembered. */
  get(uri: string, limits: UriLimits): TreeNode | undefined {
    if (limits !== this.#limits) {
      this.clear();
      this.#limits = limits;
      return undefined;
    }
    return cacheSwitch.enabled ? this.#map.get(uri) : undefined;
  }

  /** Remembers that `key` (from `ownSpelling`) named `node` under `limits`. */
  remember(key: string, node: TreeNode, limits: UriLimits): void {
    if (!cacheSwitch.enabled) return;
    if (limits !== this.#limits) {
      this.clear();
      this.#limits = limits;
    }
    if (this.#map.size >= uriCacheLimit) this.#map.clear();
    this.#map.set(key, node);
  }

  /** Forgets every URI (the tree's structure changed). */
  clear(): void {
    if (this.#map.size !== 0) this.#map.clear();
  }

  /** How many URIs are remembered (for tests). */
  get size(): number {
    return this.#map.size;
  }
}

/**
 * `uri` rebuilt from the node's names when it spells the node's own path (`./A/B`, or `A/B`
 * when it has no `./`), else undefined. The copy is one flat string the tree owns: the caller's
 * string may be a slice of a whole message, which a memo key would keep alive.
 */
export function ownSpelling(uri: string, node: TreeNode): string | undefined {
  const names: string[] = [];
  for (let n = node; n.parent !== undefined; n = n.parent) names.push(n.name);
  if (names.length === 0) return uri === "." ? "." : undefined;
  if (uri.charCodeAt(0) === 0x2e && uri.charCodeAt(1) === 0x2f) names.push(".");
  names.reverse();
  const key = names.join("/");
  return key === uri ? key : undefined;
}
