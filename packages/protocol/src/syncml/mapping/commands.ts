/**
 * SyncBody commands <-> element, one discriminated-union member per DM command (fact sheet §2.2
 * gives each content model; the encoder writes children in that order, the decoder accepts any).
 * Elements DM does not define (Sync, Map, Put, Search, ...) become `Unknown` [TR-REP §4.1.6],
 * so an engine can answer them with a status instead of refusing the whole message.
 */
import type { Child, Element } from "../../element.js";
import { el, isElement } from "../../element.js";
import { syncmlNamespaces } from "../media-types.js";
import type {
  Add,
  Alert,
  Atomic,
  Command,
  Copy,
  Delete,
  Exec,
  Get,
  Item,
  Meta,
  Replace,
  Results,
  Sequence,
  Status,
  Unknown,
} from "../model.js";
import type { MappingOptions, Mutable } from "./fields.js";
import {
  decimalOf,
  integerElement,
  integerOf,
  invalid,
  missing,
  pushFlag,
  textElement,
  trimmedText,
} from "./fields.js";
import { itemFromElement, itemToElement } from "./item.js";
import {
  chalFromElement,
  chalToElement,
  credFromElement,
  credToElement,
  metaFromElement,
  metaToElement,
} from "./meta.js";

/** The children of a command element, first occurrence of each single child. */
interface Parts {
  cmdId?: Element;
  noResp?: true;
  cred?: Element;
  meta?: Element;
  lang?: Element;
  data?: Element;
  correlator?: Element;
  msgRef?: Element;
  cmdRef?: Element;
  cmd?: Element;
  chal?: Element;
  readonly targetRefs: Element[];
  readonly sourceRefs: Element[];
  readonly items: Element[];
}

function partsOf(e: Element): Parts {
  const p: Parts = { targetRefs: [], sourceRefs: [], items: [] };
  for (const c of e.children) {
    if (!isElement(c)) continue;
    switch (c.name) {
      case "CmdID":
        p.cmdId ??= c;
        break;
      case "NoResp":
        p.noResp = true;
        break;
      case "Cred":
        p.cred ??= c;
        break;
      case "Meta":
        p.meta ??= c;
        break;
      case "Lang":
        p.lang ??= c;
        break;
      case "Data":
        p.data ??= c;
        break;
      case "Correlator":
        p.correlator ??= c;
        break;
      case "MsgRef":
        p.msgRef ??= c;
        break;
      case "CmdRef":
        p.cmdRef ??= c;
        break;
      case "Cmd":
        p.cmd ??= c;
        break;
      case "Chal":
        p.chal ??= c;
        break;
      case "TargetRef":
        p.targetRefs.push(c);
        break;
      case "SourceRef":
        p.sourceRefs.push(c);
        break;
      case "Item":
        p.items.push(c);
        break;
      default:
        break;
    }
  }
  return p;
}

function required(child: Element | undefined, name: string, parent: Element): Element {
  if (child === undefined) throw missing(name, parent);
  return child;
}

/**
 * Reads one SyncBody (or Atomic/Sequence) child. `depth` is the element's nesting depth
 * (SyncML = 1, so a SyncBody child is 3); it is passed on for the embedded-document limit.
 */
export function commandFromElement(e: Element, depth: number, options: MappingOptions): Command {
  switch (e.name) {
    case "Add":
    case "Replace":
    case "Delete":
    case "Copy":
    case "Get":
      return itemCommandFromElement(e.name, e, depth, options);
    case "Alert":
      return alertFromElement(e, depth, options);
    case "Exec":
      return execFromElement(e, depth, options);
    case "Atomic":
    case "Sequence":
      return containerFromElement(e.name, e, depth, options);
    case "Status":
      return statusFromElement(e, depth, options);
    case "Results":
      return resultsFromElement(e, depth, options);
    default:
      return unknownFromElement(e);
  }
}

function itemsOf(p: Parts, meta: Meta | undefined, depth: number, options: MappingOptions): Item[] {
  return p.items.map((i) => itemFromElement(i, meta, depth + 1, options));
}

function itemCommandFromElement(
  kind: (Add | Replace | Delete | Copy | Get)["kind"],
  e: Element,
  depth: number,
  options: MappingOptions,
): Add | Replace | Delete | Copy | Get {
  const p = partsOf(e);
  const cmdId = integerOf(required(p.cmdId, "CmdID", e));
  const meta = p.meta === undefined ? undefined : metaFromElement(p.meta);
  const c: Mutable<Add | Replace | Delete | Copy | Get> = { kind, cmdId, items: [] };
  if (p.noResp) c.noResp = true;
  if (c.kind === "Get" && p.lang !== undefined) c.lang = trimmedText(p.lang);
  if (p.cred !== undefined) c.cred = credFromElement(p.cred);
  if (meta !== undefined) c.meta = meta;
  c.items = itemsOf(p, meta, depth, options);
  return c;
}

