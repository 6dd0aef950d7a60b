/**
 * Results and alert Items as the Store keeps them (ResultItem): the node's URI from the Item
 * Source [TR-PRO §2.3.5], Meta Format/Type (the Item's over the command's), and Data as text,
 * base64 bytes, or a TNDS document's XML text.
 */
import type { Data, Element, Item, Meta } from "@omadm/protocol";
import { encodeXmlString, isElement, metaDefaults } from "@omadm/protocol";
import type { CommandData, ResultItem } from "../store/store-api.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The ResultItem of one Item; `fallbackUri` when it has no Source (nor Target). */
export function resultItemOf(item: Item, commandMeta: Meta | undefined, fallbackUri: string): ResultItem {
  const format = item.meta?.format ?? commandMeta?.format;
  const type = item.meta?.type ?? commandMeta?.type;
  const uri = item.source?.locUri ?? item.target?.locUri ?? fallbackUri;
  const data = commandDataOf(item.data, format, type);
  return {
    uri,
    ...(format === undefined ? {} : { format }),
    ...(type === undefined ? {} : { type }),
    ...(data === undefined ? {} : { data }),
  };
}

/**
 * Data as the Store keeps it. b64 text becomes `{base64}` (whitespace dropped), OPAQUE bytes
 * `{base64}` unless the format is textual and the bytes are UTF-8 (WBXML peers send text as
 * OPAQUE), an element `{tnds}` when the Type names TNDS, else its XML text.
 */
export function commandDataOf(
  data: Data | undefined,
  format: string | undefined,
  type: string | undefined,
): CommandData | undefined {
  if (data === undefined) return undefined;
  if (typeof data === "string") {
    return format === "b64" ? { base64: data.replace(/\s+/g, "") } : { text: data };
  }
  if (data instanceof Uint8Array) {
    if (format === "b64") return { base64: Buffer.from(data).toString("latin1").replace(/\s+/g, "") };
    if (format !== "bin" && (format !== undefined || type === undefined || type === metaDefaults.type)) {
      try {
        return { text: utf8.decode(data) };
      } catch {
        // not UTF-8: keep the bytes
      }
    }
    return { base64: Buffer.from(data).toString("base64") };
  }
  return elementData(data, type);
}

function elementData(e: Element, type: string | undefined): CommandData {
  const text = encodeXmlString(e, { declaration: false });
  return isElement(e) && (type ?? "").toLowerCase().includes("dmtnds") ? { tnds: text } : { text };
}
