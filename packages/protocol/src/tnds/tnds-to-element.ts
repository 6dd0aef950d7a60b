import type { Element } from "../element.js";
import { el } from "../element.js";
import { OmaDmError } from "../errors.js";
import type {
  DfProperties,
  DfType,
  MgmtTree,
  Occurrence,
  RtProperties,
  TndsNode,
  TndsType,
} from "./mgmt-tree.js";
import { accessTypes, dmddfNamespace, occurrenceNBounds } from "./tnds-vocabulary.js";

const ns = dmddfNamespace;

/**
 * Maps the model to a MgmtTree element in namespace `syncml:dmddf1.2`, children in DTD order
 * [TR-TND §8.5]. Throws OmaDmError "INVALID_ARGUMENT" for a model no document can carry: a node
 * with both a value and children, an Occurrence N or a Size / VerNo out of range.
 */
export function tndsToElement(tree: MgmtTree): Element {
  const children: Element[] = [text("VerDTD", tree.verDtd)];
  if (tree.man !== undefined) children.push(text("Man", tree.man));
  if (tree.mod !== undefined) children.push(text("Mod", tree.mod));
  for (const n of tree.nodes) children.push(nodeElement(n));
  return el("MgmtTree", ns, children);
}

function nodeElement(node: TndsNode): Element {
  const children: Element[] = [text("NodeName", node.nodeName)];
  if (node.path !== undefined) children.push(text("Path", node.path));
  if (node.rtProperties !== undefined) children.push(rtElement(node.rtProperties));
  if (node.dfProperties !== undefined) children.push(dfElement(node.dfProperties));
  if (node.value !== undefined) {
    // [TR-TND §8.5] (Node* | Value?): a node cannot carry both.
    if (node.children.length > 0) misuse(`node ${node.nodeName} has a value and children`);
    children.push(text("Value", node.value));
  }
  for (const c of node.children) children.push(nodeElement(c));
  return el("Node", ns, children);
}

function rtElement(rt: RtProperties): Element {
  const cs: Element[] = [];
  if (rt.acl !== undefined) cs.push(text("ACL", rt.acl));
  if (rt.format !== undefined) cs.push(el("Format", ns, [el(rt.format, ns)]));
  if (rt.name !== undefined) cs.push(text("Name", rt.name));
  if (rt.size !== undefined) cs.push(text("Size", unsigned(rt.size, 0xffffffff, "Size")));
  if (rt.title !== undefined) cs.push(text("Title", rt.title));
  if (rt.tStamp !== undefined) cs.push(text("TStamp", rt.tStamp));
  if (rt.type !== undefined) cs.push(typeElement("Type", rt.type));
  if (rt.verNo !== undefined) cs.push(text("VerNo", unsigned(rt.verNo, 0xffff, "VerNo")));
  return el("RTProperties", ns, cs);
}

function dfElement(df: DfProperties): Element {
  const access = new Set(df.accessType);
  const cs: Element[] = [
    el(
      "AccessType",
      ns,
      accessTypes.filter((a) => access.has(a)).map((a) => el(a, ns)),
    ),
  ];
  if (df.defaultValue !== undefined) cs.push(text("DefaultValue", df.defaultValue));
  if (df.description !== undefined) cs.push(text("Description", df.description));
  if (df.dfFormat !== undefined) cs.push(el("DFFormat", ns, [el(df.dfFormat, ns)]));
  if (df.occurrence !== undefined) cs.push(occurrenceElement(df.occurrence));
  if (df.scope !== undefined) cs.push(el("Scope", ns, [el(df.scope, ns)]));
  if (df.dfTitle !== undefined) cs.push(text("DFTitle", df.dfTitle));
  if (df.dfType !== undefined) cs.push(dfTypeElement(df.dfType));
  if (df.caseSense !== undefined) cs.push(el("CaseSense", ns, [el(df.caseSense, ns)]));
  return el("DFProperties", ns, cs);
}

function occurrenceElement(o: Occurrence): Element {
  if (o.kind === "ZeroOrN" || o.kind === "OneOrN") {
    if (!Number.isInteger(o.n) || o.n < occurrenceNBounds.min || o.n > occurrenceNBounds.max) {
      misuse(`Occurrence N ${o.n} is out of range`);
    }
    return el("Occurrence", ns, [text(o.kind, String(o.n))]);
  }
  return el("Occurrence", ns, [el(o.kind, ns)]);
}

function typeElement(name: string, t: TndsType): Element {
  return el(name, ns, [text(t.kind, t.value)]);
}

function dfTypeElement(t: DfType): Element {
  // An empty MIME list would read back as an empty DDFName.
  if (t.kind === "MIME" && t.values.length === 0) misuse("DFType MIME list is empty");
  return t.kind === "DDFName"
    ? el("DFType", ns, [text("DDFName", t.value)])
    : el(
        "DFType",
        ns,
        t.values.map((v) => text("MIME", v)),
      );
}

function unsigned(n: number, max: number, what: string): string {
  if (!Number.isInteger(n) || n < 0 || n > max) misuse(`${what} ${n} is not an integer from 0 to ${max}`);
  return String(n);
}

function text(name: string, value: string): Element {
  return el(name, ns, value === "" ? [] : [value]);
}

function misuse(message: string): never {
  throw new OmaDmError("INVALID_ARGUMENT", message);
}
