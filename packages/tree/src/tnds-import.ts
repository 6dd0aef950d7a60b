/**
 * Add and Replace with a TNDS payload (Type application/vnd.syncml.dmtnds+xml or +wbxml).
 * [TR-TNDS §9], [TR-REP §4.1.6.1], [TR-REP §4.1.6.11], fact sheet §6.6
 *
 * - The target URI is the reference point: top-level Nodes are created under it, a Path is
 *   relative to it (a leading `./` is dropped). A missing target is created implicitly on Add.
 * - RTProperties ACL, Format, Type and Title are applied; TStamp, VerNo, Size, Name are the
 *   device's to maintain. A Node without Format is interior when it has children or a DDFName
 *   Type, else it takes the DDF's DFFormat, else `chr`. Values of bin/b64 leaves are base64.
 * - An empty NodeName lets the device choose: a free number, or (into ./Inbox) the MO registry.
 * - One status for the whole object; any failure undoes everything.
 * - Rights: Add where the object attaches (Add), Replace on the target (Replace). Inside the
 *   object no further ACL checks: the nodes are created by the same command.
 */
import type { MgmtTree, TndsNode } from "@omadm/protocol";
import { decodeTnds, OmaDmError, tndsFromElement } from "@omadm/protocol";
import { isValidAcl } from "./acl.js";
import type { DdfDescriptor } from "./ddf-index.js";
import { inboxPlacement } from "./add-command.js";
import { isElementData, decodeLeafValue } from "./leaf-value.js";
import { writeLeaf } from "./leaf-write.js";
import {
  attach,
  describeChild,
  ensureInterior,
  freeName,
  makeNode,
  newInteriorAcl,
} from "./node-creation.js";
import { leafFitsDdf } from "./node-spec.js";
import type { ParsedUri } from "./parse-uri.js";
import { checkUriLimits, isValidSegment, splitPath } from "./parse-uri.js";
import type { AddOutcome, NodeContent, Principal, TreeOutcome } from "./tree-api.js";
import type { TreeCore } from "./tree-core.js";
import type { TreeNode } from "./tree-node.js";
import { isInterior } from "./tree-node.js";

/** Add of a TNDS object under `p`. */
export function addTnds(core: TreeCore, p: ParsedUri, content: NodeContent, serverId: Principal): AddOutcome {
  const tree = decodeTndsContent(content);
  if (tree === undefined) return { status: 400 };
  const inbox = core.inbox();
  const first = p.segments.length > 0 ? core.child(core.root, p.segments[0] ?? "") : undefined;
  if (inbox !== undefined && first === inbox) {
    if (p.segments.length !== 1) return { status: 405 };
    return addTndsToInbox(core, inbox, tree, serverId);
  }
  return core.atomically((): AddOutcome => {
    const ref = ensureInterior(core, p.segments, serverId);
    if (ref.node === undefined) return outcome(ref);
    // Nodes created by this command keep VerNo 0 while their children are attached.
    const fresh = new Set<TreeNode>();
    if (ref.created !== undefined) fresh.add(ref.node);
    for (const n of tree.nodes) {
      const path = relativeSegments(n.path);
      if (path === undefined) return { status: 400 };
      const parent = path.length === 0 ? ref : ensureInterior(core, [...p.segments, ...path], serverId);
      if (parent.node === undefined) return outcome(parent);
      if (parent.created !== undefined) fresh.add(parent.node);
      if (!core.can(serverId, parent.node, "Add")) return { status: 425 };
      const name = n.nodeName === "" ? freeName(core, parent.node) : n.nodeName;
      if (core.child(parent.node, name) !== undefined) return { status: 418 };
      const status = createSubtree(core, parent.node, name, n, serverId, !fresh.has(parent.node));
      if (status !== 200) return { status };
    }
    core.changed(ref.created ?? ref.node);
    return { status: 200, uri: core.uriOf(ref.node) };
  });
}

/** [TR-STD §7.1.3.4] each top-level Node of a TNDS added to ./Inbox is placed by its Type. */
function addTndsToInbox(core: TreeCore, inbox: TreeNode, tree: MgmtTree, serverId: Principal): AddOutcome {
  if (!core.can(serverId, inbox, "Add")) return { status: 425 };
  if (serverId !== undefined && inbox.ddf !== undefined && !inbox.ddf.allows("Add")) return { status: 405 };
  return core.atomically((): AddOutcome => {
    let last: TreeNode | undefined;
    for (const n of tree.nodes) {
      const placed = inboxPlacement(core, n.rtProperties?.type?.value ?? "", n.nodeName);
      if (typeof placed === "number") return { status: placed };
      const parent = ensureInterior(core, placed, serverId, false);
      if (parent.node === undefined) return outcome(parent);
      const name = n.nodeName === "" ? freeName(core, parent.node) : n.nodeName;
      if (core.child(parent.node, name) !== undefined) return { status: 418 };
      const status = createSubtree(core, parent.node, name, n, serverId, true);
      if (status !== 200) return { status };
      last = core.child(parent.node, name);
      if (last !== undefined) core.changed(last);
    }
    return last === undefined ? { status: 200 } : { status: 200, uri: core.uriOf(last) };
  });
}

