/**
 * Get: a leaf's value, an interior node's child names, a property, or a listing.
 * [TR-REP §4.1.6.7], [TR-TND §8.2], [TR-TND §8.3], [TR-TND §8.4], [TR-STD §7.1.3.4]
 *
 * The plain Get (no query) is the hot path: a URI read before is one lookup in the tree's URI
 * memo (uri-cache.ts), a new one is walked in place (no split); limits and Size come from
 * caches, and the outcome is two small objects and a one-element array.
 */
import { currentValue, readValue, sizeOf } from "./leaf-write.js";
import { listStruct } from "./list-struct.js";
import { readRefusal } from "./read-access.js";
import type { UriLimits } from "./parse-uri.js";
import { checkUriLimits, parseUri } from "./parse-uri.js";
import { tndsResult } from "./tnds-export.js";
import type { GetOutcome, NodeProperty, Principal, ResultItem } from "./tree-api.js";
import type { TreeCore } from "./tree-core.js";
import type { TreeNode } from "./tree-node.js";
import { isInterior } from "./tree-node.js";
import { formatTStamp } from "./tstamp.js";
import { ownSpelling } from "./uri-cache.js";

export function getCommand(core: TreeCore, uri: string, serverId: Principal): GetOutcome {
  const limits = core.limits();
  // A remembered URI named this node under these limits and this structure (uri-cache.ts);
  // no remembered URI has a query.
  let node = core.uriCache.get(uri, limits);
  if (node === undefined) {
    if (uri.indexOf("?") >= 0) return getQuery(core, uri, serverId);
    const found = resolveInPlace(core, uri, limits);
    if (typeof found === "number") return { status: found };
    node = found;
    const key = ownSpelling(uri, node);
    if (key !== undefined) core.uriCache.remember(key, node, limits);
  }
  const refused = readRefusal(core, node, serverId);
  if (refused !== 0) return { status: refused };
  return plainGet(core, node, uri);
}

/** A value Get; a handler's refusal is the command's status. */
function plainGet(core: TreeCore, node: TreeNode, uri: string): GetOutcome {
  if (isInterior(node)) return { status: 200, results: [childListItem(node, uri)] };
  const r = readValue(core, node);
  if (r.value === undefined) return { status: r.status };
  return {
    status: 200,
    results: [{ uri, format: node.format, type: node.type, data: r.value, size: sizeOf(node, r.value) }],
  };
}

/** [TR-TND §8.2.2.2] an interior node's child names separated by "/", Format node; none gives empty data. */
function childListItem(node: TreeNode, uri: string): ResultItem {
  let names = "";
  if (node.children !== undefined)
    for (const c of node.children.values()) names = names === "" ? c.name : `${names}/${c.name}`;
  return { uri, format: "node", type: node.type, data: names };
}

/**
 * Walks `uri` without splitting it: 400 malformed, 414 over a limit, 404 missing.
 * Same rules as parse-uri.ts (checked by tests that compare the two).
 */
function resolveInPlace(core: TreeCore, uri: string, limits: UriLimits): TreeNode | number {
  if (uri === ".") return core.root;
  const start0 = uri.charCodeAt(0) === 0x2e && uri.charCodeAt(1) === 0x2f ? 2 : 0;
  if (start0 >= uri.length) return 400;
  let node: TreeNode | undefined = core.root;
  let start = start0;
  let depth = 0;
  for (;;) {
    let end = uri.indexOf("/", start);
    if (end < 0) end = uri.length;
    const len = end - start;
    if (len === 0) return 400;
    if (len <= 2 && uri.charCodeAt(start) === 0x2e && (len === 1 || uri.charCodeAt(start + 1) === 0x2e))
      return 400;
    if (limits.maxSegLen > 0 && len > limits.maxSegLen) return 414;
    depth++;
    if (node !== undefined) node = core.child(node, uri.slice(start, end));
    if (end === uri.length) break;
    start = end + 1;
  }
  if (limits.maxDepth > 0 && depth > limits.maxDepth) return 414;
  if (limits.maxTotLen > 0 && uri.length - start0 > limits.maxTotLen) return 414;
  return node ?? 404;
}

function getQuery(core: TreeCore, uri: string, serverId: Principal): GetOutcome {
  const p = parseUri(uri);
  if (typeof p === "number") return { status: p };
  const limit = checkUriLimits(p.segments, core.limits());
  if (limit !== 0) return { status: limit };
  const node = core.resolve(p.segments);
  if (node === undefined) return { status: 404 };
  const refused = readRefusal(core, node, serverId);
  if (refused !== 0) return { status: refused };
  const q = p.query;
  if (q === undefined) return plainGet(core, node, p.base);
  if (q.kind === "prop") {
    const value = propertyValue(core, node, q.property);
    if (value === undefined) return { status: 406 };
    // [TR-TND §8.3.4] property values are UTF-8 text; Meta is the default (chr, text/plain).
    return { status: 200, results: [{ uri, format: "chr", type: "text/plain", data: value }] };
  }
  if (q.list === "TNDS")
    return { status: 200, results: [tndsResult(core, node, p.base, q.selection, serverId)] };
  return { status: 200, results: listStruct(core, node, p.base, q.list === "StructData", serverId) };
}

/**
 * A property's value as text; undefined when the node does not support it (Size of an interior
 * node: 406). [TR-TND §8.3] `ACL` is the node's own ACL, empty when it inherits.
 */
export function propertyValue(core: TreeCore, node: TreeNode, property: NodeProperty): string | undefined {
  switch (property) {
    case "ACL":
      return node.acl;
    case "Format":
      return node.format;
    case "Name":
      return node.name;
    case "Size":
      return isInterior(node) ? undefined : String(sizeOf(node, currentValue(core, node)));
    case "Title":
      return node.title;
    case "TStamp":
      return formatTStamp(node.tStamp);
    case "Type":
      return node.type;
    case "VerNo":
      return String(node.verNo);
  }
}
