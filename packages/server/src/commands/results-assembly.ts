/**
 * Chunked Results from the device [TR-PRO §2.2], fact sheet §1.6: a Results Item ending with
 * MoreData continues in the next message; Meta Size (first chunk only) is the whole object's size,
 * counted in octets as written (UTF-8 text, b64 text, raw OPAQUE bytes); on the last chunk the
 * reassembled size must match it, else 424 and nothing is kept. Plain JSON between messages.
 */
import type { Item, Meta } from "@omadm/protocol";
import { decodeTnds, encodeXmlString, tndsToElement } from "@omadm/protocol";
import type { ResultItem } from "../store/store-api.js";
import type { CommandPath } from "./render-command.js";
import { commandDataOf } from "./result-items.js";

/** An object being reassembled. */
export interface IncomingObject {
  readonly commandId: string;
  readonly path: number[];
  readonly uri: string;
  readonly format?: string;
  readonly type?: string;
  readonly declaredSize?: number;
  /** Chunks in order: `t` text, `b` bytes as base64. */
  readonly parts: ({ t: string } | { b: string })[];
  received: number;
}

/** Starts an object from its first chunk. */
export function startObject(
  commandId: string,
  path: CommandPath,
  item: Item,
  commandMeta: Meta | undefined,
  fallbackUri: string,
): IncomingObject {
  const format = item.meta?.format ?? commandMeta?.format;
  const type = item.meta?.type ?? commandMeta?.type;
  const size = item.meta?.size ?? commandMeta?.size;
  const obj: IncomingObject = {
    commandId,
    path: [...path],
    uri: item.source?.locUri ?? item.target?.locUri ?? fallbackUri,
    ...(format === undefined ? {} : { format }),
    ...(type === undefined ? {} : { type }),
    ...(size === undefined ? {} : { declaredSize: size }),
    parts: [],
    received: 0,
  };
  addChunk(obj, item);
  return obj;
}

/** True when `item` continues `obj` (same command and node). */
export function continues(obj: IncomingObject, commandId: string, path: CommandPath, item: Item): boolean {
  const uri = item.source?.locUri ?? item.target?.locUri ?? obj.uri;
  return obj.commandId === commandId && obj.path.join("/") === path.join("/") && uri === obj.uri;
}

/** Adds a chunk's Data. */
export function addChunk(obj: IncomingObject, item: Item): void {
  const data = item.data;
  if (data === undefined) return;
  if (typeof data === "string") {
    obj.parts.push({ t: data });
    obj.received += Buffer.byteLength(data, "utf8");
  } else if (data instanceof Uint8Array) {
    obj.parts.push({ b: Buffer.from(data).toString("base64") });
    obj.received += data.length;
  } else {
    const text = encodeXmlString(data, { declaration: false });
    obj.parts.push({ t: text });
    obj.received += Buffer.byteLength(text, "utf8");
  }
}

/** The reassembled ResultItem, or the size mismatch (424) that voids it. */
export function finishObject(
  obj: IncomingObject,
):
  | { readonly item: ResultItem }
  | { readonly mismatch: { readonly declared: number; readonly received: number } } {
  if (obj.declaredSize !== undefined && obj.declaredSize !== obj.received) {
    return { mismatch: { declared: obj.declaredSize, received: obj.received } };
  }
  const base = {
    uri: obj.uri,
    ...(obj.format === undefined ? {} : { format: obj.format }),
    ...(obj.type === undefined ? {} : { type: obj.type }),
  };
  const anyBytes = obj.parts.some((p) => "b" in p);
  if (!anyBytes) {
    const text = obj.parts.map((p) => ("t" in p ? p.t : "")).join("");
    const isTnds = (obj.type ?? "").toLowerCase().includes("dmtnds");
    const data = isTnds ? { tnds: text } : commandDataOf(text, obj.format, obj.type);
    return { item: data === undefined ? base : { ...base, data } };
  }
  const bytes = Buffer.concat(
    obj.parts.map((p) => ("b" in p ? Buffer.from(p.b, "base64") : Buffer.from(p.t, "utf8"))),
  );
  if ((obj.type ?? "").toLowerCase().includes("dmtnds+wbxml")) {
    try {
      return {
        item: {
          ...base,
          data: { tnds: encodeXmlString(tndsToElement(decodeTnds(bytes)), { declaration: false }) },
        },
      };
    } catch {
      // not a TNDS document after all: keep the bytes
    }
  }
  const data = commandDataOf(new Uint8Array(bytes), obj.format, obj.type);
  return { item: data === undefined ? base : { ...base, data } };
}
