/**
 * Replace: node values, properties (`?prop=ACL|Name|Title`) and TNDS subtrees.
 * [TR-REP §4.1.6.11], [TR-TND §8.3], [TR-TND §8.3.7.1], fact sheet §1.9 and §6.3-6.4
 *
 * Order of checks: URI (400, 414), listing (405), existence (404, never creates), Inbox (405),
 * rights (425), AccessType (405), permanence (405), data (400, 415).
 */
import { isValidAcl, parseAcl } from "./acl.js";
import { decodeLeafValue, isElementData, isKnownFormat } from "./leaf-value.js";
import { writeLeaf } from "./leaf-write.js";
import { isTndsType, leafFitsDdf } from "./node-spec.js";
import { checkUriLimits, isValidSegment, parseUri } from "./parse-uri.js";
import { replaceTnds } from "./tnds-import.js";
import type { NodeContent, NodeData, NodeProperty, Principal, TreeOutcome } from "./tree-api.js";
import type { TreeCore } from "./tree-core.js";
import type { TreeNode } from "./tree-node.js";
import { isInterior } from "./tree-node.js";

export function replaceCommand(
  core: TreeCore,
  uri: string,
  content: NodeContent,
  serverId: Principal,
): TreeOutcome {
  const p = parseUri(uri);
  if (typeof p === "number") return { status: p };
  const limit = checkUriLimits(p.segments, core.limits());
  if (limit !== 0) return { status: limit };
  if (p.query?.kind === "list") return { status: 405 };
  // [TR-REP §4.1.6.11] Replace never creates.
  const node = core.resolve(p.segments);
  if (node === undefined) return { status: 404 };
  if (serverId !== undefined && core.isInInbox(node)) return { status: 405 };
  if (p.query?.kind === "prop") return replaceProperty(core, node, p.query.property, content.data, serverId);
  if (!core.can(serverId, node, "Replace")) return { status: 425 };
  if (serverId !== undefined && node.ddf !== undefined && !node.ddf.allows("Replace")) return { status: 405 };
  if (isTndsType(content.type)) return replaceTnds(core, node, content, serverId);
  return isInterior(node)
    ? replaceInterior(core, node, content, serverId)
    : replaceLeaf(core, node, content, serverId);
}

/**
 * A leaf's value. Without Meta Format / Meta Type the node keeps its own (a server that omits
 * Meta on a Replace of an `int` leaf means an int). [TR-REP §4.1.6.11] a permanent node's
 * Format and Type cannot change (405); a leaf cannot become interior (405).
 */
function replaceLeaf(core: TreeCore, node: TreeNode, content: NodeContent, serverId: Principal): TreeOutcome {
  const format = content.format ?? node.format;
  if (!isKnownFormat(format)) return { status: 415 };
  if (format === "node") return { status: 405 };
  const decoded = decodeLeafValue(format, content.data);
  if (decoded.status !== 200 || decoded.value === undefined) return { status: decoded.status };
  const type = content.type ?? node.type;
  if (
    serverId !== undefined &&
    core.isPermanent(node) &&
    (decoded.format !== node.format || type !== node.type)
  ) {
    return { status: 405 };
  }
  const fit = leafFitsDdf(node.ddf, decoded.format, type);
  if (fit !== 200) return { status: fit };
  return { status: writeLeaf(core, node, decoded.format, type, decoded.value, serverId) };
}

/** An interior node has no value: only its Type (MO identifier) can be replaced. */
function replaceInterior(
  core: TreeCore,
  node: TreeNode,
  content: NodeContent,
  serverId: Principal,
): TreeOutcome {
  if (content.format !== undefined && content.format !== "node") return { status: 405 };
  if (content.type === undefined || content.type === node.type) return { status: 200 };
  if (serverId !== undefined && core.isPermanent(node)) return { status: 405 };
  core.snapshot(node);
  node.type = content.type;
  core.touch(node);
  core.changed(node);
  return { status: 200 };
}

