/**
 * The DM 1.2 server session engine: one `handle` per HTTP request, all state in the Store.
 * See session-api.ts for the HTTP status each outcome maps to and docs/decisions/server-session.md
 * for the choices behind them.
 */
import type { SyncMLEncoding, SyncMLMessage } from "@omadm/protocol";
import {
  OmaDmError,
  decodeSyncML,
  encodeSyncML,
  encodingOfMediaType,
  isDecodeError,
  newNonce,
  encodeNonce,
  sniffEncoding,
  syncmlMediaType,
} from "@omadm/protocol";
import { chalFor, serverHmacHeader } from "../auth/index.js";
import type { Store, StoreTx } from "../store/store-api.js";
import type { MessageContext, ResolvedOptions } from "./message-context.js";
import { provisionCandidate, provisionRequestOf } from "./provisioning.js";
import type { ReplyDraft } from "./reply-draft.js";
import { addCommandStatus, addHeaderStatus, draftMessage, newDraft } from "./reply-draft.js";
import type { DmEngine, DmEngineOptions, DmReply, DmRequest, EngineEvent } from "./session-api.js";
import { needsStatus } from "./client-commands.js";
import { handleSessionMessage } from "./session-message.js";
import type { SessionState } from "./session-state.js";
import { initialState, parseSessionState } from "./session-state.js";
import { newSessionToken, sessionRefOf } from "./session-token.js";

const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

/** Protocol versions we speak: VerDTD 1.2 with DM/1.2 (and DM/1.3, whose messages are the same) [TR-PRO §2.3.3]. */
const verProtos = new Set(["DM/1.2", "DM/1.3"]);

/** Thrown inside a transaction to roll it back when another process moved the session on. */
class SessionMovedOn extends Error {}

/** Creates the engine. */
export function createDmEngine(options: DmEngineOptions): DmEngine {
  const resolved: ResolvedOptions = {
    clock: options.clock,
    random: options.random,
    log: options.log ?? silentLog,
    serverId: options.serverId,
    serverUrl: options.serverUrl,
    sessionTtlMs: options.sessionTtlMs ?? 10 * 60_000,
    nonceTtlMs: options.nonceTtlMs ?? 7 * 24 * 3_600_000,
    maxFailures: options.maxFailures ?? 5,
    lockoutMs: options.lockoutMs ?? 15 * 60_000,
    autoProvision: options.autoProvision ?? false,
    maxMsgSize: options.maxMsgSize ?? 1024 * 1024,
    maxObjSize: options.maxObjSize ?? 4 * 1024 * 1024,
    defaultDeviceMaxMsgSize: options.defaultDeviceMaxMsgSize ?? 10 * 1024,
    maxMessagesPerSession: options.maxMessagesPerSession ?? 200,
  };
  const engine = new Engine(options.store, resolved, options.events);
  return { handle: (request) => engine.handle(request) };
}

class Engine {
  readonly #store: Store;
  readonly #o: ResolvedOptions;
  readonly #listener: ((event: EngineEvent) => void) | undefined;

  constructor(store: Store, options: ResolvedOptions, listener: ((event: EngineEvent) => void) | undefined) {
    this.#store = store;
    this.#o = options;
    this.#listener = listener;
  }

  async handle(request: DmRequest): Promise<DmReply> {
    const signals: EngineEvent[] = [];
    let deviceId: string | undefined;
    const reply = await this.#handle(request, signals, (id) => (deviceId = id));
    signals.push({
      type: "message",
      ...(deviceId === undefined ? {} : { deviceId }),
      httpStatus: reply.httpStatus,
      bytesIn: request.body.length,
      bytesOut: reply.body?.length ?? 0,
    });
    this.#emit(signals);
    return reply;
  }

