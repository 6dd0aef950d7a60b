/**
 * Meta (MetInf), Cred and Chal <-> element. MetInf children are written in the syncml:metinf
 * namespace in RTK order (fact sheet §2.2); on input they are accepted in any namespace and order.
 */
import type { Child, Element } from "../../element.js";
import { el, isElement } from "../../element.js";
import { syncmlNamespaces } from "../media-types.js";
import type { Chal, Cred, Meta } from "../model.js";
import type { Mutable } from "./fields.js";
import { integerElement, integerOf, missing, textElement, trimmedText } from "./fields.js";

/**
 * Reads a Meta element. Children may carry the metinf namespace, the SyncML namespace or none
 * (Windows writes `<Type>` without xmlns, [SMLVIEW] example) and come in any order; a MetInf
 * wrapper element is looked through; MetInf children DM does not use (Anchor, Mem, ...) are skipped.
 */
export function metaFromElement(e: Element): Meta {
  const m: Mutable<Meta> = {};
  const emi: string[] = [];
  readMetInf(e, m, emi);
  if (emi.length > 0) m.emi = emi;
  return m;
}

function readMetInf(e: Element, m: Mutable<Meta>, emi: string[]): void {
  for (const c of e.children) {
    if (!isElement(c)) continue;
    switch (c.name) {
      case "Format":
        m.format ??= trimmedText(c);
        break;
      case "Type":
        m.type ??= trimmedText(c);
        break;
      case "Mark":
        m.mark ??= trimmedText(c);
        break;
      case "Size":
        m.size ??= integerOf(c);
        break;
      case "NextNonce":
        m.nextNonce ??= trimmedText(c);
        break;
      case "Version":
        m.version ??= trimmedText(c);
        break;
      case "MaxMsgSize":
        m.maxMsgSize ??= integerOf(c);
        break;
      case "MaxObjSize":
        m.maxObjSize ??= integerOf(c);
        break;
      case "EMI":
        emi.push(trimmedText(c));
        break;
      case "MetInf":
        readMetInf(c, m, emi);
        break;
      default:
        break;
    }
  }
}

/** Writes a Meta element in namespace `ns` whose children are in syncml:metinf. */
export function metaToElement(meta: Meta, ns: string): Element {
  const mi = syncmlNamespaces.metinf;
  const out: Child[] = [];
  if (meta.format !== undefined) out.push(textElement("Format", mi, meta.format));
  if (meta.type !== undefined) out.push(textElement("Type", mi, meta.type));
  if (meta.mark !== undefined) out.push(textElement("Mark", mi, meta.mark));
  if (meta.size !== undefined) out.push(integerElement("Size", mi, meta.size));
  if (meta.nextNonce !== undefined) out.push(textElement("NextNonce", mi, meta.nextNonce));
  if (meta.version !== undefined) out.push(textElement("Version", mi, meta.version));
  if (meta.maxMsgSize !== undefined) out.push(integerElement("MaxMsgSize", mi, meta.maxMsgSize));
  if (meta.maxObjSize !== undefined) out.push(integerElement("MaxObjSize", mi, meta.maxObjSize));
  for (const emi of meta.emi ?? []) out.push(textElement("EMI", mi, emi));
  return el("Meta", ns, out);
}

/** Cred: Meta?, Data [TR-REP §4.1.1.6]; Data is mandatory. */
export function credFromElement(e: Element): Cred {
  let meta: Meta | undefined;
  let data: string | undefined;
  for (const c of e.children) {
    if (!isElement(c)) continue;
    if (c.name === "Meta") meta ??= metaFromElement(c);
    else if (c.name === "Data") data ??= trimmedText(c);
  }
  if (data === undefined) throw missing("Data", e);
  return meta === undefined ? { data } : { meta, data };
}

export function credToElement(cred: Cred, ns: string): Element {
  const out: Child[] = [];
  if (cred.meta !== undefined) out.push(metaToElement(cred.meta, ns));
  out.push(textElement("Data", ns, cred.data));
  return el("Cred", ns, out);
}

/** Chal: Meta. A Chal without Meta reads as an empty Meta rather than failing the message. */
export function chalFromElement(e: Element): Chal {
  for (const c of e.children) {
    if (isElement(c) && c.name === "Meta") return { meta: metaFromElement(c) };
  }
  return { meta: {} };
}

export function chalToElement(chal: Chal, ns: string): Element {
  return el("Chal", ns, [metaToElement(chal.meta, ns)]);
}
