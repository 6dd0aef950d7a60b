import type { Element } from "../element.js";
import { isElement, textOf } from "../element.js";
import { DecodeError } from "../errors.js";
import type {
  DfProperties,
  DfType,
  MgmtTree,
  Occurrence,
  RtProperties,
  TndsNode,
  TndsType,
} from "./mgmt-tree.js";
import type { AccessType, CaseSense, NodeFormat, Scope } from "./tnds-vocabulary.js";
import {
  accessTypes,
  dmddfNamespace,
  isAccessType,
  isCaseSense,
  isNodeFormat,
  isOccurrenceKind,
  isScope,
  occurrenceNBounds,
} from "./tnds-vocabulary.js";

/**
 * Maps a MgmtTree element (from the XML or the WBXML decoder) to the typed model.
 *
 * Lenient where real files differ from the DTD, strict where the meaning would be lost:
 * - the namespace may be `syncml:dmddf1.2` (any case) or none; elements of other namespaces are skipped;
 * - children may come in any order; unknown elements are skipped;
 * - whitespace around texts is trimmed, except in Value and DefaultValue where it is data;
 * - Motorola's tree files (VerDTD 1.1.2) put `<Type>` directly under Node and the value in `<Data>`:
 *   that Type becomes the RTProperties Type and Data the Value (docs/decisions/tnds-and-dm2.md).
 *
 * Throws DecodeError "TNDS_INVALID" at the element's offset for a Node without NodeName, a Node with a
 * Value and child Nodes, an unknown value of a closed vocabulary (Format, AccessType, Occurrence,
 * Scope, CaseSense), a bad Occurrence N, or a Size / VerNo that is not a number in range.
 */
export function tndsFromElement(root: Element): MgmtTree {
  if (root.name !== "MgmtTree" || !isDdfNamespace(root.ns)) {
    invalid(root, `expected a MgmtTree element, found ${root.name}`);
  }
  let verDtd: string | undefined;
  let man: string | undefined;
  let mod: string | undefined;
  const nodes: TndsNode[] = [];
  for (const c of ddfChildren(root)) {
    switch (c.name) {
      case "VerDTD":
        verDtd ??= trimmedText(c);
        break;
      case "Man":
        man ??= trimmedText(c);
        break;
      case "Mod":
        mod ??= trimmedText(c);
        break;
      case "Node":
        nodes.push(nodeFrom(c));
        break;
      default:
        break;
    }
  }
  if (verDtd === undefined) invalid(root, "MgmtTree without VerDTD");
  return {
    verDtd,
    ...(man !== undefined && { man }),
    ...(mod !== undefined && { mod }),
    nodes,
  };
}

function nodeFrom(e: Element): TndsNode {
  let nodeName: string | undefined;
  let path: string | undefined;
  let rt: RtProperties | undefined;
  let df: DfProperties | undefined;
  let value: string | undefined;
  let bareType: TndsType | undefined;
  let motorolaData: string | undefined;
  const children: TndsNode[] = [];
  for (const c of ddfChildren(e)) {
    switch (c.name) {
      case "NodeName":
        // [TR-TND §8.5] an empty NodeName is the unnamed placeholder `<x>`.
        nodeName ??= trimmedText(c);
        break;
      case "Path":
        path ??= trimmedText(c);
        break;
      case "RTProperties":
        rt ??= rtPropertiesFrom(c);
        break;
      case "DFProperties":
        df ??= dfPropertiesFrom(c);
        break;
      case "Value":
        value ??= textOf(c);
        break;
      case "Node":
        children.push(nodeFrom(c));
        break;
      // Motorola tree files: <Type>text/plain</Type> and <Data>..</Data> directly under Node.
      case "Type":
        bareType ??= typeFrom(c);
        break;
      case "Data":
        motorolaData ??= textOf(c);
        break;
      default:
        break;
    }
  }
  if (nodeName === undefined) invalid(e, "Node without NodeName");
  value ??= motorolaData;
  // [TR-TND §8.5] Node content ends with (Node* | Value?): an interior node has no value.
  if (value !== undefined && children.length > 0) invalid(e, `Node ${nodeName} has a Value and child Nodes`);
  if (bareType !== undefined && rt?.type === undefined) rt = { ...rt, type: bareType };
  return {
    nodeName,
    ...(path !== undefined && { path }),
    ...(rt !== undefined && { rtProperties: rt }),
    ...(df !== undefined && { dfProperties: df }),
    ...(value !== undefined && { value }),
    children,
  };
}