function alertFromElement(e: Element, depth: number, options: MappingOptions): Alert {
  const p = partsOf(e);
  const c: Mutable<Alert> = { kind: "Alert", cmdId: integerOf(required(p.cmdId, "CmdID", e)), items: [] };
  if (p.noResp) c.noResp = true;
  if (p.cred !== undefined) c.cred = credFromElement(p.cred);
  if (p.data !== undefined) c.data = integerOf(p.data);
  if (p.correlator !== undefined) c.correlator = trimmedText(p.correlator);
  c.items = itemsOf(p, undefined, depth, options);
  return c;
}

function execFromElement(e: Element, depth: number, options: MappingOptions): Exec {
  const p = partsOf(e);
  const cmdId = integerOf(required(p.cmdId, "CmdID", e));
  const itemEl = required(p.items[0], "Item", e);
  // [TR-REP §4.1.6.6] Exec carries exactly one Item; a second one would be silently lost.
  const extra = p.items[1];
  if (extra !== undefined) throw invalid("Exec has more than one Item", extra);
  const meta = p.meta === undefined ? undefined : metaFromElement(p.meta);
  const c: Mutable<Exec> = { kind: "Exec", cmdId, item: {} };
  if (p.noResp) c.noResp = true;
  if (p.cred !== undefined) c.cred = credFromElement(p.cred);
  if (meta !== undefined) c.meta = meta;
  if (p.correlator !== undefined) c.correlator = trimmedText(p.correlator);
  c.item = itemFromElement(itemEl, meta, depth + 1, options);
  return c;
}

function containerFromElement(
  kind: (Atomic | Sequence)["kind"],
  e: Element,
  depth: number,
  options: MappingOptions,
): Atomic | Sequence {
  let cmdIdEl: Element | undefined;
  let noResp = false;
  let meta: Meta | undefined;
  const commands: Command[] = [];
  for (const c of e.children) {
    if (!isElement(c)) continue;
    switch (c.name) {
      case "CmdID":
        cmdIdEl ??= c;
        break;
      case "NoResp":
        noResp = true;
        break;
      case "Meta":
        meta ??= metaFromElement(c);
        break;
      case "Cred":
        // [TR-REP §4.1.1.6] Cred is not used at command level in DM; Atomic has no place for it.
        break;
      default:
        commands.push(commandFromElement(c, depth + 1, options));
    }
  }
  const cmdId = integerOf(required(cmdIdEl, "CmdID", e));
  const out: Mutable<Atomic | Sequence> = { kind, cmdId, commands };
  if (noResp) out.noResp = true;
  if (meta !== undefined) out.meta = meta;
  return out;
}

function statusFromElement(e: Element, depth: number, options: MappingOptions): Status {
  const p = partsOf(e);
  const c: Mutable<Status> = {
    kind: "Status",
    cmdId: integerOf(required(p.cmdId, "CmdID", e)),
    // RTK treats MsgRef as optional; DM always sends it, so the model keeps it mandatory.
    msgRef: integerOf(required(p.msgRef, "MsgRef", e)),
    cmdRef: integerOf(required(p.cmdRef, "CmdRef", e)),
    cmd: trimmedText(required(p.cmd, "Cmd", e)),
    targetRefs: p.targetRefs.map(trimmedText),
    sourceRefs: p.sourceRefs.map(trimmedText),
    data: integerOf(required(p.data, "Data", e)),
    items: [],
  };
  if (p.cred !== undefined) c.cred = credFromElement(p.cred);
  if (p.chal !== undefined) c.chal = chalFromElement(p.chal);
  c.items = itemsOf(p, undefined, depth, options);
  return c;
}

function resultsFromElement(e: Element, depth: number, options: MappingOptions): Results {
  const p = partsOf(e);
  const cmdId = integerOf(required(p.cmdId, "CmdID", e));
  const msgRef = p.msgRef === undefined ? undefined : integerOf(p.msgRef);
  const cmdRef = integerOf(required(p.cmdRef, "CmdRef", e));
  const meta = p.meta === undefined ? undefined : metaFromElement(p.meta);
  const c: Mutable<Results> = { kind: "Results", cmdId, cmdRef, items: [] };
  if (msgRef !== undefined) c.msgRef = msgRef;
  if (meta !== undefined) c.meta = meta;
  const targetRef = p.targetRefs[0];
  const sourceRef = p.sourceRefs[0];
  if (targetRef !== undefined) c.targetRef = trimmedText(targetRef);
  if (sourceRef !== undefined) c.sourceRef = trimmedText(sourceRef);
  c.items = itemsOf(p, meta, depth, options);
  return c;
}

