/**
 * What a command's Item (Meta Format, Meta Type, Data) makes of a node: Format, Type and value,
 * checked against the node's DDF descriptor. Fact sheet §2.3, [TR-TND §8.3.7.2], [TR-TND §8.5]
 */
import { metaDefaults, tndsMediaTypes } from "@omadm/protocol";
import type { DdfDescriptor } from "./ddf-index.js";
import { decodeLeafValue, isKnownFormat } from "./leaf-value.js";
import type { LeafValue, NodeContent } from "./tree-api.js";

export type NodeSpec =
  | { readonly status: 200; readonly format: string; readonly type: string; readonly value: LeafValue }
  | {
      readonly status: number;
      readonly format?: undefined;
      readonly type?: undefined;
      readonly value?: undefined;
    };

/**
 * The node an Add creates. Without Meta Format the DDF's DFFormat applies, else `chr`; without
 * Meta Type the DDF's type, else `text/plain` for leaves and none for interior nodes. 415 for an
 * unknown Format or one the DDF does not allow; 400 for data that does not fit its Format.
 */
export function newNodeSpec(content: NodeContent, ddf: DdfDescriptor | undefined): NodeSpec {
  const format = content.format ?? ddf?.format ?? metaDefaults.format;
  if (!isKnownFormat(format)) return { status: 415 };
  if (format === "node") {
    if (ddf?.format !== undefined && ddf.format !== "node") return { status: 415 };
    return { status: 200, format, type: content.type ?? ddf?.ddfName ?? "", value: "" };
  }
  const decoded = decodeLeafValue(format, content.data);
  if (decoded.value === undefined) return { status: decoded.status };
  const type = content.type ?? ddf?.mimeTypes[0] ?? metaDefaults.type;
  const fit = leafFitsDdf(ddf, decoded.format, type);
  if (fit !== 200) return { status: fit };
  return { status: 200, format: decoded.format, type, value: decoded.value };
}

/** 415 when the DDF gives another DFFormat or a MIME list without `type`. [TR-TND §8.5] */
export function leafFitsDdf(ddf: DdfDescriptor | undefined, format: string, type: string): number {
  if (ddf === undefined) return 200;
  if (ddf.format !== undefined && ddf.format !== format) return 415;
  if (ddf.mimeTypes.length > 0 && !ddf.mimeTypes.includes(type)) return 415;
  return 200;
}

/** True for the TNDS media types: the Item carries a whole subtree. [TR-TNDS §9] */
export function isTndsType(type: string | undefined): boolean {
  return type === tndsMediaTypes.tndsXml || type === tndsMediaTypes.tndsWbxml;
}
