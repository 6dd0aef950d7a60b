/**
 * The device's commands in a message of an authenticated session, in order: Statuses and Results
 * recorded against our commands by (MsgRef, CmdRef) [TR-REP §4.1.1.3-4.1.1.23], chunked Results
 * reassembled [TR-PRO §2.2], alerts answered and stored, DevInfo recorded [TR-PRO §2.3.3]. The
 * client may send only Replace (DevInfo), Results, Alert and Status [TR-PRO §2.3].
 */
import type { Alert, Command, Item, Replace, Results, Status } from "@omadm/protocol";
import { alertCode, devInfoRoot } from "@omadm/protocol";
import {
  addChunk,
  applyResults,
  applyStatus,
  continues,
  finishObject,
  resultItemOf,
  startObject,
} from "../commands/index.js";
import { recordClientAlert } from "./client-alerts.js";
import type { MessageContext } from "./message-context.js";
import type { ReplyDraft } from "./reply-draft.js";
import { addAlert, addCommandStatus } from "./reply-draft.js";
import type { SentRef } from "./session-state.js";

/** What the message asked for besides its Statuses. */
export interface ClientMessageFacts {
  /** Alert 1223: the device ends the session [TR-PRO §2.3.1]. */
  abort: boolean;
  /** DevInfo leaves received (path below ./DevInfo -> value). */
  readonly devInfo: Record<string, string>;
}

/** Runs the device's commands, adding our Statuses (and Alerts 1225) to `draft`. */
export async function processClientCommands(
  ctx: MessageContext,
  draft: ReplyDraft,
): Promise<ClientMessageFacts> {
  const facts: ClientMessageFacts = { abort: false, devInfo: {} };
  const msgRef = ctx.message.header.msgId;
  for (const c of ctx.message.body) {
    switch (c.kind) {
      case "Status":
        if (c.cmdRef !== 0) onStatus(ctx, c);
        break;
      case "Results":
        onResults(ctx, draft, c);
        break;
      case "Alert":
        addCommandStatus(draft, msgRef, c.cmdId, "Alert", await onAlert(ctx, c, facts));
        break;
      case "Replace":
        addCommandStatus(draft, msgRef, c.cmdId, "Replace", onReplace(c, facts));
        break;
      case "Add":
      case "Atomic":
      case "Copy":
      case "Delete":
      case "Exec":
      case "Get":
      case "Sequence":
        // [TR-PRO §2.3] not a command a client sends: optional feature not supported.
        addCommandStatus(draft, msgRef, c.cmdId, c.kind, 406);
        break;
      case "Unknown":
        if (c.cmdId !== undefined) addCommandStatus(draft, msgRef, c.cmdId, c.name, 406);
        break;
    }
  }
  return facts;
}

/** The SentRef a Status or Results names. */
function refOf(ctx: MessageContext, msgRef: number, cmdRef: number): SentRef | undefined {
  return ctx.state.inFlight.find((r) => r.msgId === msgRef && r.cmdId === cmdRef);
}

function onStatus(ctx: MessageContext, s: Status): void {
  const out = ctx.state.outgoing;
  if (out !== undefined && out.msgId === s.msgRef && out.cmdId === s.cmdRef) {
    if (s.data === 213) {
      ctx.state.outgoing = { ...out, acknowledged: true };
      return;
    }
    // [TR-PRO §2.2] anything but 213 for a chunk ends the object; the code is the command's answer.
    ctx.state.outgoing = undefined;
    ctx.state.ourPackageOpen = false;
    const pending = ctx.state.pending[out.commandId];
    if (pending !== undefined) applyStatus(pending, [], s.data);
    return;
  }
  const ref = refOf(ctx, s.msgRef, s.cmdRef);
  if (ref === undefined) return; // a Status for our Alert 1222, or for nothing we track
  const pending = ctx.state.pending[ref.commandId];
  if (pending !== undefined) applyStatus(pending, ref.path, s.data);
}

