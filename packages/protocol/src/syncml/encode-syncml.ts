import type { Element } from "../element.js";
import { isElement } from "../element.js";
import { encodeWbxml, languageForRoot } from "../wbxml/index.js";
import { encodeXml } from "../xml/index.js";
import { syncmlToElement } from "./mapping/message.js";
import type { SyncMLEncoding } from "./media-types.js";
import type { Command, Data, Item, Meta, SyncMLMessage } from "./model.js";
import { typeForEncoding } from "./type-suffix.js";

export interface EncodeSyncMLOptions {
  /** Default "xml". */
  readonly encoding?: SyncMLEncoding;
  /** WBXML minor version: 1 -> 1.1, 2 -> 1.2 (default), 3 -> 1.3 [TR-REP intro]. */
  readonly wbxmlVersion?: 1 | 2 | 3;
  /** WBXML: put repeated strings in the string table. */
  readonly stringTable?: boolean;
  /** WBXML: write text Data as OPAQUE (some devices want it); it then decodes as bytes. */
  readonly dataAsOpaque?: boolean;
}

/**
 * Encodes a message as XML or WBXML. Item Data is spelled for the encoding first:
 * - an element (embedded TNDS, ...) goes inline in XML and as a nested WBXML document in OPAQUE
 *   in WBXML, and its Meta Type suffix is rewritten to match (+xml <-> +wbxml, fact sheet §3.7);
 * - bytes go as OPAQUE in WBXML and as base64 text with Meta Format "b64" in XML, since binary
 *   over XML MUST be b64 [TR-TND §8.3.7.2];
 * - text goes as text, or as OPAQUE in WBXML with `dataAsOpaque`.
 */
export function encodeSyncML(msg: SyncMLMessage, options?: EncodeSyncMLOptions): Uint8Array {
  const encoding = options?.encoding ?? "xml";
  const spelled: SyncMLMessage = { ...msg, body: msg.body.map((c) => spellCommand(c, encoding, options)) };
  const root = syncmlToElement(spelled);
  if (encoding === "xml") return encodeXml(root, { declaration: true });
  return encodeWbxml(root, wbxmlOptions(root, options));
}

function wbxmlOptions(
  root: Element,
  options: EncodeSyncMLOptions | undefined,
): Parameters<typeof encodeWbxml>[1] {
  const language = languageForRoot(root.name, root.ns);
  return {
    version: options?.wbxmlVersion ?? 2,
    stringTable: options?.stringTable ?? false,
    ...(language === undefined ? {} : { language }),
  };
}

function spellCommand(
  c: Command,
  encoding: SyncMLEncoding,
  options: EncodeSyncMLOptions | undefined,
): Command {
  switch (c.kind) {
    case "Add":
    case "Replace":
    case "Delete":
    case "Copy":
    case "Get":
    case "Results": {
      const meta = commandMeta(c.meta, c.items, encoding);
      const items = c.items.map((i) => spellItem(i, encoding, options));
      return meta === undefined ? { ...c, items } : { ...c, meta, items };
    }
    case "Exec": {
      const meta = commandMeta(c.meta, [c.item], encoding);
      const item = spellItem(c.item, encoding, options);
      return meta === undefined ? { ...c, item } : { ...c, meta, item };
    }
    case "Alert":
    case "Status":
      return { ...c, items: c.items.map((i) => spellItem(i, encoding, options)) };
    case "Atomic":
    case "Sequence":
      return { ...c, commands: c.commands.map((inner) => spellCommand(inner, encoding, options)) };
    case "Unknown":
      return c;
  }
}

/** A command Meta whose Type is the effective Type of some element Data is rewritten too. */
function commandMeta(
  meta: Meta | undefined,
  items: readonly Item[],
  encoding: SyncMLEncoding,
): Meta | undefined {
  if (meta?.type === undefined) return meta;
  const reliedOn = items.some((i) => isElementData(i.data) && i.meta?.type === undefined);
  return reliedOn ? { ...meta, type: typeForEncoding(meta.type, encoding) } : meta;
}

function spellItem(item: Item, encoding: SyncMLEncoding, options: EncodeSyncMLOptions | undefined): Item {
  const data = item.data;
  if (data === undefined) return item;
  if (typeof data === "string") {
    return encoding === "wbxml" && options?.dataAsOpaque === true
      ? { ...item, data: utf8.encode(data) }
      : item;
  }
  if (data instanceof Uint8Array) {
    if (encoding === "wbxml") return item;
    return { ...item, meta: { ...item.meta, format: "b64" }, data: Buffer.from(data).toString("base64") };
  }
  const meta =
    item.meta?.type === undefined
      ? item.meta
      : { ...item.meta, type: typeForEncoding(item.meta.type, encoding) };
  const spelled: Data = encoding === "xml" ? data : encodeWbxml(data, wbxmlOptions(data, options));
  return meta === undefined ? { ...item, data: spelled } : { ...item, meta, data: spelled };
}

function isElementData(d: Data | undefined): d is Element {
  return d !== undefined && typeof d !== "string" && !(d instanceof Uint8Array) && isElement(d);
}

const utf8 = new TextEncoder();