function rtPropertiesFrom(e: Element): RtProperties {
  let acl: string | undefined;
  let format: NodeFormat | undefined;
  let name: string | undefined;
  let size: number | undefined;
  let title: string | undefined;
  let tStamp: string | undefined;
  let type: TndsType | undefined;
  let verNo: number | undefined;
  for (const c of ddfChildren(e)) {
    switch (c.name) {
      case "ACL":
        acl ??= trimmedText(c);
        break;
      case "Format":
        format ??= formatFrom(c);
        break;
      case "Name":
        name ??= trimmedText(c);
        break;
      case "Size":
        // [TR-TND §8.3] Size is a uint32 byte count.
        size ??= unsignedFrom(c, 0xffffffff);
        break;
      case "Title":
        title ??= trimmedText(c);
        break;
      case "TStamp":
        tStamp ??= trimmedText(c);
        break;
      case "Type":
        type ??= typeFrom(c);
        break;
      case "VerNo":
        // [TR-TND §8.3] VerNo is a uint16.
        verNo ??= unsignedFrom(c, 0xffff);
        break;
      default:
        break;
    }
  }
  return {
    ...(acl !== undefined && { acl }),
    ...(format !== undefined && { format }),
    ...(name !== undefined && { name }),
    ...(size !== undefined && { size }),
    ...(title !== undefined && { title }),
    ...(tStamp !== undefined && { tStamp }),
    ...(type !== undefined && { type }),
    ...(verNo !== undefined && { verNo }),
  };
}

function dfPropertiesFrom(e: Element): DfProperties {
  let access: Set<AccessType> | undefined;
  let defaultValue: string | undefined;
  let description: string | undefined;
  let dfFormat: NodeFormat | undefined;
  let occurrence: Occurrence | undefined;
  let scope: Scope | undefined;
  let dfTitle: string | undefined;
  let dfType: DfType | undefined;
  let caseSense: CaseSense | undefined;
  for (const c of ddfChildren(e)) {
    switch (c.name) {
      case "AccessType":
        access ??= accessFrom(c);
        break;
      case "DefaultValue":
        defaultValue ??= textOf(c);
        break;
      case "Description":
        description ??= trimmedText(c);
        break;
      case "DFFormat":
        dfFormat ??= formatFrom(c);
        break;
      case "Occurrence":
        occurrence ??= occurrenceFrom(c);
        break;
      case "Scope":
        scope ??= choiceFrom(c, isScope, "Scope");
        break;
      case "DFTitle":
        dfTitle ??= trimmedText(c);
        break;
      case "DFType":
        dfType ??= dfTypeFrom(c);
        break;
      case "CaseSense":
        caseSense ??= choiceFrom(c, isCaseSense, "CaseSense");
        break;
      default:
        break;
    }
  }
  return {
    accessType: access === undefined ? [] : accessTypes.filter((a) => access.has(a)),
    ...(defaultValue !== undefined && { defaultValue }),
    ...(description !== undefined && { description }),
    ...(dfFormat !== undefined && { dfFormat }),
    ...(occurrence !== undefined && { occurrence }),
    ...(scope !== undefined && { scope }),
    ...(dfTitle !== undefined && { dfTitle }),
    ...(dfType !== undefined && { dfType }),
    ...(caseSense !== undefined && { caseSense }),
  };
}