/**
 * Replace with a TNDS object: the target's subtree becomes the object. Existing nodes named by
 * the object are updated in place, missing ones created, the others deleted (405 if one is
 * permanent). Path-only ancestors keep their other children. [TR-REP §4.1.6.11]
 */
export function replaceTnds(
  core: TreeCore,
  target: TreeNode,
  content: NodeContent,
  serverId: Principal,
): TreeOutcome {
  if (!isInterior(target)) return { status: 405 };
  const tree = decodeTndsContent(content);
  if (tree === undefined) return { status: 400 };
  const targetSegments = segmentsOf(target);
  return core.atomically((): TreeOutcome => {
    const named = new Set<TreeNode>();
    for (const n of tree.nodes) {
      const path = relativeSegments(n.path);
      if (path === undefined) return { status: 400 };
      let parent = target;
      if (path.length > 0) {
        const first = core.child(target, path[0] ?? "");
        const ensured = ensureInterior(core, [...targetSegments, ...path], serverId, false);
        if (ensured.node === undefined) return outcome(ensured);
        parent = ensured.node;
        const kept = first ?? core.child(target, path[0] ?? "");
        if (kept !== undefined) named.add(kept);
      }
      const status = mergeChild(core, parent, n, serverId, named, parent === target);
      if (status !== 200) return { status };
    }
    const status = deleteUnnamed(core, target, named, serverId);
    if (status !== 200) return { status };
    core.changed(target);
    return { status: 200 };
  });
}

/** Creates or merges the child `n` of `parent`; records it in `named` when `record`. */
function mergeChild(
  core: TreeCore,
  parent: TreeNode,
  n: TndsNode,
  serverId: Principal,
  named: Set<TreeNode>,
  record: boolean,
): number {
  const existing = n.nodeName === "" ? undefined : core.child(parent, n.nodeName);
  if (existing === undefined) {
    const name = n.nodeName === "" ? freeName(core, parent) : n.nodeName;
    const status = createSubtree(core, parent, name, n, serverId, true);
    if (status !== 200) return status;
    const created = core.child(parent, name);
    if (record && created !== undefined) named.add(created);
    return 200;
  }
  if (record) named.add(existing);
  return mergeNode(core, existing, n, serverId);
}

function mergeNode(core: TreeCore, node: TreeNode, n: TndsNode, serverId: Principal): number {
  const spec = tndsNodeSpec(n, node.ddf);
  if (spec.status !== 200 || spec.format === undefined) return spec.status;
  const server = serverId !== undefined;
  const interior = spec.format === "node";
  if (interior !== isInterior(node)) {
    // Changing kind is a delete and an add.
    if (server && containsPermanent(core, node)) return 405;
    const parent = node.parent;
    if (parent === undefined) return 405;
    core.snapshot(parent);
    core.touch(parent);
    core.removeChild(node);
    return createSubtree(core, parent, node.name, n, serverId, false);
  }
  // [TR-REP §4.1.6.11] the Format and Type of a permanent node cannot change.
  if (server && core.isPermanent(node) && (spec.format !== node.format || spec.type !== node.type))
    return 405;
  const acl = n.rtProperties?.acl;
  if (acl !== undefined && !isValidAcl(acl)) return 400;
  const title = n.rtProperties?.title;
  if (title !== undefined && Buffer.byteLength(title, "utf8") > 255) return 413;
  if (!interior) {
    const status = writeLeaf(core, node, spec.format, spec.type, spec.value, serverId);
    if (status !== 200) return status;
  }
  core.snapshot(node);
  if (interior) node.type = spec.type;
  if (acl !== undefined) node.acl = node.parent === undefined && acl === "" ? node.acl : acl;
  if (title !== undefined) node.title = title;
  if (interior) {
    core.touch(node);
    const named = new Set<TreeNode>();
    for (const c of n.children) {
      const status = mergeChild(core, node, c, serverId, named, true);
      if (status !== 200) return status;
    }
    return deleteUnnamed(core, node, named, serverId);
  }
  return 200;
}