function onResults(ctx: MessageContext, draft: ReplyDraft, r: Results): void {
  // MsgRef is optional on Results: then it answers our last message.
  const ref = refOf(ctx, r.msgRef ?? ctx.state.serverMsgId - 1, r.cmdRef);
  const pending = ref === undefined ? undefined : ctx.state.pending[ref.commandId];
  const msgRef = ctx.message.header.msgId;
  if (ref === undefined || pending === undefined) {
    ctx.options.log.debug(
      { deviceId: ctx.state.deviceId, cmdRef: r.cmdRef },
      "results for no command of ours",
    );
    return;
  }
  let chunkStatus: number | undefined;
  for (const item of r.items) {
    const open = ctx.state.incoming;
    if (open !== undefined && !continues(open, ref.commandId, ref.path, item)) {
      // [TR-PRO §2.2] a new object before the end chunk: Alert 1225, nothing committed.
      addAlert(draft, alertCode.noEndOfData, open.uri);
      ctx.state.incoming = undefined;
    }
    const current = ctx.state.incoming;
    if (item.moreData === true) {
      chunkStatus = acceptChunk(ctx, ref, item, r);
      continue;
    }
    if (current !== undefined) {
      addChunk(current, item);
      ctx.state.incoming = undefined;
      const done = finishObject(current);
      if ("mismatch" in done) {
        // [TR-PRO §2.2] reassembled size differs from Meta Size: 424, nothing kept.
        chunkStatus = 424;
        applyStatus(pending, ref.path, 424);
      } else {
        applyResults(pending, ref.path, [done.item]);
      }
      continue;
    }
    applyResults(pending, ref.path, [resultItemOf(item, r.meta, ref.uri)]);
  }
  // Results get no Status when fine [TR-PRO §2.1.1]; chunks get 213, a bad object its error.
  if (chunkStatus !== undefined) addCommandStatus(draft, msgRef, r.cmdId, "Results", chunkStatus);
}

/** Buffers a non-final chunk: 213, or 413 when the object is larger than our MaxObjSize. */
function acceptChunk(ctx: MessageContext, ref: SentRef, item: Item, r: Results): number {
  const open = ctx.state.incoming;
  const obj = open ?? startObject(ref.commandId, ref.path, item, r.meta, ref.uri);
  if (open !== undefined) addChunk(open, item);
  const max = ctx.options.maxObjSize;
  if ((obj.declaredSize ?? 0) > max || obj.received > max) {
    // [TR-PRO §2.2] MaxObjSize is ours; the object is dropped and the Get fails with 413.
    ctx.state.incoming = undefined;
    const pending = ctx.state.pending[ref.commandId];
    if (pending !== undefined) applyStatus(pending, ref.path, 413);
    return 413;
  }
  ctx.state.incoming = obj;
  return 213;
}

async function onAlert(ctx: MessageContext, a: Alert, facts: ClientMessageFacts): Promise<number> {
  switch (a.data) {
    case undefined:
      return 412;
    case alertCode.serverInitiatedMgmt:
    case alertCode.clientInitiatedMgmt:
    case alertCode.nextMessage:
      return 200;
    case alertCode.sessionAbort:
      facts.abort = true;
      return 200;
    case alertCode.clientEvent:
    case alertCode.genericAlert:
      return recordClientAlert(ctx, a);
    default:
      // [TR-REP §4.1.6.2] an alert the server cannot process: 406 (UI alerts are server-to-client only [TR-PRO §2.5]).
      return 406;
  }
}

/** Replace from the client carries DevInfo leaves only [TR-PRO §2.3.3]. */
function onReplace(c: Replace, facts: ClientMessageFacts): number {
  let taken = 0;
  for (const item of c.items) {
    const uri = item.source?.locUri ?? item.target?.locUri;
    const leaf = uri === undefined ? undefined : devInfoLeafOf(uri);
    if (leaf === undefined) continue;
    facts.devInfo[leaf] = textOf(item);
    taken++;
  }
  return taken > 0 ? 200 : 406;
}

/** "DevId" for ./DevInfo/DevId (also DevInfo/DevId, [TR-TND §8.1]); undefined outside ./DevInfo. */
function devInfoLeafOf(uri: string): string | undefined {
  const path = uri.startsWith("./") ? uri : `./${uri}`;
  const prefix = `${devInfoRoot}/`;
  return path.startsWith(prefix) && path.length > prefix.length ? path.slice(prefix.length) : undefined;
}

function textOf(item: Item): string {
  const d = item.data;
  if (d === undefined) return "";
  if (typeof d === "string") return d;
  if (d instanceof Uint8Array) return Buffer.from(d).toString("utf8");
  return "";
}

/** True when `c` expects a Status from us (everything but Status and Results [TR-PRO §2.1.1]). */
export function needsStatus(c: Command): boolean {
  return c.kind !== "Status" && c.kind !== "Results" && !(c.kind === "Unknown" && c.cmdId === undefined);
}