  async #handle(
    request: DmRequest,
    signals: EngineEvent[],
    seen: (deviceId: string) => void,
  ): Promise<DmReply> {
    const o = this.#o;
    const declared = encodingOfMediaType(request.contentType);
    if (declared === undefined) return { httpStatus: 415 };
    if (request.body.length > o.maxMsgSize) return { httpStatus: 413 };
    let message: SyncMLMessage;
    try {
      message = decodeSyncML(request.body, { limits: { maxBytes: o.maxMsgSize }, lenient: true });
    } catch (e) {
      if (!isDecodeError(e)) throw e;
      o.log.debug({ code: e.code, offset: e.offset }, "undecodable message");
      return { httpStatus: 400 };
    }
    // Answer in the encoding the device wrote, whatever its label said.
    const encoding: SyncMLEncoding = sniffEncoding(request.body) ?? declared;
    const header = message.header;
    seen(header.source.locUri);
    if (header.verDtd.trim() !== "1.2") return this.#stateless(message, encoding, 505);
    if (!verProtos.has(header.verProto.trim())) return this.#stateless(message, encoding, 513);
    if (header.source.locUri.trim() === "") return { httpStatus: 400 };
    return request.token === undefined
      ? this.#start(request, message, encoding, signals)
      : this.#continue(request, request.token, message, encoding, signals);
  }

  /** A message without a token: Package 1 of a new session. */
  async #start(
    request: DmRequest,
    message: SyncMLMessage,
    encoding: SyncMLEncoding,
    signals: EngineEvent[],
  ): Promise<DmReply> {
    const o = this.#o;
    const header = message.header;
    const deviceId = header.source.locUri.trim();
    const known = await this.#store.devices.get(deviceId);
    const state = initialState(deviceId, header.sessionId, encoding);
    state.clientMsgId = header.msgId - 1;
    if (known === undefined) {
      const candidate = await provisionCandidate(
        o.autoProvision,
        provisionRequestOf(message, request.headers),
      );
      if (candidate === undefined) return this.#refuseUnknown(request, message, encoding, signals);
      state.candidate = candidate;
    }
    const token = newSessionToken(o.random);
    return this.#run(request, message, encoding, token, state, signals, async (tx, next, now, known) => {
      // A candidate of auto-provisioning is no device yet: the session names it once it is.
      await tx.sessions.create({
        token,
        ...(known ? { deviceId } : {}),
        sessionId: header.sessionId,
        state: next,
        expiresAt: next.ended ? now : now + o.sessionTtlMs,
      });
    });
  }

  /** A message to a session's RespURI. Refusals here change nothing. */
  async #continue(
    request: DmRequest,
    token: string,
    message: SyncMLMessage,
    encoding: SyncMLEncoding,
    signals: EngineEvent[],
  ): Promise<DmReply> {
    const o = this.#o;
    const header = message.header;
    const session = await this.#store.sessions.get(token);
    const now = o.clock();
    const state = session === undefined ? undefined : parseSessionState(session.state);
    if (session === undefined || state === undefined || state.ended || session.expiresAt <= now) {
      o.log.info({ deviceId: header.source.locUri }, "message for no live session");
      return { httpStatus: 404 };
    }
    if (
      header.source.locUri.trim() !== state.deviceId ||
      header.sessionId.trim() !== state.sessionId.trim()
    ) {
      o.log.warn({ deviceId: header.source.locUri, session: sessionRefOf(token) }, "foreign session token");
      return { httpStatus: 403 };
    }
    // [TR-PRO §2.3.3] MsgID goes up by one per message: anything else is a replay or out of order.
    if (header.msgId !== state.clientMsgId + 1) {
      o.log.warn(
        { deviceId: state.deviceId, msgId: header.msgId, expected: state.clientMsgId + 1 },
        "MsgID refused",
      );
      return { httpStatus: 400 };
    }
    // The session row is claimed first (a row lock on PostgreSQL), so a second process handling
    // a copy of this message waits on it and then finds the version moved on: one clean 409
    // instead of a deadlock between two transactions that locked other rows first.
    return this.#run(
      request,
      message,
      encoding,
      token,
      state,
      signals,
      async (tx, next, now2, known) => {
        const ok = await tx.sessions.update(token, session.version, {
          ...(known && session.deviceId === undefined ? { deviceId: next.deviceId } : {}),
          state: next,
          expiresAt: next.ended ? now2 : now2 + o.sessionTtlMs,
        });
        if (!ok) throw new SessionMovedOn();
      },
      { token, version: session.version },
    );
  }

  /** Runs one message in a transaction and stores the session with `save`. */
  async #run(
    request: DmRequest,
    message: SyncMLMessage,
    encoding: SyncMLEncoding,
    token: string,
    state: SessionState,
    signals: EngineEvent[],
    save: (tx: StoreTx, state: SessionState, now: number, deviceKnown: boolean) => Promise<void>,
    claim?: { readonly token: string; readonly version: number },
  ): Promise<DmReply> {
    const o = this.#o;
    const now = o.clock();
    const local: EngineEvent[] = [];
    let reply: DmReply;
    try {
      reply = await this.#store.transaction(async (tx) => {
        local.length = 0;
        if (claim !== undefined && !(await tx.sessions.claim(claim.token, claim.version))) {
          throw new SessionMovedOn();
        }
        const working = structuredClone(state);
        const ctx: MessageContext = {
          tx,
          options: o,
          message,
          body: request.body,
          headers: request.headers,
          encoding,
          token,
          sessionRef: sessionRefOf(token),
          now,
          state: working,
          device: await tx.devices.get(working.deviceId),
          signals: local,
          events: [],
          devicePatch: {},
        };
        const draft = await handleSessionMessage(ctx);
        if (ctx.device !== undefined && Object.keys(ctx.devicePatch).length > 0) {
          await tx.devices.update(ctx.device.id, ctx.devicePatch);
        }
        const out = this.#encode(draft, ctx);
        await save(tx, working, now, ctx.device !== undefined);
        for (const event of await tx.events.appendMany(ctx.events))
          local.push({ type: "stored-event", event });
        return out;
      });
    } catch (e) {
      if (e instanceof SessionMovedOn || (e instanceof OmaDmError && e.code === "STORE_CONFLICT")) {
        o.log.warn(
          { deviceId: state.deviceId, session: sessionRefOf(token) },
          "session moved on in another process",
        );
        return { httpStatus: 409 };
      }
      throw e;
    }
    signals.push(...local);
    o.log.debug(
      { deviceId: state.deviceId, sessionId: state.sessionId, msgId: message.header.msgId },
      "message handled",
    );
    return reply;
  }

  #encode(draft: ReplyDraft, ctx: MessageContext): DmReply {
    const body = encodeSyncML(draftMessage(draft), { encoding: draft.encoding });
    const headers: Record<string, string> = { "cache-control": "private" };
    const device = ctx.device;
    const hmac =
      device === undefined ? undefined : serverHmacHeader(device.serverAuth, device.serverNonce, body);
    if (hmac !== undefined) headers["x-syncml-hmac"] = hmac;
    return { httpStatus: 200, body, contentType: syncmlMediaType(draft.encoding), headers };
  }

  /**
   * An unknown device the policy does not let in: challenged for MD5 with a nonce that is kept
   * nowhere, so nothing it sends can pass; no session, no device, one auth-failure event.
   */
  async #refuseUnknown(
    request: DmRequest,
    message: SyncMLMessage,
    encoding: SyncMLEncoding,
    signals: EngineEvent[],
  ): Promise<DmReply> {
    const o = this.#o;
    const header = message.header;
    const deviceId = header.source.locUri.trim();
    const hasCred =
      header.cred !== undefined ||
      Object.keys(request.headers).some((k) => k.toLowerCase() === "x-syncml-hmac");
    const code = hasCred ? 401 : 407;
    o.log.warn({ deviceId, reason: "unknown-device" }, "authentication refused");
    const event = await this.#store.events.append({
      deviceId,
      kind: "auth-failure",
      data: { reason: "unknown-device", locked: false },
    });
    signals.push({ type: "stored-event", event });
    signals.push({ type: "auth-failure", deviceId, reason: "unknown-device", locked: false });
    const chal = chalFor("md5", encodeNonce(newNonce(o.random)));
    return this.#stateless(message, encoding, code, chal);
  }

  /** A reply that keeps no state: MsgID mirrors the device's (there is no session to count in). */
  #stateless(
    message: SyncMLMessage,
    encoding: SyncMLEncoding,
    code: number,
    chal?: Parameters<typeof addHeaderStatus>[3],
  ): DmReply {
    const header = message.header;
    const draft = newDraft(
      {
        sessionId: header.sessionId,
        msgId: header.msgId,
        deviceId: header.source.locUri,
        serverUrl: this.#o.serverUrl,
        serverId: this.#o.serverId,
      },
      encoding,
    );
    addHeaderStatus(draft, header, code, chal);
    for (const c of message.body) {
      if (needsStatus(c) && "cmdId" in c && c.cmdId !== undefined) {
        addCommandStatus(draft, header.msgId, c.cmdId, c.kind === "Unknown" ? c.name : c.kind, code);
      }
    }
    const body = encodeSyncML(draftMessage(draft), { encoding });
    return {
      httpStatus: 200,
      body,
      contentType: syncmlMediaType(encoding),
      headers: { "cache-control": "private" },
    };
  }

  #emit(signals: readonly EngineEvent[]): void {
    if (this.#listener === undefined) return;
    for (const s of signals) {
      try {
        this.#listener(s);
      } catch (e) {
        this.#o.log.error({ err: e instanceof Error ? e.message : String(e) }, "event listener failed");
      }
    }
  }
}
