/**
 * The server commands that act on nodes: Add, Replace, Delete, Copy, Get, Exec, each through the
 * tree API with the server's ServerID as principal (ACLs, AccessType and URI rules are the tree's).
 * One Status per Item, with the Item's Target as TargetRef [TR-REP §4.1.1.3-4.1.1.23]; Results
 * follow the Get's Status [TR-REP §4.1.6.12]. [TR-REP §4.1.6.1-4.1.6.7], fact sheet §1.9
 */
import type { Add, Copy, Data, Delete, Exec, Get, Item, Meta, Replace } from "@omadm/protocol";
import { encodeWbxml, encodeXml, languageForRoot } from "@omadm/protocol";
import type { ExecCompletion, NodeContent, ResultItem } from "@omadm/tree";
import type { IncomingObject } from "./incoming-objects.js";
import { assemble, chunkLength, continues, mergedMeta } from "./incoming-objects.js";
import type { DraftResults, DraftStatus, ReplyUnit } from "./reply-drafts.js";
import { statusDraft, unit } from "./reply-drafts.js";
import type { Ran, RunContext, Scope } from "./run-context.js";
import { flowOf } from "./run-context.js";

interface ItemOutcome {
  readonly status: number;
  readonly items?: readonly Item[];
  readonly results?: DraftResults;
}

/** Runs each Item of an item command and collects one Status per Item (and Results for Get). */
function perItem(
  ctx: RunContext,
  cmd: Add | Replace | Delete | Copy | Get,
  run: (item: Item) => ItemOutcome,
): Ran {
  const units: ReplyUnit[] = [];
  const statuses: DraftStatus[] = [];
  // [TR-REP §4.1.6.x] a command has at least one Item; an empty one is incomplete.
  const items = cmd.items.length === 0 ? [{}] : cmd.items;
  for (const item of items) {
    const out = cmd.items.length === 0 ? { status: 412 } : guarded(ctx, () => run(item));
    const s = itemStatus(ctx, cmd.kind, cmd.cmdId, item, out.status, out.items);
    statuses.push(s);
    units.push(unit(s));
    if (out.results !== undefined) units.push(unit(out.results));
  }
  return { units, flow: flowOf(statuses) };
}

/** A Status for one Item of a command, naming its Target (and Source) LocURIs. */
export function itemStatus(
  ctx: RunContext,
  kind: string,
  cmdId: number,
  item: Item,
  code: number,
  items?: readonly Item[],
): DraftStatus {
  const target = item.target?.locUri.trim();
  const source = item.source?.locUri.trim();
  return statusDraft(ctx.msgRef, cmdId, kind, code, {
    targetRefs: target === undefined || target === "" ? [] : [target],
    sourceRefs: source === undefined || source === "" ? [] : [source],
    ...(items !== undefined && items.length > 0 && { items }),
  });
}

/** A tree or handler bug must not end the session: it is answered 500. */
function guarded(ctx: RunContext, run: () => ItemOutcome): ItemOutcome {
  try {
    return run();
  } catch (e) {
    ctx.log?.error({ ...ctx.logFields, err: e }, "command failed with an exception");
    return { status: 500 };
  }
}

function targetOf(item: Item): string | undefined {
  const t = item.target?.locUri.trim();
  return t === undefined || t === "" ? undefined : t;
}

function contentOf(meta: Meta, data: Data | undefined): NodeContent {
  return {
    ...(meta.format !== undefined && { format: meta.format }),
    ...(meta.type !== undefined && { type: meta.type }),
    ...(data !== undefined && { data }),
  };
}

/**
 * Add or Replace. At SyncBody level an Item with MoreData starts or continues a large object;
 * inside Atomic/Sequence chunking is not possible (the whole container must fit one message,
 * [TR-PRO §2.1]), so such an Item is answered 406.
 */
export function runWrite(ctx: RunContext, cmd: Add | Replace, scope: Scope): Ran {
  return perItem(ctx, cmd, (item) => {
    const target = targetOf(item);
    if (target === undefined) return { status: 412 };
    const meta = mergedMeta(cmd.meta, item.meta);
    const obj = ctx.pkg.incoming;
    if (obj !== undefined && scope === "body" && continues(obj, cmd.kind, item)) {
      return continueObject(ctx, obj, item);
    }
    if (item.moreData === true) {
      if (scope !== "body") return { status: 406 };
      return beginObject(ctx, cmd, item, target, meta);
    }
    return write(ctx, cmd.kind, target, contentOf(meta, item.data));
  });
}

