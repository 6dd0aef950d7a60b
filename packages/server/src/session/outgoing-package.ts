/**
 * Our commands: taken from the device's queue in order, rendered, and packed into one message
 * within the device's MaxMsgSize [TR-REP §4.1.4], fact sheet §1.6. A command (a whole Atomic or
 * Sequence included) must fit one message [TR-PRO §2.1]; what does not fit waits for the next
 * package, since new commands go only after the Statuses of the previous ones. An Add/Replace
 * value too big for a message goes as a large object, one chunk per message [TR-PRO §2.2].
 */
import type { Command } from "@omadm/protocol";
import { encodeSyncML } from "@omadm/protocol";
import {
  chunkCommand,
  emptyOutcome,
  isChunkable,
  isComplete,
  nextChunk,
  objectPayload,
  renderDmCommand,
  toCommandOutcome,
  validateDmCommand,
} from "../commands/index.js";
import type { CommandResult, DmAddReplace, DmCommand, QueuedCommand } from "../store/store-api.js";
import { correlatorOf } from "./client-alerts.js";
import type { MessageContext } from "./message-context.js";
import { appendEvent } from "./message-context.js";
import type { ReplyDraft } from "./reply-draft.js";
import { draftSize, takeCmdId } from "./reply-draft.js";
import type { SentRef } from "./session-state.js";

/** Room a large object needs beside other commands before it starts in the same message. */
const minChunkRoom = 256;

/** The largest message the device takes [TR-REP §4.1.4]; our default when it announced none. */
export function deviceMaxMsgSize(ctx: MessageContext): number {
  return ctx.state.deviceMaxMsgSize ?? ctx.options.defaultDeviceMaxMsgSize;
}

/**
 * Adds queued commands to `draft` in queue order while they fit; starts a large object when the
 * next one is a value too big for a message. Returns how many commands were added.
 */
export async function sendQueuedCommands(ctx: MessageContext, draft: ReplyDraft): Promise<number> {
  const { state } = ctx;
  const budget = deviceMaxMsgSize(ctx);
  const queue = await ctx.tx.commands.nextForSession(state.deviceId);
  const skip = new Set([...state.handled, ...Object.keys(state.pending)]);
  const entries: { q: QueuedCommand; command: Command; refs: SentRef[] }[] = [];
  let size = draftSize(draft);
  const empty = emptySize(draft);
  let large: QueuedCommand | undefined;
  for (const q of queue) {
    if (skip.has(q.id)) continue;
    const problems = validateDmCommand(q.command);
    if (problems.length > 0) {
      await failLocally(ctx, q, 400, problems.map((p) => `${p.path}: ${p.message}`).join("; "));
      continue;
    }
    if (tooLargeForDevice(ctx, q.command)) {
      await failLocally(ctx, q, 413, "larger than the device's MaxObjSize");
      continue;
    }
    const mark = draft.nextCmdId;
    const rendered = renderDmCommand(q.command, {
      nextCmdId: () => takeCmdId(draft),
      ...(q.command.kind === "Exec" ? { correlator: correlatorOf(q) } : {}),
    });
    const add = commandSize(rendered.command, draft, empty);
    if (size + add <= budget) {
      const refs = rendered.refs.map((r) => ({
        msgId: draft.header.msgId,
        cmdId: r.cmdId,
        commandId: q.id,
        path: r.path,
        uri: uriAt(q.command, r.path),
      }));
      entries.push({ q, command: rendered.command, refs });
      draft.commands.push(rendered.command);
      size += add;
      continue;
    }
    draft.nextCmdId = mark;
    if (isChunkable(q.command) && (entries.length === 0 || budget - size >= minChunkRoom)) {
      large = q;
      break;
    }
    if (entries.length === 0) {
      await failLocally(ctx, q, 413, "does not fit the device's MaxMsgSize and cannot be chunked");
      continue;
    }
    break;
  }
  // The sizes above add up per command; the exact size decides.
  let trimmed = false;
  while (entries.length > 0 && draftSize(draft) > budget) {
    entries.pop();
    draft.commands.pop();
    trimmed = true;
  }
  if (trimmed) large = undefined;
  await registerSent(ctx, entries);
  if (large !== undefined) await sendChunk(ctx, draft, large, 0);
  return entries.length + (large === undefined ? 0 : 1);
}

/** Sends the next chunk of the object in flight (its previous chunk got 213); then more commands if it ended. */
export async function continueObject(ctx: MessageContext, draft: ReplyDraft): Promise<void> {
  const out = ctx.state.outgoing;
  if (out === undefined) return;
  const q = await ctx.tx.commands.get(out.commandId);
  if (q === undefined || !isChunkable(q.command)) {
    ctx.state.outgoing = undefined;
    ctx.state.ourPackageOpen = false;
    return;
  }
  await sendChunk(ctx, draft, q, out.offset);
  if (!ctx.state.ourPackageOpen) await sendQueuedCommands(ctx, draft);
}

/**
 * Adds one chunk of `q` starting at `offset`, sized to what is left of the message: Meta Size on
 * the first, MoreData on all but the last, and no Final while more chunks follow [TR-PRO §2.1, §2.2].
 */
