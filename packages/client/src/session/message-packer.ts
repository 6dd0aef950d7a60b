/**
 * Packs the client's reply package into messages that fit the server's MaxMsgSize [TR-PRO §2.1]:
 * the SyncHdr Status first, then queued Statuses/Results/Alerts in order, Final only on the last
 * message of the package. A Results with many Items is split into several Results for the same
 * command (allowed for listings, [TR-TND §8.4]); a single value too large for a message is sent as
 * a large object in chunks, MoreData on all but the last, Meta Size only on the first
 * [TR-PRO §2.2]. After a chunk that is not the last, the message ends (nothing may come between
 * the chunks of an object).
 */
import type { Item, SyncHdr, SyncMLEncoding, SyncMLMessage } from "@omadm/protocol";
import {
  encodeSyncML,
  encodeWbxml,
  encodeXmlString,
  languageForRoot,
  typeForEncoding,
} from "@omadm/protocol";
import type { ChunkUnit, DraftCommand, DraftResults, ReplyUnit } from "./reply-drafts.js";
import { numbered, unit } from "./reply-drafts.js";

export interface PackRequest {
  readonly header: SyncHdr;
  /** Always sent first (the SyncHdr Status). */
  readonly leading: readonly DraftCommand[];
  readonly queue: readonly ReplyUnit[];
  /** Always sent last (Alert 1222 while the server's package is open). */
  readonly trailing: readonly DraftCommand[];
  /** Final may be set when the queue is drained (the server's package is complete). */
  readonly mayFinal: boolean;
  /** The server's MaxMsgSize; Infinity when it gave none. */
  readonly limit: number;
  readonly encoding: SyncMLEncoding;
}

/** What one message carried: the unit behind each CmdID, for matching the server's Statuses. */
export interface SentRef {
  readonly cmdId: number;
  readonly unit: ReplyUnit;
  /** A chunk that is not the last of its object. */
  readonly partial: boolean;
}

export interface PackedMessage {
  readonly message: SyncMLMessage;
  readonly body: Uint8Array;
  /** Units left for the next message. */
  readonly rest: ReplyUnit[];
  readonly sent: readonly SentRef[];
  /** True when a unit had to go over the limit (it could not be split). */
  readonly oversized: boolean;
}

/** Per-unit slack for CmdID digits and code-page switches that a lone encoding does not show. */
const slack = 12;
/** The smallest chunk worth a message of its own. */
const minChunk = 128;

interface Chosen {
  readonly command: DraftCommand;
  readonly unit: ReplyUnit;
  readonly partial: boolean;
}

export function packMessage(req: PackRequest): PackedMessage {
  const encode = (body: readonly DraftCommand[], final: boolean): Uint8Array =>
    encodeSyncML({ header: req.header, body: numbered(body), final }, { encoding: req.encoding });
  const chosen: Chosen[] = [];
  const rest: ReplyUnit[] = [...req.queue];
  let oversized = false;

  if (req.limit === Infinity) {
    for (const u of rest)
      chosen.push(
        u.kind === "chunk" ? pieceOf(u, remaining(u)) : { command: u.command, unit: u, partial: false },
      );
    rest.length = 0;
  } else {
    const empty = encode([], false).byteLength;
    const sizeOf = (c: DraftCommand): number => encode([c], false).byteLength - empty + slack;
    let used = encode([...req.leading, ...req.trailing], true).byteLength;
    const room = req.limit - used;
    const wholeMessage = (): readonly DraftCommand[] => [
      ...req.leading,
      ...chosen.map((c) => c.command),
      ...req.trailing,
    ];

    while (rest.length > 0) {
      const u = rest[0];
      if (u === undefined) break;
      if (u.kind === "command") {
        const size = sizeOf(u.command);
        if (used + size <= req.limit) {
          chosen.push({ command: u.command, unit: u, partial: false });
          used += size;
          rest.shift();
          continue;
        }
        const results = u.command.kind === "Results" ? u.command : undefined;
        if (results !== undefined && results.items.length > 1) {
          // Split a listing: as many Items as fit now, the others in a Results of their own.
          const k = itemsThatFit(results, req.limit - used, sizeOf);
          const head = { ...results, items: results.items.slice(0, Math.max(k, 1)) };
          const tail = unit({ ...results, items: results.items.slice(Math.max(k, 1)) });
          if (k === 0 && chosen.length > 0) break;
          rest.splice(0, 1, unit(head), tail);
          continue;
        }
        if (
          results !== undefined &&
          isChunkable(results) &&
          (sizeOf(u.command) > room || chosen.length === 0)
        ) {
          rest[0] = toChunkUnit(results, req.encoding);
          continue;
        }
        if (chosen.length > 0) break;
        // Nothing else is in this message and the unit cannot be split: it goes over the limit.
        chosen.push({ command: u.command, unit: u, partial: false });
        oversized = true;
        rest.shift();
        continue;
      }
      // A chunk: fill what is left of the message.
      const overhead = sizeOf(pieceOf(u, 0).command) + 8;
      let take = req.limit - used - overhead;
      if (take < minChunk && chosen.length > 0) break;
      take = Math.max(take, Math.min(minChunk, remaining(u)));
      let piece = pieceOf(u, take);
      for (let i = 0; i < 12; i++) {
        const final = req.mayFinal && !piece.partial && rest.length === 1;
        const over = encode([...wholeMessage(), piece.command], final).byteLength - req.limit;
        if (over <= 0 || take <= 1) break;
        take = Math.max(1, take - over - 8);
        piece = pieceOf(u, take);
      }
      chosen.push(piece);
      if (piece.partial) {
        rest[0] = advance(u, piece);
        break;
      }
      rest.shift();
      used = encode(wholeMessage(), false).byteLength;
    }
    // Estimates carry slack; still, never send more than the limit when a unit can wait.
    for (;;) {
      const final = req.mayFinal && rest.length === 0;
      const bytes = encode(wholeMessage(), final).byteLength;
      const last = chosen[chosen.length - 1];
      if (bytes <= req.limit || chosen.length <= 1 || last === undefined || last.unit.kind === "chunk") break;
      chosen.pop();
      rest.unshift(last.unit);
    }
  }

  const final = req.mayFinal && rest.length === 0;
  const drafts = [...req.leading, ...chosen.map((c) => c.command), ...req.trailing];
  const message: SyncMLMessage = { header: req.header, body: numbered(drafts), final };
  const sent: SentRef[] = chosen.map((c, i) => ({
    cmdId: req.leading.length + i + 1,
    unit: c.unit,
    partial: c.partial,
  }));
  return { message, body: encodeSyncML(message, { encoding: req.encoding }), rest, sent, oversized };
}