function write(ctx: RunContext, kind: "Add" | "Replace", target: string, content: NodeContent): ItemOutcome {
  const out =
    kind === "Add"
      ? ctx.tree.add(target, content, ctx.serverId)
      : ctx.tree.replace(target, content, ctx.serverId);
  // [TR-REP §4.1.6.1] a failed implicit parent is named in an Item of the Status.
  return out.failedUri === undefined
    ? { status: out.status }
    : { status: out.status, items: [{ target: { locUri: out.failedUri } }] };
}

/** [TR-PRO §2.2] first chunk: Meta Size is required (411) and must fit MaxObjSize (413); 213. */
function beginObject(
  ctx: RunContext,
  cmd: Add | Replace,
  item: Item,
  target: string,
  meta: Meta,
): ItemOutcome {
  const length = chunkLength(item.data);
  const base = {
    kind: cmd.kind,
    cmdId: cmd.cmdId,
    target,
    meta,
    parts: [] as (string | Uint8Array)[],
    received: 0,
    ...(item.source !== undefined && { source: item.source.locUri.trim() }),
  };
  const refuse = (status: number): ItemOutcome => {
    ctx.pkg.incoming = { ...base, declaredSize: meta.size ?? 0, rejected: status };
    return { status };
  };
  if (meta.size === undefined) return refuse(411);
  if (meta.size > ctx.maxObjSize) return refuse(413);
  if (length < 0) return refuse(415);
  const obj: IncomingObject = { ...base, declaredSize: meta.size };
  ctx.pkg.incoming = obj;
  return appendChunk(ctx, obj, item);
}

function continueObject(ctx: RunContext, obj: IncomingObject, item: Item): ItemOutcome {
  if (obj.rejected !== undefined) {
    if (item.moreData !== true) ctx.pkg.incoming = undefined;
    return { status: obj.rejected };
  }
  return appendChunk(ctx, obj, item);
}

/** Buffers a chunk (213) or, on the last one, checks the size (424) and commits. */
function appendChunk(ctx: RunContext, obj: IncomingObject, item: Item): ItemOutcome {
  const length = chunkLength(item.data);
  if (length < 0 || obj.received + length > ctx.maxObjSize) {
    const status = length < 0 ? 415 : 413;
    ctx.pkg.incoming = item.moreData === true ? { ...obj, rejected: status } : undefined;
    return { status };
  }
  if (item.data !== undefined && length > 0) obj.parts.push(item.data as string | Uint8Array);
  obj.received += length;
  if (item.moreData === true) return { status: 213 };
  ctx.pkg.incoming = undefined;
  // [TR-PRO §2.2] the reassembled object must have the declared size; else nothing is committed.
  if (obj.received !== obj.declaredSize) return { status: 424 };
  return write(ctx, obj.kind, obj.target, contentOf(obj.meta, assemble(obj.parts)));
}

export function runDelete(ctx: RunContext, cmd: Delete): Ran {
  return perItem(ctx, cmd, (item) => {
    const target = targetOf(item);
    return target === undefined ? { status: 412 } : { status: ctx.tree.delete(target, ctx.serverId).status };
  });
}

/** Copy: Item Target is the destination, Item Source the leaf copied. [TR-REP §4.1.6.4] */
export function runCopy(ctx: RunContext, cmd: Copy): Ran {
  return perItem(ctx, cmd, (item) => {
    const target = targetOf(item);
    const source = item.source?.locUri.trim();
    if (target === undefined || source === undefined || source === "") return { status: 412 };
    return { status: ctx.tree.copy(target, source, ctx.serverId).status };
  });
}

/**
 * Get: Results Items carry the node's Source LocURI and Meta Format/Type [TR-PRO §2.3.5]; bytes
 * go as b64 over XML (the codec spells them). A value larger than the server's MaxObjSize is
 * refused with 413 [TR-PRO §2.2]; values that only exceed MaxMsgSize are chunked when sent.
 */
