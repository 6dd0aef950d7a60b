/**
 * What only the device does: define permanent nodes, mount handlers, remove a server from every
 * ACL, find MO instances by Type. [TR-TND §8.2], [TR-TND §8.3.7.1]
 */
import { aclWithoutServer, isValidAcl } from "./acl.js";
import { addNode } from "./add-command.js";
import { writeLeaf } from "./leaf-write.js";
import { newNodeSpec } from "./node-spec.js";
import { checkUriLimits, parseUri } from "./parse-uri.js";
import type { DefineOptions, NodeContent, NodeHandler, TreeOutcome } from "./tree-api.js";
import type { TreeCore } from "./tree-core.js";
import type { TreeNode } from "./tree-node.js";
import { isInterior, nodeFlags } from "./tree-node.js";

/**
 * Creates (or overwrites) a node as the device, parents included, and marks what it created
 * permanent unless `options.permanent` is false. An existing node of the other kind is 405.
 */
export function define(
  core: TreeCore,
  uri: string,
  content: NodeContent,
  options: DefineOptions = {},
): TreeOutcome {
  const p = parseUri(uri);
  if (typeof p === "number" || p.query !== undefined) return { status: 400 };
  const limit = checkUriLimits(p.segments, core.limits());
  if (limit !== 0) return { status: limit };
  if (options.acl !== undefined && !isValidAcl(options.acl)) return { status: 400 };
  return core.atomically((): TreeOutcome => {
    const before = new Set<TreeNode>();
    for (let n: TreeNode | undefined = core.root, i = 0; n !== undefined && i <= p.segments.length; i++) {
      before.add(n);
      n = i < p.segments.length ? core.child(n, p.segments[i] ?? "") : undefined;
    }
    let node = core.resolve(p.segments);
    if (node === undefined) {
      const added = addNode(core, p.segments, content, undefined, false);
      if (added.status !== 200) return added;
      node = core.resolve(p.segments);
      if (node === undefined) return { status: 500 };
    } else {
      // Like Replace: absent Meta keeps the node's Format and Type.
      const spec = newNodeSpec(
        { format: content.format ?? node.format, type: content.type ?? node.type, data: content.data },
        node.ddf,
      );
      if (spec.status !== 200 || spec.format === undefined) return { status: spec.status };
      if ((spec.format === "node") !== isInterior(node)) return { status: 405 };
      if (spec.format !== "node") {
        const status = writeLeaf(core, node, spec.format, spec.type, spec.value, undefined);
        if (status !== 200) return { status };
      } else if (spec.type !== node.type) {
        core.snapshot(node);
        node.type = spec.type;
        core.touch(node);
      }
    }
    const permanent = options.permanent ?? true;
    for (let n: TreeNode | undefined = node; n !== undefined && !before.has(n); n = n.parent) {
      setFlag(core, n, nodeFlags.permanent, permanent);
    }
    if (permanent) setFlag(core, node, nodeFlags.permanent, true);
    if (options.acl !== undefined || options.title !== undefined) {
      core.snapshot(node);
      if (options.acl !== undefined && (node.parent !== undefined || options.acl !== ""))
        node.acl = options.acl;
      if (options.title !== undefined) node.title = options.title;
      core.touch(node);
    }
    core.changed(node);
    return { status: 200 };
  });
}

/** Marks a node permanent (or dynamic). 404 when it does not exist. */
export function setPermanent(core: TreeCore, uri: string, permanent: boolean): TreeOutcome {
  const node = nodeAt(core, uri);
  if (node === undefined) return { status: 404 };
  if (node.parent === undefined) return { status: 405 };
  setFlag(core, node, nodeFlags.permanent, permanent);
  core.changed(node);
  return { status: 200 };
}

/** Mounts a handler on an existing node (replacing any earlier one). */
export function mount(core: TreeCore, uri: string, handler: NodeHandler): TreeOutcome {
  const node = nodeAt(core, uri);
  if (node === undefined) return { status: 404 };
  core.handlers.set(node, handler);
  node.flags |= nodeFlags.handler;
  core.mounts.set(core.uriOf(node), handler);
  return { status: 200 };
}

export function unmount(core: TreeCore, uri: string): TreeOutcome {
  const node = nodeAt(core, uri);
  if (node === undefined) return { status: 404 };
  core.handlers.delete(node);
  node.flags &= ~nodeFlags.handler;
  core.mounts.delete(core.uriOf(node));
  return { status: 200 };
}

/**
 * Removes a server from every ACL. [TR-TND §8.3.7.1] Returns how many nodes changed; each of
 * them gets a new TStamp and VerNo.
 */
export function removeServer(core: TreeCore, serverId: string): number {
  let changed = 0;
  const visit = (n: TreeNode): void => {
    if (n.acl !== "") {
      const acl = aclWithoutServer(n.acl, serverId, n.parent === undefined);
      if (acl !== n.acl) {
        core.snapshot(n);
        n.acl = acl;
        core.touch(n);
        core.changed(n);
        changed++;
      }
    }
    if (n.children !== undefined) for (const c of n.children.values()) visit(c);
  };
  visit(core.root);
  return changed;
}

/** URIs of the interior nodes whose Type is `type` (MO instances), in tree order. */
export function findByType(core: TreeCore, type: string): string[] {
  const out: string[] = [];
  const visit = (n: TreeNode, uri: string): void => {
    if (n.format === "node" && n.type === type) out.push(uri);
    if (n.children !== undefined)
      for (const c of n.children.values()) visit(c, uri === "." ? `./${c.name}` : `${uri}/${c.name}`);
  };
  visit(core.root, ".");
  return out;
}

function nodeAt(core: TreeCore, uri: string): TreeNode | undefined {
  const p = parseUri(uri);
  if (typeof p === "number" || p.query !== undefined) return undefined;
  return core.resolve(p.segments);
}

function setFlag(core: TreeCore, node: TreeNode, flag: number, on: boolean): void {
  const next = on ? node.flags | flag : node.flags & ~flag;
  if (next === node.flags) return;
  core.snapshot(node);
  node.flags = next;
}
