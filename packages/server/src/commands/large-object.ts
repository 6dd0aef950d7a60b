/**
 * Large objects we send [TR-PRO §2.2], fact sheet §1.6: an Add/Replace value too big for one
 * message goes in chunks, one per message, each non-final chunk's Item ending with MoreData and
 * the first carrying Meta Size (the whole object, counted as the receiver counts it: UTF-8 octets
 * for text, the b64 text over XML, raw bytes over WBXML [TR-TND §8.3.7.4]). Bytes are cut at
 * multiples of 3 so every b64 chunk is padding-free and the chunks join to the object's b64.
 */
import type { Command, Item, SyncMLEncoding } from "@omadm/protocol";
import type { DmAddReplace, DmCommand } from "../store/store-api.js";
import { dataItem } from "./render-command.js";

/** The value of a chunkable command. */
export type ObjectPayload =
  | { readonly kind: "text"; readonly text: string; readonly size: number }
  | { readonly kind: "bytes"; readonly bytes: Uint8Array; readonly size: number };

/** Where chunking stands: `offset` into the text (UTF-16 units) or the bytes. */
export interface ChunkCursor {
  readonly offset: number;
}

/** An Add/Replace whose data could be chunked (text or bytes; a TNDS object must fit one message). */
export function isChunkable(c: DmCommand): c is DmAddReplace {
  return (c.kind === "Add" || c.kind === "Replace") && c.data !== undefined && !("tnds" in c.data);
}

/** The value of a chunkable command, with its Meta Size in `encoding`. */
export function objectPayload(c: DmAddReplace, encoding: SyncMLEncoding): ObjectPayload | undefined {
  const data = c.data;
  if (data === undefined || "tnds" in data) return undefined;
  if ("text" in data) return { kind: "text", text: data.text, size: Buffer.byteLength(data.text, "utf8") };
  const bytes = new Uint8Array(Buffer.from(data.base64, "base64"));
  const size = encoding === "xml" ? 4 * Math.ceil(bytes.length / 3) : bytes.length;
  return { kind: "bytes", bytes, size };
}

/** True when `cursor` is at the end of the payload. */
export function isComplete(payload: ObjectPayload, cursor: ChunkCursor): boolean {
  return cursor.offset >= (payload.kind === "text" ? payload.text.length : payload.bytes.length);
}

/**
 * The next chunk from `cursor`, at most `budget` bytes as written in the message (XML escaping
 * and b64 counted); at least one unit so streaming always progresses.
 */
export function nextChunk(
  payload: ObjectPayload,
  cursor: ChunkCursor,
  budget: number,
  encoding: SyncMLEncoding,
): { readonly data: string | Uint8Array; readonly next: ChunkCursor } {
  const start = cursor.offset;
  if (payload.kind === "bytes") {
    const raw = encoding === "xml" ? Math.floor(budget / 4) * 3 : budget;
    const end = Math.min(payload.bytes.length, start + Math.max(encoding === "xml" ? 3 : 1, raw));
    return { data: payload.bytes.subarray(start, end), next: { offset: end } };
  }
  const text = payload.text;
  let used = 0;
  let end = start;
  while (end < text.length) {
    const code = text.codePointAt(end) ?? 0;
    const units = code > 0xffff ? 2 : 1;
    const cost = writtenCost(code, encoding);
    if (used + cost > budget && end > start) break;
    used += cost;
    end += units;
  }
  return { data: text.slice(start, end), next: { offset: end } };
}

// Bytes one code point takes in the message: UTF-8, plus XML escaping of & < > and CR.
function writtenCost(code: number, encoding: SyncMLEncoding): number {
  if (encoding === "xml") {
    if (code === 0x26 || code === 0x0d) return 5;
    if (code === 0x3c || code === 0x3e) return 4;
  }
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/**
 * The SyncML command carrying one chunk of `c`: Meta Size only on the first chunk, MoreData on
 * every chunk but the last; Format/Type repeated on each chunk (they SHOULD be [TR-PRO §2.2]).
 */
export function chunkCommand(
  c: DmAddReplace,
  cmdId: number,
  chunk: string | Uint8Array,
  first: boolean,
  last: boolean,
  size: number,
): Command {
  const base = dataItem(c.uri, c.format, c.type, undefined);
  const fmt = base.meta?.format ?? (chunk instanceof Uint8Array ? "bin" : undefined);
  const meta = { ...base.meta, ...(fmt === undefined ? {} : { format: fmt }), ...(first ? { size } : {}) };
  const item: Item = {
    target: base.target ?? { locUri: c.uri },
    ...(Object.keys(meta).length === 0 ? {} : { meta }),
    data: chunk,
    ...(last ? {} : { moreData: true }),
  };
  return { kind: c.kind, cmdId, items: [item] };
}
