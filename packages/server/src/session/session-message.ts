/**
 * One device message of a session, from authentication to our reply [TR-PRO §2.3]:
 * - Package 1 (and every message until the device authenticated): the SyncHdr Status is 212/200,
 *   or 401/407 with a Chal and only Statuses [TR-PRO §2.4];
 * - the device's Statuses and Results are gathered against our commands, its alerts stored;
 * - while the device's package is open (no Final) we answer Statuses + Alert 1222 [TR-PRO §2.1];
 * - once it is complete, its answers are stored, and we send the next queued commands, or a
 *   package of Statuses with Final that ends the session [TR-PRO §2.3.6];
 * - Alert 1223 ends the session at once [TR-PRO §2.3.1].
 */
import { alertCode } from "@omadm/protocol";
import { readServerAuthAnswer, serverCred } from "../auth/index.js";
import { needsStatus, processClientCommands } from "./client-commands.js";
import type { MessageContext } from "./message-context.js";
import { appendEvent, patchDevice } from "./message-context.js";
import { continueObject, flushOutcomes, sendQueuedCommands } from "./outgoing-package.js";
import type { ReplyDraft } from "./reply-draft.js";
import { addAlert, addCommandStatus, addHeaderStatus, newDraft } from "./reply-draft.js";
import { authenticateMessage } from "./session-auth.js";
import { respUriOf } from "./session-token.js";

/** Refusals of our own credentials after which we stop trying in this session. */
const maxServerRefusals = 3;
/** Authentication refusals after which the session is over (the client gives up after 3). */
const maxChallenges = 6;

/** Handles the message of `ctx` and gives the reply to send. `ctx.state` is updated in place. */
export async function handleSessionMessage(ctx: MessageContext): Promise<ReplyDraft> {
  const { state, message } = ctx;
  const header = message.header;
  state.clientMsgId = header.msgId;
  state.serverMsgId++;
  state.messages++;
  // [TR-PRO §2.2] MaxMsgSize/MaxObjSize hold for the session until announced again.
  if (header.meta?.maxMsgSize !== undefined && header.meta.maxMsgSize > 0)
    state.deviceMaxMsgSize = header.meta.maxMsgSize;
  if (header.meta?.maxObjSize !== undefined && header.meta.maxObjSize > 0)
    state.deviceMaxObjSize = header.meta.maxObjSize;

  const verdict = await authenticateMessage(ctx);
  if (!verdict.ok) {
    const draft = draftFor(ctx);
    addHeaderStatus(draft, header, verdict.code, verdict.chal);
    // [TR-PRO §2.4] on an authentication failure the reply holds only Statuses, one per command.
    for (const c of message.body) {
      if (needsStatus(c) && "cmdId" in c && c.cmdId !== undefined) {
        addCommandStatus(draft, header.msgId, c.cmdId, c.kind === "Unknown" ? c.name : c.kind, verdict.code);
      }
    }
    if (verdict.endSession || state.challenges >= maxChallenges) endSession(ctx, "auth-failed");
    return draft;
  }
  openSession(ctx);
  readServerAnswer(ctx);

  const draft = draftFor(ctx);
  addHeaderStatus(draft, header, verdict.code, verdict.chal);
  const facts = await processClientCommands(ctx, draft);
  recordDevInfo(ctx, facts.devInfo);

  if (facts.abort) {
    // [TR-PRO §2.3.1] answer the abort with Statuses only; what was answered is kept.
    state.incoming = undefined;
    state.outgoing = undefined;
    state.ourPackageOpen = false;
    await flushOutcomes(ctx);
    endSession(ctx, "aborted");
    return draft;
  }
  if (state.messages >= ctx.options.maxMessagesPerSession) {
    // A session must end: what was answered is kept, the rest goes next session.
    ctx.options.log.warn(
      { deviceId: state.deviceId, messages: state.messages },
      "session message limit reached",
    );
    state.incoming = undefined;
    state.outgoing = undefined;
    state.ourPackageOpen = false;
    await flushOutcomes(ctx);
    endSession(ctx, "aborted");
    return draft;
  }
  if (state.ourPackageOpen) {
    // The device answered a chunk of our large object: the next chunk goes once it said 213.
    if (state.outgoing?.acknowledged === true) {
      await continueObject(ctx, draft);
      return draft;
    }
    state.outgoing = undefined;
    state.ourPackageOpen = false;
  }
  if (!message.final) {
    // [TR-PRO §2.1] the device's package goes on: ask for its next message, send nothing new.
    addAlert(draft, alertCode.nextMessage);
    draft.final = false;
    return draft;
  }
  if (state.incoming !== undefined) {
    // [TR-PRO §2.2] the package ended inside a chunked object: Alert 1225, nothing kept.
    addAlert(draft, alertCode.noEndOfData, state.incoming.uri);
    state.incoming = undefined;
  }
  await flushOutcomes(ctx);
  state.lastSent = [];
  const added = state.serverRefusals < maxServerRefusals ? await sendQueuedCommands(ctx, draft) : 0;
  const onlyStatuses = added === 0 && draft.statuses.every((c) => c.kind === "Status");
  // [TR-PRO §2.3.6] a package of Statuses only, with Final, ends the session.
  if (onlyStatuses && !state.ourPackageOpen) endSession(ctx, "completed");
  return draft;
}

