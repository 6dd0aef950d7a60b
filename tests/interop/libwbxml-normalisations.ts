/**
 * The only differences the libwbxml interop test forgives, each one a documented behaviour of
 * libwbxml 0.11 (Debian libwbxml2-utils), each applied only where that behaviour applies.
 * Everything else in a decoded message must match exactly.
 */
import type { Command, Data, Item, Meta, SyncMLMessage } from "@omadm/protocol";

const utf8 = new TextDecoder("utf-8", { fatal: true });

function mapItems(msg: SyncMLMessage, f: (item: Item, command: Command) => Item): SyncMLMessage {
  const command = (c: Command): Command => {
    switch (c.kind) {
      case "Add":
      case "Replace":
      case "Delete":
      case "Copy":
      case "Get":
      case "Results":
      case "Alert":
      case "Status":
        return { ...c, items: c.items.map((i) => f(i, c)) };
      case "Exec":
        return { ...c, item: f(c.item, c) };
      case "Atomic":
      case "Sequence":
        return { ...c, commands: c.commands.map(command) };
      case "Unknown":
        return c;
    }
  };
  return { ...msg, body: msg.body.map(command) };
}

function withData(item: Item, data: Data): Item {
  return { ...item, data };
}

/**
 * OPAQUE vs text. xml2wbxml treats the `<Data>` of every Add and Replace Item as a vObject and
 * stores it as a CDATA node, which its encoder writes as OPAQUE (wbxml_tree.c,
 * wbxml_tree_node_get_syncml_data_type: "Hack: we assume that any <Data> inside a <Replace> or
 * <Add> Item is a vObject"; wbxml_encoder.c: "Encode CDATA Buffer into Opaque"). Our decoder
 * gives OPAQUE Data as bytes, so those bytes are compared as the UTF-8 text they carry.
 */
export function opaqueAddReplaceDataAsText(msg: SyncMLMessage): SyncMLMessage {
  return mapItems(msg, (item, command) => {
    if (!(item.data instanceof Uint8Array) || (command.kind !== "Add" && command.kind !== "Replace"))
      return item;
    try {
      return withData(item, utf8.decode(item.data));
    } catch {
      return item;
    }
  });
}

const wbxmlEmbeddedTypes: Readonly<Record<string, string>> = {
  "application/vnd.syncml.dmtnds+wbxml": "application/vnd.syncml.dmtnds+xml",
  "application/vnd.syncml-devinf+wbxml": "application/vnd.syncml-devinf+xml",
};

function xmlSpelling(meta: Meta | undefined): Meta | undefined {
  const type = meta?.type === undefined ? undefined : wbxmlEmbeddedTypes[meta.type];
  return type === undefined ? meta : { ...meta, type };
}

/**
 * Embedded document Type suffix. When xml2wbxml turns an inline `+xml` document in Data into a
 * nested WBXML document (OPAQUE), it rewrites the Meta Type to `+wbxml` (fact sheet §3.7;
 * wbxml_tree_clb_xml.c / wbxml_encoder.c). The Data itself decodes to the same element tree, so
 * the Type is compared in its XML spelling wherever the Data is an embedded document.
 */
export function embeddedTypeAsXml(msg: SyncMLMessage): SyncMLMessage {
  const isDocument = (d: Data | undefined) =>
    d !== undefined && typeof d !== "string" && !(d instanceof Uint8Array);
  const fixed = mapItems(msg, (item) => {
    if (!isDocument(item.data) || item.meta === undefined) return item;
    return { ...item, meta: xmlSpelling(item.meta) ?? item.meta };
  });
  // A command-level Meta Type that the Items rely on (no Type of their own) is rewritten too.
  const command = (c: Command): Command => {
    switch (c.kind) {
      case "Add":
      case "Replace":
      case "Copy":
      case "Results": {
        const relies = c.items.some((i) => isDocument(i.data) && i.meta?.type === undefined);
        return relies && c.meta !== undefined ? { ...c, meta: xmlSpelling(c.meta) ?? c.meta } : c;
      }
      case "Atomic":
      case "Sequence":
        return { ...c, commands: c.commands.map(command) };
      case "Alert":
      case "Delete":
      case "Exec":
      case "Get":
      case "Status":
      case "Unknown":
        return c;
    }
  };
  return { ...fixed, body: fixed.body.map(command) };
}

/**
 * Surrounding whitespace of text. Without `-k`, xml2wbxml drops leading and trailing whitespace
 * of every text node (its usage: "-k : keep ignorable whitespaces (Default: ignore)"); CDATA
 * content (see above) is kept. The test runs `-k` too wherever a message has such Data, and
 * compares that run exactly; for the runs without `-k`, Data text is compared trimmed.
 */
export function dataTrimmed(msg: SyncMLMessage): SyncMLMessage {
  return mapItems(msg, (item) => (typeof item.data === "string" ? withData(item, item.data.trim()) : item));
}

/** True when some Data text of the message starts or ends with whitespace. */
export function hasSignificantDataWhitespace(msg: SyncMLMessage): boolean {
  let found = false;
  mapItems(msg, (item) => {
    if (typeof item.data === "string" && item.data !== item.data.trim()) found = true;
    return item;
  });
  return found;
}