function unknownFromElement(e: Element): Unknown {
  for (const c of e.children) {
    if (isElement(c) && c.name === "CmdID") {
      const cmdId = decimalOf(trimmedText(c));
      return cmdId === undefined
        ? { kind: "Unknown", name: e.name, element: e }
        : { kind: "Unknown", name: e.name, cmdId, element: e };
    }
  }
  return { kind: "Unknown", name: e.name, element: e };
}

/** Writes one command in namespace `ns`, children in content-model order (fact sheet §2.2). */
export function commandToElement(c: Command, ns: string): Element {
  switch (c.kind) {
    case "Add":
    case "Replace":
    case "Delete":
    case "Copy":
    case "Get": {
      const out: Child[] = [integerElement("CmdID", ns, c.cmdId)];
      pushFlag(out, "NoResp", ns, c.noResp);
      if (c.kind === "Get" && c.lang !== undefined) out.push(textElement("Lang", ns, c.lang));
      if (c.cred !== undefined) out.push(credToElement(c.cred, ns));
      if (c.meta !== undefined) out.push(metaToElement(c.meta, ns));
      for (const i of c.items) out.push(itemToElement(i, ns));
      return el(c.kind, ns, out);
    }
    case "Alert": {
      const out: Child[] = [integerElement("CmdID", ns, c.cmdId)];
      pushFlag(out, "NoResp", ns, c.noResp);
      if (c.cred !== undefined) out.push(credToElement(c.cred, ns));
      if (c.data !== undefined) out.push(integerElement("Data", ns, c.data));
      if (c.correlator !== undefined) out.push(textElement("Correlator", ns, c.correlator));
      for (const i of c.items) out.push(itemToElement(i, ns));
      return el("Alert", ns, out);
    }
    case "Exec": {
      const out: Child[] = [integerElement("CmdID", ns, c.cmdId)];
      pushFlag(out, "NoResp", ns, c.noResp);
      if (c.cred !== undefined) out.push(credToElement(c.cred, ns));
      if (c.meta !== undefined) out.push(metaToElement(c.meta, ns));
      if (c.correlator !== undefined) out.push(textElement("Correlator", ns, c.correlator));
      out.push(itemToElement(c.item, ns));
      return el("Exec", ns, out);
    }
    case "Atomic":
    case "Sequence": {
      const out: Child[] = [integerElement("CmdID", ns, c.cmdId)];
      pushFlag(out, "NoResp", ns, c.noResp);
      if (c.meta !== undefined) out.push(metaToElement(c.meta, ns));
      for (const inner of c.commands) out.push(commandToElement(inner, ns));
      return el(c.kind, ns, out);
    }
    case "Status": {
      const out: Child[] = [
        integerElement("CmdID", ns, c.cmdId),
        integerElement("MsgRef", ns, c.msgRef),
        integerElement("CmdRef", ns, c.cmdRef),
        textElement("Cmd", ns, c.cmd),
      ];
      for (const t of c.targetRefs) out.push(textElement("TargetRef", ns, t));
      for (const s of c.sourceRefs) out.push(textElement("SourceRef", ns, s));
      if (c.cred !== undefined) out.push(credToElement(c.cred, ns));
      if (c.chal !== undefined) out.push(chalToElement(c.chal, ns));
      out.push(integerElement("Data", ns, c.data));
      for (const i of c.items) out.push(itemToElement(i, ns));
      return el("Status", ns, out);
    }
    case "Results": {
      const out: Child[] = [integerElement("CmdID", ns, c.cmdId)];
      if (c.msgRef !== undefined) out.push(integerElement("MsgRef", ns, c.msgRef));
      out.push(integerElement("CmdRef", ns, c.cmdRef));
      if (c.meta !== undefined) out.push(metaToElement(c.meta, ns));
      if (c.targetRef !== undefined) out.push(textElement("TargetRef", ns, c.targetRef));
      if (c.sourceRef !== undefined) out.push(textElement("SourceRef", ns, c.sourceRef));
      for (const i of c.items) out.push(itemToElement(i, ns));
      return el("Results", ns, out);
    }
    case "Unknown":
      return inNamespace(c.element, ns);
  }
}

/**
 * An Unknown element is written as read, except that SyncML-namespace (or namespace-less) parts
 * take the message namespace: a 1.1 message re-encoded as 1.2, or a document that named its
 * namespace only by DOCTYPE, must not carry a stray namespace into the new message.
 */
function inNamespace(e: Element, ns: string): Element {
  if (!isSyncMLNamespace(e.ns)) return e;
  const children = e.children.map((c) => (isElement(c) ? inNamespace(c, ns) : c));
  const out: Mutable<Element> = { name: e.name, ns, children };
  if (e.attributes !== undefined) out.attributes = e.attributes;
  return out;
}

function isSyncMLNamespace(ns: string): boolean {
  return (
    ns === "" ||
    ns === syncmlNamespaces.syncml12 ||
    ns === syncmlNamespaces.syncml11 ||
    ns === "SYNCML:SYNCML1.0"
  );
}