function itemsThatFit(results: DraftResults, room: number, sizeOf: (c: DraftCommand) => number): number {
  const bare = sizeOf({ ...results, items: [] });
  let used = bare;
  let k = 0;
  for (const item of results.items) {
    const size = sizeOf({ ...results, items: [item] }) - bare;
    if (used + size > room) break;
    used += size;
    k++;
  }
  return k;
}

function isChunkable(results: DraftResults): boolean {
  const data = results.items[0]?.data;
  return results.items.length === 1 && data !== undefined && (typeof data !== "string" || data.length > 0);
}

/**
 * The value as it travels: b64 text for bytes over XML (Format b64, Size counts the text,
 * [TR-TND §8.3.7.4]); an embedded document serialized for the encoding (Type suffix to match).
 */
function toChunkUnit(results: DraftResults, encoding: SyncMLEncoding): ChunkUnit {
  const item = results.items[0] ?? {};
  const { data, moreData: _more, ...rest } = item;
  let meta = item.meta ?? {};
  let wire: string | Uint8Array;
  if (data === undefined || typeof data === "string") {
    wire = data ?? "";
  } else if (data instanceof Uint8Array) {
    wire = encoding === "xml" ? Buffer.from(data).toString("base64") : data;
    if (encoding === "xml") meta = { ...meta, format: "b64" };
  } else {
    const language = languageForRoot(data.name, data.ns);
    wire =
      encoding === "xml"
        ? encodeXmlString(data)
        : encodeWbxml(data, language === undefined ? {} : { language });
    if (meta.type !== undefined) meta = { ...meta, type: typeForEncoding(meta.type, encoding) };
  }
  const { items: _items, ...base } = results;
  const totalSize = typeof wire === "string" ? Buffer.byteLength(wire, "utf8") : wire.byteLength;
  return { kind: "chunk", results: base, item: { ...rest, meta }, data: wire, offset: 0, totalSize };
}

function remaining(u: ChunkUnit): number {
  return typeof u.data === "string"
    ? Buffer.byteLength(u.data.slice(u.offset), "utf8")
    : u.data.byteLength - u.offset;
}

/** The next piece of at most `budget` octets (whole code points for text), as a Results. */
function pieceOf(u: ChunkUnit, budget: number): Chosen & { readonly end: number } {
  const end =
    typeof u.data === "string"
      ? textEnd(u.data, u.offset, budget)
      : Math.min(u.data.byteLength, u.offset + budget);
  const data = typeof u.data === "string" ? u.data.slice(u.offset, end) : u.data.subarray(u.offset, end);
  const length = typeof u.data === "string" ? u.data.length : u.data.byteLength;
  const partial = end < length;
  // [TR-PRO §2.2] Meta Size, the whole object's size, only on the first chunk.
  const meta = u.offset === 0 ? { ...u.item.meta, size: u.totalSize } : (u.item.meta ?? {});
  const item: Item = { ...u.item, meta, data, ...(partial && { moreData: true }) };
  return { command: { ...u.results, items: [item] }, unit: u, partial, end };
}

function advance(u: ChunkUnit, piece: Chosen): ChunkUnit {
  return { ...u, offset: (piece as Chosen & { end: number }).end };
}

/** The end index of the longest run of whole code points from `start` within `budget` UTF-8 octets. */
function textEnd(text: string, start: number, budget: number): number {
  let bytes = 0;
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const isPair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
    const width = c < 0x80 ? 1 : c < 0x800 ? 2 : isPair ? 4 : 3;
    if (bytes + width > budget) break;
    bytes += width;
    i += isPair ? 2 : 1;
  }
  // Always move forward by at least one code point.
  if (i === start && start < text.length) i += (text.charCodeAt(start) & 0xfc00) === 0xd800 ? 2 : 1;
  return i;
}