/** Replace of a property. [TR-TND §8.3] Only ACL, Name and Title can be replaced (405 for the others). */
function replaceProperty(
  core: TreeCore,
  node: TreeNode,
  property: NodeProperty,
  data: NodeData | undefined,
  serverId: Principal,
): TreeOutcome {
  const text = propertyText(data);
  if (text === undefined) return { status: 400 };
  switch (property) {
    case "ACL":
      return replaceAcl(core, node, text, serverId);
    case "Name":
      return rename(core, node, text, serverId);
    case "Title":
      return replaceTitle(core, node, text, serverId);
    case "Format":
    case "Size":
    case "TStamp":
    case "Type":
    case "VerNo":
      return { status: 405 };
  }
}

/**
 * [TR-TND §8.3.7.1] A server may rewrite a node's ACL when it has Replace on the parent, or (for
 * interior nodes) on the node itself; a leaf's own Replace right does not cover its ACL. Bad
 * grammar is 400. The root keeps a non-empty ACL whose Add stays `*` (405 otherwise).
 */
function replaceAcl(core: TreeCore, node: TreeNode, acl: string, serverId: Principal): TreeOutcome {
  const parent = node.parent;
  if (serverId !== undefined) {
    const allowed =
      (parent !== undefined && core.can(serverId, parent, "Replace")) ||
      (isInterior(node) && core.can(serverId, node, "Replace"));
    if (!allowed) return { status: 425 };
  }
  if (!isValidAcl(acl)) return { status: 400 };
  if (parent === undefined && !rootAclAcceptable(acl, serverId)) return { status: 405 };
  core.snapshot(node);
  node.acl = acl;
  core.touch(node);
  core.changed(node);
  return { status: 200 };
}

function rootAclAcceptable(acl: string, serverId: Principal): boolean {
  if (acl === "") return false;
  if (serverId === undefined) return true;
  return parseAcl(acl)?.some((e) => e.command === "Add" && e.serverIds.includes("*")) === true;
}

/**
 * Rename. [TR-TND §8.3], [TR-REP §4.1.6.11] Needs Replace on the node; not for the root or
 * permanent nodes, nor for a node whose name the DDF fixes (405); a sibling of that name is 418;
 * a name that cannot be a URI segment is 400, one longer than MaxSegLen 414.
 */
function rename(core: TreeCore, node: TreeNode, name: string, serverId: Principal): TreeOutcome {
  const parent = node.parent;
  if (parent === undefined) return { status: 405 };
  if (!core.can(serverId, node, "Replace")) return { status: 425 };
  if (serverId !== undefined) {
    if (node.ddf !== undefined && !node.ddf.allows("Replace")) return { status: 405 };
    if (core.isPermanent(node)) return { status: 405 };
    if (node.ddf !== undefined && node.ddf.name !== "") return { status: 405 };
  }
  if (!isValidSegment(name)) return { status: 400 };
  const maxSegLen = core.limits().maxSegLen;
  if (maxSegLen > 0 && name.length > maxSegLen) return { status: 414 };
  if (name === node.name) return { status: 200 };
  const clash = core.child(parent, name);
  if (clash !== undefined && clash !== node) return { status: 418 };
  // The new name must still fit the same DDF descriptor (a placeholder instance cannot take a fixed name).
  if (parent.ddf !== undefined && parent.ddf.child(name) !== node.ddf) return { status: 405 };
  core.snapshot(node);
  core.touch(node);
  core.rename(node, name);
  core.changed(parent);
  return { status: 200 };
}

/** [TR-TND §8.3] Title: at most 255 bytes (413 beyond); needs Replace on the node. */
function replaceTitle(core: TreeCore, node: TreeNode, title: string, serverId: Principal): TreeOutcome {
  if (!core.can(serverId, node, "Replace")) return { status: 425 };
  if (serverId !== undefined && node.ddf !== undefined && !node.ddf.allows("Replace")) return { status: 405 };
  if (Buffer.byteLength(title, "utf8") > 255) return { status: 413 };
  core.snapshot(node);
  node.title = title;
  core.touch(node);
  core.changed(node);
  return { status: 200 };
}

/** Property values are UTF-8 text. [TR-TND §8.3.4] */
function propertyText(data: NodeData | undefined): string | undefined {
  if (data === undefined) return "";
  if (typeof data === "string") return data;
  if (isElementData(data)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    return undefined;
  }
}
