/**
 * Serializing a subtree as TNDS: Get ?list=TNDS and `toTnds`. [TR-TNDS §9], [TR-TND §8.4.2]
 *
 * - The start node is the one top-level Node (NodeName = its name, no Path: the reference point
 *   is its parent, so the object can be added back there). For the root, its children are the
 *   top-level Nodes.
 * - Properties: by default the ones TNDS allows (ACL, Format, Title, TStamp, Type, VerNo) and
 *   Value; `+A+B` only those, `-A-B` the default set without them. Type is always written
 *   (RTProperties requires it); Name and Size only when asked for with `+`. Empty ACL, Title and
 *   unknown TStamp are left out.
 * - bin values are written as base64 text.
 * - Nodes the server cannot read are left out with their subtrees.
 */
import type { MgmtTree, RtProperties, TndsNode } from "@omadm/protocol";
import { tndsMediaTypes, tndsToElement } from "@omadm/protocol";
import { valueText } from "./leaf-value.js";
import { currentValue, sizeOf } from "./leaf-write.js";
import { readRefusal } from "./read-access.js";
import type { Principal, ResultItem, TndsSelectableProperty, TndsSelection } from "./tree-api.js";
import type { TreeCore } from "./tree-core.js";
import type { TreeNode } from "./tree-node.js";
import { isInterior } from "./tree-node.js";
import { formatTStamp } from "./tstamp.js";

const defaultProperties: readonly TndsSelectableProperty[] = [
  "ACL",
  "Format",
  "Title",
  "TStamp",
  "Type",
  "VerNo",
  "Value",
];

/** The Results Item of Get ?list=TNDS: Format xml, Type application/vnd.syncml.dmtnds+xml. */
export function tndsResult(
  core: TreeCore,
  node: TreeNode,
  uri: string,
  selection: TndsSelection | undefined,
  serverId: Principal,
): ResultItem {
  const tree = subtreeToTnds(core, node, selection, serverId);
  return { uri, format: "xml", type: tndsMediaTypes.tndsXml, data: tndsToElement(tree) };
}

/** The subtree at `node` as a MgmtTree, as `serverId` may see it. */
export function subtreeToTnds(
  core: TreeCore,
  node: TreeNode,
  selection: TndsSelection | undefined,
  serverId: Principal,
): MgmtTree {
  const props = selectedProperties(selection);
  const nodes: TndsNode[] = [];
  if (node.parent === undefined) {
    if (node.children !== undefined) {
      for (const c of node.children.values()) {
        const t = nodeToTnds(core, c, props, serverId);
        if (t !== undefined) nodes.push(t);
      }
    }
  } else {
    const t = nodeToTnds(core, node, props, serverId);
    if (t !== undefined) nodes.push(t);
  }
  return { verDtd: "1.2", nodes };
}

function selectedProperties(selection: TndsSelection | undefined): ReadonlySet<TndsSelectableProperty> {
  if (selection === undefined) return new Set(defaultProperties);
  const listed = new Set(selection.properties);
  const out = selection.mode === "+" ? listed : new Set(defaultProperties.filter((p) => !listed.has(p)));
  // [TR-TNDS §9] RTProperties must carry Type.
  out.add("Type");
  return out;
}

function nodeToTnds(
  core: TreeCore,
  node: TreeNode,
  props: ReadonlySet<TndsSelectableProperty>,
  serverId: Principal,
): TndsNode | undefined {
  if (readRefusal(core, node, serverId) !== 0) return undefined;
  const interior = isInterior(node);
  const value = interior ? undefined : currentValue(core, node);
  const rt: { -readonly [K in keyof RtProperties]: RtProperties[K] } = {};
  if (props.has("ACL") && node.acl !== "") rt.acl = node.acl;
  if (props.has("Format")) rt.format = node.format as NonNullable<RtProperties["format"]>;
  if (props.has("Name")) rt.name = node.name;
  if (props.has("Size") && value !== undefined) rt.size = sizeOf(node, value);
  if (props.has("Title") && node.title !== "") rt.title = node.title;
  if (props.has("TStamp") && node.tStamp !== 0) rt.tStamp = formatTStamp(node.tStamp);
  rt.type = interior ? { kind: "DDFName", value: node.type } : { kind: "MIME", value: node.type };
  if (props.has("VerNo")) rt.verNo = node.verNo;
  const children: TndsNode[] = [];
  if (node.children !== undefined) {
    for (const c of node.children.values()) {
      const t = nodeToTnds(core, c, props, serverId);
      if (t !== undefined) children.push(t);
    }
  }
  const withValue = value !== undefined && props.has("Value");
  return withValue
    ? { nodeName: node.name, rtProperties: rt, value: valueText(value), children }
    : { nodeName: node.name, rtProperties: rt, children };
}
