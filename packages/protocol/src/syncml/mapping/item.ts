/**
 * Target/Source (Location), Item and Item Data <-> element.
 * Item: Target?, Source?, SourceParent?, TargetParent?, Meta?, Data?, MoreData? (fact sheet §2.2).
 */
import type { Child, Element } from "../../element.js";
import { el, isElement } from "../../element.js";
import type { Data, Item, Location, Meta } from "../model.js";
import type { MappingOptions, Mutable } from "./fields.js";
import { invalid, missing, pushFlag, textElement, trimmedText } from "./fields.js";
import { metaFromElement, metaToElement } from "./meta.js";

/** Target or Source: LocURI (mandatory), LocName?; both trimmed (a fixture wraps LocURI in newlines). */
export function locationFromElement(e: Element): Location {
  let locUri: string | undefined;
  let locName: string | undefined;
  for (const c of e.children) {
    if (!isElement(c)) continue;
    if (c.name === "LocURI") locUri ??= trimmedText(c);
    else if (c.name === "LocName") locName ??= trimmedText(c);
  }
  if (locUri === undefined) throw missing("LocURI", e);
  return locName === undefined ? { locUri } : { locUri, locName };
}

export function locationToElement(name: "Target" | "Source", loc: Location, ns: string): Element {
  const out: Child[] = [textElement("LocURI", ns, loc.locUri)];
  if (loc.locName !== undefined) out.push(textElement("LocName", ns, loc.locName));
  return el(name, ns, out);
}

/** SourceParent/TargetParent (DS 1.2) hold a LocURI; a bare text value is accepted too. */
function parentFromElement(e: Element): string {
  for (const c of e.children) {
    if (isElement(c) && c.name === "LocURI") return trimmedText(c);
  }
  return trimmedText(e);
}

/**
 * Reads an Item. `commandMeta` supplies the effective Meta Type when the Item has none
 * [TR-PRO §2.3.4]; `depth` is the Item's nesting depth (SyncML = 1).
 */
export function itemFromElement(
  e: Element,
  commandMeta: Meta | undefined,
  depth: number,
  options: MappingOptions,
): Item {
  const item: Mutable<Item> = {};
  let dataEl: Element | undefined;
  for (const c of e.children) {
    if (!isElement(c)) continue;
    switch (c.name) {
      case "Target":
        item.target ??= locationFromElement(c);
        break;
      case "Source":
        item.source ??= locationFromElement(c);
        break;
      case "SourceParent":
        item.sourceParent ??= parentFromElement(c);
        break;
      case "TargetParent":
        item.targetParent ??= parentFromElement(c);
        break;
      case "Meta":
        item.meta ??= metaFromElement(c);
        break;
      case "Data":
        dataEl ??= c;
        break;
      case "MoreData":
        item.moreData = true;
        break;
      default:
        break;
    }
  }
  if (dataEl !== undefined) {
    const data = dataFromElement(dataEl);
    item.data =
      data instanceof Uint8Array && options.opaqueData !== undefined
        ? options.opaqueData(data, item.meta?.type ?? commandMeta?.type, dataEl, depth + 1)
        : data;
  }
  return item;
}

/**
 * Item Data: no content -> ""; text -> string; OPAQUE -> Uint8Array; one element child (an
 * inline TNDS MgmtTree, say) -> that element. Text mixed with OPAQUE becomes bytes (the text as
 * UTF-8), since bytes can hold both; an element beside other content is SYNCML_INVALID.
 */
export function dataFromElement(e: Element): Data {
  const cs = e.children;
  if (cs.length === 0) return "";
  const only = cs[0];
  if (cs.length === 1 && only !== undefined) return only;
  let element: Element | undefined;
  let bytes = false;
  let blank = true;
  for (const c of cs) {
    if (isElement(c)) {
      if (element !== undefined) throw invalid("Data holds more than one element", e);
      element = c;
    } else if (c instanceof Uint8Array) {
      bytes = true;
    } else if (blank && c.trim() !== "") {
      blank = false;
    }
  }
  if (element !== undefined) {
    if (bytes || !blank) throw invalid("Data mixes an element with text", e);
    return element;
  }
  if (!bytes) return (cs as readonly string[]).join("");
  const parts = cs.map((c) => (typeof c === "string" ? utf8.encode(c) : (c as Uint8Array)));
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function itemToElement(item: Item, ns: string): Element {
  const out: Child[] = [];
  if (item.target !== undefined) out.push(locationToElement("Target", item.target, ns));
  if (item.source !== undefined) out.push(locationToElement("Source", item.source, ns));
  if (item.sourceParent !== undefined) {
    out.push(el("SourceParent", ns, [textElement("LocURI", ns, item.sourceParent)]));
  }
  if (item.targetParent !== undefined) {
    out.push(el("TargetParent", ns, [textElement("LocURI", ns, item.targetParent)]));
  }
  if (item.meta !== undefined) out.push(metaToElement(item.meta, ns));
  if (item.data !== undefined) out.push(dataToElement(item.data, ns));
  pushFlag(out, "MoreData", ns, item.moreData);
  return el("Item", ns, out);
}

export function dataToElement(data: Data, ns: string): Element {
  if (typeof data === "string") return textElement("Data", ns, data);
  if (data instanceof Uint8Array) return el("Data", ns, [data]);
  return el("Data", ns, [data]);
}

const utf8 = new TextEncoder();