function accessFrom(e: Element): Set<AccessType> {
  const set = new Set<AccessType>();
  for (const c of ddfChildren(e)) {
    if (!isAccessType(c.name)) invalid(c, `unknown AccessType ${c.name}`);
    set.add(c.name);
  }
  return set;
}

/** Format / DFFormat: one empty element naming the format; `<Format>chr</Format>` is accepted too. */
function formatFrom(e: Element): NodeFormat {
  return choiceFrom(e, isNodeFormat, e.name);
}

/** A choice of empty elements (`<Scope><Dynamic/></Scope>`), or leniently the choice as text. */
function choiceFrom<T extends string>(e: Element, is: (s: string) => s is T, what: string): T {
  const cs = ddfChildren(e);
  if (cs.length > 1) invalid(e, `${what} holds more than one value`);
  const only = cs[0];
  const name = only === undefined ? trimmedText(e) : only.name;
  if (name === "") invalid(e, `${what} without a value`);
  if (!is(name)) invalid(only ?? e, `unknown ${what} value ${name}`);
  return name;
}

function occurrenceFrom(e: Element): Occurrence {
  const cs = ddfChildren(e);
  const only = cs[0];
  if (only === undefined || cs.length > 1) invalid(e, "Occurrence must hold exactly one value");
  const kind = only.name;
  if (!isOccurrenceKind(kind)) invalid(only, `unknown Occurrence value ${kind}`);
  if (kind !== "ZeroOrN" && kind !== "OneOrN") return { kind };
  // [TR-TND §8.5] N is a decimal count (see occurrenceNBounds for the accepted range).
  const text = trimmedText(only);
  const n = /^[0-9]{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(n >= occurrenceNBounds.min && n <= occurrenceNBounds.max)) {
    invalid(only, `bad Occurrence N "${text}"`);
  }
  return { kind, n };
}

/** RTProperties Type: MIME | DDFName. Bare text is a MIME type (Motorola); an empty Type an empty DDFName. */
function typeFrom(e: Element): TndsType {
  for (const c of ddfChildren(e)) {
    if (c.name === "MIME" || c.name === "DDFName") return { kind: c.name, value: trimmedText(c) };
  }
  const text = trimmedText(e);
  return text === "" ? { kind: "DDFName", value: "" } : { kind: "MIME", value: text };
}

/** DFType: MIME+ | DDFName. */
function dfTypeFrom(e: Element): DfType {
  const mimes: string[] = [];
  let ddfName: string | undefined;
  for (const c of ddfChildren(e)) {
    if (c.name === "MIME") mimes.push(trimmedText(c));
    else if (c.name === "DDFName") ddfName ??= trimmedText(c);
  }
  if (ddfName !== undefined) {
    if (mimes.length > 0) invalid(e, "DFType holds both MIME and DDFName");
    return { kind: "DDFName", value: ddfName };
  }
  if (mimes.length > 0) return { kind: "MIME", values: mimes };
  const text = trimmedText(e);
  return text === "" ? { kind: "DDFName", value: "" } : { kind: "MIME", values: [text] };
}

function unsignedFrom(e: Element, max: number): number | undefined {
  const text = trimmedText(e);
  if (text === "") return undefined;
  const n = /^[0-9]{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(n <= max)) invalid(e, `${e.name} "${text}" is not a number from 0 to ${max}`);
  return n;
}

function ddfChildren(e: Element): Element[] {
  const out: Element[] = [];
  for (const c of e.children) if (isElement(c) && isDdfNamespace(c.ns)) out.push(c);
  return out;
}

function isDdfNamespace(ns: string): boolean {
  return ns === "" || ns === dmddfNamespace || ns.toLowerCase() === dmddfNamespace;
}

function trimmedText(e: Element): string {
  return textOf(e).trim();
}

function invalid(e: Element, message: string): never {
  throw new DecodeError("TNDS_INVALID", message, e.offset ?? 0);
}