async function sendChunk(
  ctx: MessageContext,
  draft: ReplyDraft,
  q: QueuedCommand,
  offset: number,
): Promise<void> {
  const c = q.command as DmAddReplace;
  const payload = objectPayload(c, draft.encoding);
  if (payload === undefined) return;
  const budget = deviceMaxMsgSize(ctx);
  const cmdId = takeCmdId(draft);
  const first = offset === 0;
  const empty = payload.kind === "text" ? "" : new Uint8Array(0);
  let room = budget - draftSize(draft, [chunkCommand(c, cmdId, empty, first, false, payload.size)]);
  let chosen: { command: Command; next: number; last: boolean } | undefined;
  for (let attempt = 0; attempt < 8; attempt++) {
    const { data, next } = nextChunk(payload, { offset }, Math.max(1, room), draft.encoding);
    const last = isComplete(payload, next);
    const command = chunkCommand(c, cmdId, data, first, last, payload.size);
    chosen = { command, next: next.offset, last };
    const over = draftSize(draft, [command]) - budget;
    if (over <= 0 || room <= 1) break;
    room -= over + 8;
  }
  if (chosen === undefined) return;
  draft.commands.push(chosen.command);
  if (first) await registerSent(ctx, [{ q, refs: [] }]);
  const { state } = ctx;
  if (chosen.last) {
    state.outgoing = undefined;
    state.ourPackageOpen = false;
    state.inFlight.push({ msgId: draft.header.msgId, cmdId, commandId: q.id, path: [], uri: c.uri });
    draft.final = true;
  } else {
    state.outgoing = {
      commandId: q.id,
      offset: chosen.next,
      msgId: draft.header.msgId,
      cmdId,
      acknowledged: false,
    };
    state.ourPackageOpen = true;
    draft.final = false;
  }
}

/** Marks commands sent (attempts, resent [store]) and tracks their CmdIDs. */
async function registerSent(
  ctx: MessageContext,
  entries: readonly { q: QueuedCommand; refs: SentRef[] }[],
): Promise<void> {
  if (entries.length === 0) return;
  const { state } = ctx;
  const marked = await ctx.tx.commands.markSent(
    entries.map((e) => e.q.id),
    ctx.sessionRef,
  );
  for (const e of entries) {
    state.pending[e.q.id] = emptyOutcome(e.q.command);
    state.inFlight.push(...e.refs);
    state.lastSent.push(e.q.id);
  }
  for (const m of marked) {
    ctx.signals.push({ type: "command-updated", deviceId: state.deviceId, commandId: m.id, state: m.state });
    if (m.resent)
      ctx.options.log.info(
        { deviceId: state.deviceId, commandId: m.id, attempts: m.attempts },
        "command sent again",
      );
  }
}

/**
 * The device's package is complete: every command it answered gets its outcome stored; one whose
 * own Status never came stays "sent" and goes again next session (the store marks it resent).
 */
export async function flushOutcomes(ctx: MessageContext): Promise<void> {
  const { state } = ctx;
  const answered: CommandResult[] = [];
  for (const [id, pending] of Object.entries(state.pending)) {
    if (state.outgoing?.commandId === id) continue;
    const outcome = toCommandOutcome(pending);
    if (outcome !== undefined) {
      answered.push({ id, outcome });
    } else {
      ctx.options.log.warn(
        { deviceId: state.deviceId, commandId: id },
        "no status for a command; it goes again next session",
      );
    }
    state.handled.push(id);
    delete state.pending[id];
  }
  state.inFlight = state.inFlight.filter((r) => r.commandId in state.pending);
  if (answered.length === 0) return;
  const recorded = await ctx.tx.commands.recordResults(answered);
  const stateOf = new Map(recorded.map((r) => [r.id, r.state]));
  for (const { id, outcome } of answered) {
    const commandState = stateOf.get(id);
    if (commandState === undefined) continue; // the command is gone (its device was deleted)
    const { status } = outcome;
    ctx.signals.push({
      type: "command-updated",
      deviceId: state.deviceId,
      commandId: id,
      state: commandState,
      status,
    });
    appendEvent(ctx, {
      deviceId: state.deviceId,
      kind: "command-status",
      data: { commandId: id, status, state: commandState },
    });
  }
}

/** A command the server cannot send at all: it fails here with `status`, and `reason` says why. */
async function failLocally(
  ctx: MessageContext,
  q: QueuedCommand,
  status: number,
  reason: string,
): Promise<void> {
  const { state } = ctx;
  state.handled.push(q.id);
  ctx.options.log.warn({ deviceId: state.deviceId, commandId: q.id, status, reason }, "command not sent");
  const updated = await ctx.tx.commands.recordResult(q.id, { status, state: "failed" });
  if (updated === undefined) return;
  ctx.signals.push({
    type: "command-updated",
    deviceId: state.deviceId,
    commandId: q.id,
    state: "failed",
    status,
  });
  appendEvent(ctx, {
    deviceId: state.deviceId,
    kind: "command-status",
    data: { commandId: q.id, status, state: "failed", reason, sent: false },
  });
}

function tooLargeForDevice(ctx: MessageContext, c: DmCommand): boolean {
  const max = ctx.state.deviceMaxObjSize;
  if (max === undefined || !isChunkable(c)) return false;
  const payload = objectPayload(c, ctx.encoding);
  return payload !== undefined && payload.size > max;
}

/** The target URI of the (sub)command at `path`. */
function uriAt(c: DmCommand, path: readonly number[]): string {
  let at: DmCommand | undefined = c;
  for (const i of path)
    at = at !== undefined && (at.kind === "Atomic" || at.kind === "Sequence") ? at.commands[i] : undefined;
  return at !== undefined && "uri" in at ? at.uri : "";
}

/** Bytes `command` adds to a message: encoded beside the header alone, less `empty` (sizes add up per command). */
function commandSize(command: Command, draft: ReplyDraft, empty: number): number {
  return (
    encodeSyncML({ header: draft.header, body: [command], final: true }, { encoding: draft.encoding })
      .length - empty
  );
}

function emptySize(draft: ReplyDraft): number {
  return encodeSyncML({ header: draft.header, body: [], final: true }, { encoding: draft.encoding }).length;
}