/** The reply's header: RespURI with the token, our MaxMsgSize/MaxObjSize, our Cred when due. */
function draftFor(ctx: MessageContext): ReplyDraft {
  const { state, options, device } = ctx;
  const cred =
    device === undefined || state.serverAccepted
      ? undefined
      : serverCred(device.serverAuth, device.serverNonce);
  return newDraft(
    {
      sessionId: ctx.message.header.sessionId,
      msgId: state.serverMsgId,
      deviceId: state.deviceId,
      serverUrl: options.serverUrl,
      serverId: options.serverId,
      respUri: respUriOf(options.serverUrl, ctx.token),
      ...(cred === undefined ? {} : { cred }),
      meta: { maxMsgSize: options.maxMsgSize, maxObjSize: options.maxObjSize },
    },
    ctx.encoding,
  );
}

/**
 * The device's SyncHdr Status for our last message: did it accept our credentials, and its
 * NextNonce for the next ones [TR-PRO §2.4.1]. A refusal means none of that message's commands
 * ran: they go again (with new credentials) in our next package.
 */
function readServerAnswer(ctx: MessageContext): void {
  const { state } = ctx;
  const status = ctx.message.body.find((c) => c.kind === "Status" && c.cmdRef === 0);
  if (status === undefined || status.kind !== "Status" || ctx.device === undefined) return;
  const answer = readServerAuthAnswer(status);
  if (answer.nextNonce !== undefined && answer.nextNonce !== ctx.device.serverNonce) {
    // [TR-SEC §5.1.3.4] the device authenticated in this message, so its nonce may be stored.
    patchDevice(ctx, { serverNonce: answer.nextNonce });
  }
  if (ctx.device.serverAuth === undefined) return;
  if (answer.accepted) state.serverAccepted = true;
  if (answer.refused) {
    state.serverAccepted = false;
    state.serverRefusals++;
    ctx.options.log.warn({ deviceId: state.deviceId, code: status.data }, "device refused our credentials");
    for (const id of state.lastSent) delete state.pending[id];
    state.inFlight = state.inFlight.filter((r) => r.commandId in state.pending);
    state.outgoing = undefined;
    state.ourPackageOpen = false;
    state.lastSent = [];
  }
}

function openSession(ctx: MessageContext): void {
  const { state } = ctx;
  if (state.opened) return;
  state.opened = true;
  const alert = ctx.message.body.find(
    (c) =>
      c.kind === "Alert" &&
      (c.data === alertCode.serverInitiatedMgmt || c.data === alertCode.clientInitiatedMgmt),
  );
  const initiator =
    alert?.kind === "Alert" && alert.data === alertCode.serverInitiatedMgmt ? "server" : "client";
  ctx.options.log.info(
    { deviceId: state.deviceId, sessionId: state.sessionId, initiator },
    "session started",
  );
  ctx.signals.push({ type: "session-opened", deviceId: state.deviceId, sessionId: state.sessionId });
  appendEvent(ctx, {
    deviceId: state.deviceId,
    kind: "session",
    data: { action: "started", session: ctx.sessionRef, sessionId: state.sessionId, initiator },
  });
}

/** Marks the session over and records it. */
export function endSession(ctx: MessageContext, outcome: "completed" | "aborted" | "auth-failed"): void {
  const { state } = ctx;
  if (state.ended) return;
  state.ended = true;
  ctx.options.log.info(
    { deviceId: state.deviceId, sessionId: state.sessionId, outcome, messages: state.messages },
    "session ended",
  );
  ctx.signals.push({ type: "session-closed", deviceId: state.deviceId, sessionId: state.sessionId, outcome });
  appendEvent(ctx, {
    deviceId: state.deviceId,
    kind: "session",
    data: {
      action: "ended",
      session: ctx.sessionRef,
      sessionId: state.sessionId,
      outcome,
      messages: state.messages,
    },
  });
}

/**
 * DevInfo leaves of this session [TR-PRO §2.3.3]: the first Replace of a session replaces the
 * stored set, later ones add to it; written only when something changed.
 */
function recordDevInfo(ctx: MessageContext, leaves: Readonly<Record<string, string>>): void {
  const device = ctx.device;
  if (device === undefined || Object.keys(leaves).length === 0) return;
  const base = ctx.state.devInfoSeen ? (device.devInfo ?? {}) : {};
  const next = { ...base, ...leaves };
  ctx.state.devInfoSeen = true;
  if (sameLeaves(device.devInfo ?? {}, next)) return;
  patchDevice(ctx, { devInfo: next });
  appendEvent(ctx, { deviceId: device.id, kind: "device", data: { action: "devinfo", devInfo: next } });
}

function sameLeaves(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