function deleteUnnamed(
  core: TreeCore,
  parent: TreeNode,
  named: ReadonlySet<TreeNode>,
  serverId: Principal,
): number {
  if (parent.children === undefined) return 200;
  const doomed = [...parent.children.values()].filter((c) => !named.has(c));
  if (doomed.length === 0) return 200;
  for (const c of doomed) if (serverId !== undefined && containsPermanent(core, c)) return 405;
  core.snapshot(parent);
  core.touch(parent);
  for (const c of doomed) core.removeChild(c);
  return 200;
}

/**
 * Creates `n` as child `name` of `parent`, with its subtree. `stampParent` false when the parent
 * was itself created by this command (its VerNo stays 0).
 */
function createSubtree(
  core: TreeCore,
  parent: TreeNode,
  name: string,
  n: TndsNode,
  serverId: Principal,
  stampParent: boolean,
): number {
  if (!isValidSegment(name)) return 400;
  const limit = checkUriLimits([...segmentsOf(parent), name], core.limits());
  if (limit !== 0) return limit;
  const d = describeChild(core, parent, name, serverId);
  if (d.status !== 200) return d.status;
  const spec = tndsNodeSpec(n, d.ddf);
  if (spec.status !== 200 || spec.format === undefined) return spec.status;
  const node = makeNode(core, name, spec.format, spec.type, spec.value, d.ddf);
  const rt = n.rtProperties;
  if (rt?.acl !== undefined) {
    if (!isValidAcl(rt.acl)) return 400;
    node.acl = rt.acl;
  } else if (spec.format === "node") node.acl = newInteriorAcl(core, parent, serverId);
  if (rt?.title !== undefined) {
    if (Buffer.byteLength(rt.title, "utf8") > 255) return 413;
    node.title = rt.title;
  }
  attach(core, parent, node, stampParent);
  for (const c of n.children) {
    const childName = c.nodeName === "" ? freeName(core, node) : c.nodeName;
    if (core.child(node, childName) !== undefined) return 418;
    const status = createSubtree(core, node, childName, c, serverId, false);
    if (status !== 200) return status;
  }
  return 200;
}

type TndsSpec =
  | {
      readonly status: 200;
      readonly format: string;
      readonly type: string;
      readonly value: string | Uint8Array;
    }
  | {
      readonly status: number;
      readonly format?: undefined;
      readonly type?: undefined;
      readonly value?: undefined;
    };

/** Format, Type and value of a TNDS Node. */
function tndsNodeSpec(n: TndsNode, ddf: DdfDescriptor | undefined): TndsSpec {
  const rt = n.rtProperties;
  const format =
    rt?.format ?? (n.children.length > 0 || rt?.type?.kind === "DDFName" ? "node" : (ddf?.format ?? "chr"));
  if (format === "node") {
    if (n.value !== undefined && n.value !== "") return { status: 400 };
    if (ddf?.format !== undefined && ddf.format !== "node") return { status: 415 };
    return { status: 200, format, type: rt?.type?.value ?? ddf?.ddfName ?? "", value: "" };
  }
  if (n.children.length > 0) return { status: 400 };
  // TNDS is text: binary values travel as base64.
  const decoded = decodeLeafValue(format === "bin" ? "b64" : format, n.value ?? "");
  if (decoded.status !== 200 || decoded.value === undefined) return { status: decoded.status };
  const type = rt?.type?.value ?? ddf?.mimeTypes[0] ?? "text/plain";
  const fit = leafFitsDdf(ddf, decoded.format, type);
  if (fit !== 200) return { status: fit };
  return { status: 200, format: decoded.format, type, value: decoded.value };
}

/** The MgmtTree of an Item's Data (element, XML text, or XML/WBXML bytes); undefined if malformed. */
export function decodeTndsContent(content: NodeContent): MgmtTree | undefined {
  const data = content.data;
  if (data === undefined) return undefined;
  try {
    if (typeof data === "string") return decodeTnds(new TextEncoder().encode(data));
    if (isElementData(data)) return tndsFromElement(data);
    return decodeTnds(data);
  } catch (e) {
    if (e instanceof OmaDmError) return undefined;
    throw e;
  }
}

function relativeSegments(path: string | undefined): string[] | undefined {
  if (path === undefined || path === "" || path === ".") return [];
  return splitPath(path);
}

function segmentsOf(node: TreeNode): string[] {
  const out: string[] = [];
  for (let n: TreeNode | undefined = node; n?.parent !== undefined; n = n.parent) out.push(n.name);
  return out.reverse();
}

function containsPermanent(core: TreeCore, node: TreeNode): boolean {
  if (core.isPermanent(node)) return true;
  if (node.children !== undefined)
    for (const c of node.children.values()) if (containsPermanent(core, c)) return true;
  return false;
}

function outcome(e: { readonly status: number; readonly failedUri?: string }): AddOutcome {
  return e.failedUri === undefined ? { status: e.status } : { status: e.status, failedUri: e.failedUri };
}
