/**
 * Creating nodes: the checks every new node passes (DDF description, AccessType Add, Occurrence),
 * implicit parents, the new-interior-node ACL exception, and attaching to the parent.
 * Shared by Add, Copy (to a new target), TNDS Add/Replace and the device's `define`.
 */
import { aclFor } from "./acl.js";
import type { DdfDescriptor } from "./ddf-index.js";
import { notDescribed } from "./ddf-index.js";
import { childUri } from "./parse-uri.js";
import type { LeafValue, Principal } from "./tree-api.js";
import type { TreeCore } from "./tree-core.js";
import { isInterior, TreeNode } from "./tree-node.js";

export interface Described {
  readonly status: number;
  readonly ddf?: DdfDescriptor;
}

/**
 * Checks that a child `name` may be created under `parent` and finds its DDF descriptor.
 * 405 when the DDF does not describe such a child, when its AccessType lacks Add (servers only),
 * or when the parent already has as many instances as its Occurrence allows. [TR-TND §8.5]
 */
export function describeChild(
  core: TreeCore,
  parent: TreeNode,
  name: string,
  serverId: Principal,
): Described {
  const pd = parent.ddf;
  if (pd === undefined) return ok;
  const d = pd.child(name);
  // The device may extend the tree beyond its DDF (accessories, vendor nodes).
  if (d === notDescribed) return serverId === undefined ? ok : { status: 405 };
  if (d === undefined) return ok;
  if (serverId !== undefined && !d.allows("Add")) return { status: 405 };
  if (Number.isFinite(d.maxOccurs) && parent.children !== undefined) {
    let count = 0;
    for (const c of parent.children.values()) if (c.ddf === d) count++;
    // docs/decisions/tree-semantics.md: exceeding Occurrence is 405, like every other DDF refusal.
    if (count >= d.maxOccurs) return { status: 405 };
  }
  return { status: 200, ddf: d };
}

const ok: Described = { status: 200 };

/**
 * The ACL of a new interior node: empty (inherit), except when a server creates it without
 * Replace on the parent; then the server gets Add, Delete and Replace. [TR-TND §8.3.7.1]
 */
export function newInteriorAcl(core: TreeCore, parent: TreeNode, serverId: Principal): string {
  if (serverId === undefined || core.can(serverId, parent, "Replace")) return "";
  return aclFor(serverId, ["Add", "Delete", "Replace"]);
}

/** Makes a detached node; `format` "node" makes an interior node. */
export function makeNode(
  core: TreeCore,
  name: string,
  format: string,
  type: string,
  value: LeafValue,
  ddf: DdfDescriptor | undefined,
): TreeNode {
  return new TreeNode(name, format, type, format === "node" ? "" : value, core.now(), ddf);
}

/**
 * Attaches a new node and stamps the parent, whose child list changed; `stampParent` false when
 * the parent was itself created by the running command (it keeps VerNo 0).
 */
export function attach(core: TreeCore, parent: TreeNode, node: TreeNode, stampParent = true): void {
  if (stampParent) {
    core.snapshot(parent);
    core.touch(parent);
  }
  core.insertChild(parent, node);
}

export interface EnsuredParent {
  readonly status: number;
  readonly node?: TreeNode;
  /** The first node this call created, if any. */
  readonly created?: TreeNode;
  /** URI of the implicit node whose creation failed. */
  readonly failedUri?: string;
}

/**
 * The interior node at `segments`, creating missing ones implicitly. [TR-REP §4.1.6.1] A server
 * needs Add on the deepest existing node (unless `checkAcl` is false: the Inbox checked it
 * already); each created node passes `describeChild`, gets its DDF Type and the ACL exception.
 * Must run inside `core.atomically`: a failure leaves partial work for the caller to undo.
 */
export function ensureInterior(
  core: TreeCore,
  segments: readonly string[],
  serverId: Principal,
  checkAcl = true,
): EnsuredParent {
  let node = core.root;
  let i = 0;
  for (; i < segments.length; i++) {
    const c = core.child(node, segments[i] ?? "");
    if (c === undefined) break;
    node = c;
  }
  // [TR-TND §8.2] the parent of a new node must be an interior node.
  if (!isInterior(node)) return { status: 405 };
  if (i === segments.length) return { status: 200, node };
  if (checkAcl && !core.can(serverId, node, "Add")) return { status: 425 };
  let uri = core.uriOf(node);
  let created: TreeNode | undefined;
  for (; i < segments.length; i++) {
    const name = segments[i] ?? "";
    uri = childUri(uri, name);
    const d = describeChild(core, node, name, serverId);
    if (d.status !== 200) return { status: d.status, failedUri: uri };
    if (d.ddf?.format !== undefined && d.ddf.format !== "node") return { status: 415, failedUri: uri };
    const n = makeNode(core, name, "node", d.ddf?.ddfName ?? "", "", d.ddf);
    n.acl = newInteriorAcl(core, node, serverId);
    attach(core, node, n, created === undefined);
    created ??= n;
    node = n;
  }
  return created === undefined ? { status: 200, node } : { status: 200, node, created };
}

/** A name for a node whose name the device chooses (empty TNDS NodeName): "1", "2", ... */
export function freeName(core: TreeCore, parent: TreeNode): string {
  for (let i = 1; ; i++) {
    const name = String(i);
    if (core.child(parent, name) === undefined) return name;
  }
}
