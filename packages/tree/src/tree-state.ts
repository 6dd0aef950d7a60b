/**
 * The tree as JSON-safe data, for persistence: `exportState` writes every node with its
 * properties, permanence and child order, keys always in the same order (so equal trees give
 * byte-identical JSON); `importState` validates such a document and rebuilds the nodes.
 * Handlers are not state: they are mounted again by URI after an import.
 */
import { OmaDmError } from "@omadm/protocol";
import { isValidAcl } from "./acl.js";
import { notDescribed } from "./ddf-index.js";
import { decodeBase64, isKnownFormat, valueText } from "./leaf-value.js";
import { isValidSegment } from "./parse-uri.js";
import type { NodeState, TreeState } from "./tree-api.js";
import type { TreeCore } from "./tree-core.js";
import { nodeFlags, TreeNode } from "./tree-node.js";

export function exportState(core: TreeCore): TreeState {
  return { version: 1, root: nodeState(core.root) };
}

function nodeState(n: TreeNode): NodeState {
  // Spreads keep the key order of this literal whichever optional keys are present.
  const base = {
    name: n.name,
    format: n.format,
    type: n.type,
    acl: n.acl,
    ...(n.title !== "" && { title: n.title }),
    tStamp: n.tStamp,
    verNo: n.verNo,
    ...((n.flags & nodeFlags.permanent) !== 0 && { permanent: true as const }),
  };
  if (n.format === "node") {
    const children: NodeState[] = [];
    if (n.children !== undefined) for (const c of n.children.values()) children.push(nodeState(c));
    return { ...base, children };
  }
  return typeof n.value === "string"
    ? { ...base, value: n.value }
    : { ...base, valueB64: valueText(n.value) };
}

/** Replaces the tree's nodes with `state`. Throws OmaDmError "INVALID_ARGUMENT" for a malformed document. */
export function importState(core: TreeCore, state: unknown): void {
  if (!isRecord(state) || state.version !== 1) invalid("not a version 1 tree state");
  const root = buildNode(core, state.root, undefined, "root");
  if (root.name !== "." || root.format !== "node") invalid("the root must be an interior node named '.'");
  if (root.acl === "") invalid("the root must have an ACL");
  core.root = root;
  core.revision++;
  for (const [uri, handler] of core.mounts) {
    const segments = uri === "." ? [] : uri.slice(2).split("/");
    const node = core.resolve(segments);
    if (node !== undefined) {
      core.handlers.set(node, handler);
      node.flags |= nodeFlags.handler;
    }
  }
}

function buildNode(core: TreeCore, raw: unknown, parent: TreeNode | undefined, where: string): TreeNode {
  if (!isRecord(raw)) invalid(`${where}: not an object`);
  const { name, format, type, acl, title, tStamp, verNo, permanent, value, valueB64, children } = raw;
  if (typeof name !== "string" || (parent !== undefined && !isValidSegment(name)))
    invalid(`${where}: bad name`);
  const at = parent === undefined ? "." : `${where}/${name}`;
  if (typeof format !== "string" || !isKnownFormat(format) || format === "b64") invalid(`${at}: bad format`);
  if (typeof type !== "string") invalid(`${at}: bad type`);
  if (typeof acl !== "string" || !isValidAcl(acl)) invalid(`${at}: bad ACL`);
  if (title !== undefined && typeof title !== "string") invalid(`${at}: bad title`);
  if (typeof tStamp !== "number" || !Number.isFinite(tStamp)) invalid(`${at}: bad tStamp`);
  if (typeof verNo !== "number" || !Number.isInteger(verNo) || verNo < 0 || verNo > 0xffff)
    invalid(`${at}: bad verNo`);
  if (permanent !== undefined && permanent !== true) invalid(`${at}: bad permanent`);
  const pd = parent?.ddf;
  const d = pd === undefined ? (parent === undefined ? core.ddfRoot : undefined) : pd.child(name);
  const interior = format === "node";
  let stored: string | Uint8Array = "";
  if (interior) {
    if (value !== undefined || valueB64 !== undefined) invalid(`${at}: an interior node has no value`);
  } else {
    if (children !== undefined) invalid(`${at}: a leaf has no children`);
    if (format === "bin") {
      const bytes = typeof valueB64 === "string" ? decodeBase64(valueB64) : undefined;
      if (bytes === undefined || value !== undefined) invalid(`${at}: a bin leaf needs valueB64`);
      stored = bytes;
    } else {
      if (typeof value !== "string" || valueB64 !== undefined) invalid(`${at}: a leaf needs a text value`);
      stored = value;
    }
  }
  const node = new TreeNode(name, format, type, stored, tStamp, d === notDescribed ? undefined : d);
  node.parent = parent;
  node.acl = acl;
  node.title = title ?? "";
  node.verNo = verNo;
  node.flags = permanent === true ? nodeFlags.permanent : 0;
  if (interior && children !== undefined) {
    if (!Array.isArray(children)) invalid(`${at}: children must be an array`);
    for (const c of children as unknown[]) {
      const child = buildNode(core, c, node, at);
      const key = core.keyOf(child.name);
      const m = (node.children ??= new Map());
      if (m.has(key)) invalid(`${at}: duplicate child ${child.name}`);
      m.set(key, child);
    }
  }
  return node;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function invalid(message: string): never {
  throw new OmaDmError("INVALID_ARGUMENT", `tree state: ${message}`);
}