export function runGet(ctx: RunContext, cmd: Get): Ran {
  return perItem(ctx, cmd, (item) => {
    const target = targetOf(item);
    if (target === undefined) return { status: 412 };
    const out = ctx.tree.get(target, ctx.serverId);
    if (out.status !== 200 || out.results === undefined) return { status: out.status };
    const max = ctx.serverMaxObjSize;
    if (max !== undefined && out.results.some((r) => wireSize(r.data, ctx.encoding) > max))
      return { status: 413 };
    const results: DraftResults = {
      kind: "Results",
      msgRef: ctx.msgRef,
      cmdRef: cmd.cmdId,
      items: out.results.map(resultItem),
    };
    return { status: 200, results };
  });
}

/** One Results Item: Source LocURI, Meta Format (and Type when the node has one), Data. */
export function resultItem(r: ResultItem): Item {
  const meta: Meta = r.type === "" ? { format: r.format } : { format: r.format, type: r.type };
  return r.data === undefined
    ? { source: { locUri: r.uri }, meta }
    : { source: { locUri: r.uri }, meta, data: r.data };
}

/**
 * The size a value has on the wire, as Meta Size counts it: UTF-8 octets for text, the base64
 * text for bytes over XML, raw octets over WBXML [TR-TND §8.3.7.4], the encoded document for an
 * element.
 */
export function wireSize(data: Data | undefined, encoding: "xml" | "wbxml"): number {
  if (data === undefined) return 0;
  if (typeof data === "string") return Buffer.byteLength(data, "utf8");
  if (data instanceof Uint8Array)
    return encoding === "xml" ? 4 * Math.ceil(data.byteLength / 3) : data.byteLength;
  if (encoding === "xml") return encodeXml(data).byteLength;
  const language = languageForRoot(data.name, data.ns);
  return encodeWbxml(data, language === undefined ? {} : { language }).byteLength;
}

/**
 * Exec: 200 when done, 202 when accepted; then, when the handler's completion settles, a Generic
 * Alert 1226 with the Exec's Correlator is queued for the server. [TR-REP §4.1.6.6], [TR-PRO §2.3.7]
 */
export function runExec(ctx: RunContext, cmd: Exec): Ran {
  const item = cmd.item;
  const out = guarded(ctx, () => {
    const target = targetOf(item);
    if (target === undefined) return { status: 412 };
    const meta = mergedMeta(cmd.meta, item.meta);
    const hasContent = item.data !== undefined || meta.format !== undefined || meta.type !== undefined;
    const exec = ctx.tree.exec(
      target,
      hasContent ? contentOf(meta, item.data) : undefined,
      ctx.serverId,
      cmd.correlator,
    );
    if (exec.status === 202 && exec.completion !== undefined) {
      queueCompletion(ctx, exec.completion, target, exec.correlator ?? cmd.correlator);
    }
    return { status: exec.status };
  });
  const s = itemStatus(ctx, "Exec", cmd.cmdId, item, out.status);
  return { units: [unit(s)], flow: flowOf([s]) };
}

function queueCompletion(
  ctx: RunContext,
  completion: Promise<ExecCompletion>,
  target: string,
  correlator: string | undefined,
): void {
  const { alerts, serverId, log, logFields } = ctx;
  completion.then(
    (c) => {
      try {
        const meta: Meta = {
          type: c.alertType,
          format: c.format ?? "int",
          ...(c.mark !== undefined && { mark: c.mark }),
        };
        const queued = alerts.add({
          serverId,
          alert: 1226,
          ...(correlator !== undefined && { correlator }),
          items: [{ source: { locUri: c.sourceUri ?? target }, meta, data: c.data ?? "" }],
        });
        log?.info(
          { ...logFields, alertId: queued.id, correlator },
          "asynchronous Exec completed; Generic Alert queued",
        );
      } catch (e) {
        log?.error({ ...logFields, err: e, correlator }, "could not queue the Generic Alert of an Exec");
      }
    },
    (e: unknown) => {
      // Without an ExecCompletion there is no alert type to report; the failure is logged.
      log?.error({ ...logFields, err: e, correlator }, "asynchronous Exec failed without a result");
    },
  );
}
