/**
 * ClientSession: the DM 1.2 client session as a state machine without I/O. `start()` gives
 * Package 1; each `receive(reply)` runs the server's message and gives the next message to send,
 * or the end of the session. [TR-PRO §2.3], fact sheet §1
 *
 * One server message is handled in this order: decode (a DecodeError ends the session "failed":
 * there is nothing valid to answer); header checks (505/513/400/413 end it); server
 * authentication (a server that must authenticate and does not gets 401/407 with our Chal and
 * none of its commands run); our credentials (401/407 with Chal: send the package again); the
 * Statuses for what we sent (client alerts acknowledged on 200/202); the commands; the reply,
 * packed into messages within the server's MaxMsgSize. A final server package with nothing to
 * answer ends the session [TR-PRO §2.3].
 */
import type { SyncHdr, SyncMLMessage } from "@omadm/protocol";
import { decodeSyncML, OmaDmError, sessionIdHex, syncmlMediaType } from "@omadm/protocol";
import { ClientAuth } from "./client-auth.js";
import { skipped } from "./command-runner.js";
import { checkHeader } from "./header-checks.js";
import { headlessUi } from "./headless-ui.js";
import { memoryAlertQueue } from "./memory-alert-queue.js";
import { runMessage } from "./message-runner.js";
import type { PackedMessage } from "./message-packer.js";
import { packMessage } from "./message-packer.js";
import { isStatusUnit, Outbox } from "./outbox.js";
import { clientAlertUnit, defaultDevInfoUris, packageOneUnits } from "./package-one.js";
import type { DraftCommand, DraftStatus, ReplyUnit } from "./reply-drafts.js";
import { alertDraft, statusDraft } from "./reply-drafts.js";
import type { PackageState, RunContext } from "./run-context.js";
import { ServerAuth } from "./server-auth.js";
import type { ServerVerdict } from "./server-auth.js";
import type {
  AlertQueue,
  IncomingMessage,
  SessionConfig,
  SessionLogger,
  SessionOutcome,
  SessionStep,
  UserInterface,
} from "./session-api.js";
import { sessionDefaults } from "./session-defaults.js";
import { freshSessionId, hasAlert, headerStatusFor, headerStatusOf, isRequest } from "./server-message.js";

type Phase = "new" | "setup" | "management" | "closing" | "done";

export class ClientSession {
  /** The SyncHdr SessionID of this session. */
  readonly sessionId: string;
  readonly #cfg: SessionConfig;
  readonly #ui: UserInterface;
  readonly #alerts: AlertQueue;
  readonly #log: SessionLogger | undefined;
  readonly #maxMsgSize: number;
  readonly #maxObjSize: number;
  readonly #maxMessages: number;
  readonly #maxAuth: number;
  readonly #clientAuth: ClientAuth;
  readonly #serverAuth: ServerAuth;
  readonly #serverUrl: string;
  #phase: Phase = "new";
  #devId = "";
  #url: string;
  #msgId = 0;
  #serverMsgId = 0;
  #lastServerHeader: SyncHdr | undefined;
  #serverMaxMsgSize = Infinity;
  #serverMaxObjSize: number | undefined;
  readonly #out = new Outbox();
  #pkg: PackageState = { incoming: undefined, cancelled: false };
  /** The server's package continues in its next message (its last message had no Final). */
  #serverPackageOpen = false;
  /** Our package continues in our next message (our last message had no Final). */
  #ourPackageOpen = false;
  #alertsQueued = new Set<string>();
  #closing: { readonly outcome: SessionOutcome; readonly reason: string } | undefined;
  #done: SessionStep | undefined;

  constructor(config: SessionConfig) {
    this.#cfg = config;
    this.#ui = config.ui ?? headlessUi();
    this.#alerts = config.alerts ?? memoryAlertQueue();
    this.#log = config.log;
    this.#maxMsgSize = config.maxMsgSize ?? sessionDefaults.maxMsgSize;
    this.#maxObjSize = config.maxObjSize ?? sessionDefaults.maxObjSize;
    this.#maxMessages = config.maxMessages ?? sessionDefaults.maxMessages;
    this.#maxAuth = config.maxAuthAttempts ?? sessionDefaults.maxAuthAttempts;
    this.#clientAuth = new ClientAuth(config.account, config.accounts, this.#maxAuth);
    this.#serverAuth = new ServerAuth(config.account, config.accounts, config.random);
    this.#serverUrl = config.serverUrl ?? config.account.addresses[0] ?? "";
    this.#url = this.#serverUrl;
    const t = config.trigger;
    // [TR-NOT §6.2.2.10] a notified session uses the notification's id, hex without leading
    // zeros; otherwise the client picks an id of its own.
    this.sessionId =
      t.kind === "server" ? sessionIdHex(t.sessionId) : (t.sessionId ?? freshSessionId(config.random));
  }

  /** Package 1. Call once. */
  async start(): Promise<SessionStep> {
    if (this.#phase !== "new") throw new OmaDmError("INVALID_ARGUMENT", "the session has already started");
    await Promise.resolve();
    try {
      return this.#start();
    } catch (e) {
      this.#log?.error({ ...this.#fields(), err: e }, "session engine error");
      return this.#finish("failed", `internal error: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Runs the server's reply to the last message sent and gives the next step. */
  async receive(response: IncomingMessage): Promise<SessionStep> {
    if (this.#phase === "new") throw new OmaDmError("INVALID_ARGUMENT", "receive() before start()");
    if (this.#done !== undefined) return this.#done;
    if (this.#closing !== undefined) return this.#finish(this.#closing.outcome, this.#closing.reason);
    try {
      return await this.#receive(response);
    } catch (e) {
      // A bug must not crash the device: the session ends and says why.
      this.#log?.error({ ...this.#fields(), err: e }, "session engine error");
      return this.#finish("failed", `internal error: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Aborts the session from the client side: a last message with Alert 1223. [TR-PRO §2.3.1] */
  abort(reason = "aborted by the client"): SessionStep {
    if (this.#done !== undefined) return this.#done;
    if (this.#closing !== undefined) return this.#finish(this.#closing.outcome, this.#closing.reason);
    if (this.#phase === "new") return this.#finish("aborted", reason);
    return this.#abortMessage("aborted", reason);
  }

  /**
   * Ends the session without another message: after a `last` send, or when the transport gave
   * up (then the outcome is "failed" with `reason`).
   */
  close(reason = "closed"): SessionStep {
    if (this.#done !== undefined) return this.#done;
    if (this.#closing !== undefined) return this.#finish(this.#closing.outcome, this.#closing.reason);
    return this.#finish("failed", reason);
  }

  /** The outcome once the session is done. */
  get outcome(): SessionOutcome | undefined {
    return this.#done?.kind === "done" ? this.#done.outcome : undefined;
  }

  // ---- package 1 ------------------------------------------------------------------------------

  #start(): SessionStep {
    const devId = this.#cfg.tree.get("./DevInfo/DevId", undefined);
    const value = devId.results?.[0]?.data;
    if (devId.status !== 200 || typeof value !== "string" || value.trim() === "") {
      return this.#finish("failed", "the tree has no ./DevInfo/DevId");
    }
    if (this.#url === "") return this.#finish("failed", "the account has no server address");
    this.#devId = value.trim();
    this.#phase = "setup";
    this.#log?.info({ ...this.#fields(), trigger: this.#cfg.trigger.kind }, "session started");
    return this.#sendPackageOne(undefined);
  }

  #sendPackageOne(headerStatus: DraftStatus | undefined): SessionStep {
    const pending = this.#alerts.pending(this.#cfg.account.serverId);
    for (const a of pending) this.#alertsQueued.add(a.id);
    const units = packageOneUnits(
      this.#cfg.tree,
      this.#cfg.trigger.kind === "server",
      this.#cfg.devInfo ?? defaultDevInfoUris,
      pending,
    );
    // Package 1 is one message whatever its size: the server's MaxMsgSize is not known yet.
    this.#out.queue = [];
    return this.#sendPacked(headerStatus === undefined ? [] : [headerStatus], units, [], true, Infinity);
  }

  // ---- one server message ---------------------------------------------------------------------

  async #receive(response: IncomingMessage): Promise<SessionStep> {
    const body = response.body;
    let msg: SyncMLMessage;
    try {
      msg = decodeSyncML(body, { lenient: true, limits: { maxBytes: Math.max(this.#maxMsgSize, 1 << 20) } });
    } catch (e) {
      return this.#finish(
        "failed",
        `malformed server message: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const h = msg.header;
    this.#log?.info(
      { ...this.#fields(), serverMsgId: h.msgId, final: msg.final, commands: msg.body.length },
      "message received",
    );

    const problem = checkHeader(h, this.sessionId, this.#serverMsgId);
    if (problem !== undefined) return this.#refuseMessage(h, problem.code, "failed", problem.reason);
    this.#serverMsgId = h.msgId;
    this.#lastServerHeader = h;
    if (body.byteLength > this.#maxMsgSize) {
      return this.#refuseMessage(
        h,
        413,
        "aborted",
        `message of ${body.byteLength} bytes is over MaxMsgSize ${this.#maxMsgSize}`,
      );
    }
    const respUri = h.respUri?.trim();
    if (respUri !== undefined && respUri !== "") this.#url = respUri;
    if (h.meta?.maxMsgSize !== undefined && h.meta.maxMsgSize > 0) this.#serverMaxMsgSize = h.meta.maxMsgSize;
    if (h.meta?.maxObjSize !== undefined && h.meta.maxObjSize > 0) this.#serverMaxObjSize = h.meta.maxObjSize;

    const verdict = this.#serverAuth.verify(h, response.headers, body);
    if (verdict.ok) this.#readStatuses(msg);

    // [TR-PRO §2.3.1] the server aborted: no answer.
    if (hasAlert(msg.body, 1223)) {
      return this.#finish("aborted", "the server aborted the session (Alert 1223)");
    }

    const headerStatus = headerStatusOf(msg.body, this.#msgId);
    if (headerStatus !== undefined) {
      const step = this.#clientAuth.onStatus(headerStatus, verdict.ok);
      if (step.kind === "failed") {
        return this.#finish(
          headerStatus.data === 401 || headerStatus.data === 407 ? "auth-failed" : "failed",
          step.reason,
        );
      }
      if (step.kind === "retry") return this.#resend(h, verdict, msg);
    }
    if (!verdict.ok) return this.#serverNotAuthenticated(h, verdict, msg);
    return this.#management(h, verdict, msg);
  }

  /** Acknowledges client alerts (200/202); a refused chunk stops the rest of its object. */
  #readStatuses(msg: SyncMLMessage): void {
    const { acknowledged, refused } = this.#out.readStatuses(msg);
    for (const c of refused) {
      this.#log?.warn(
        { ...this.#fields(), cmd: c.cmd, cmdRef: c.cmdRef, status: c.data },
        "server refused a client command",
      );
    }
    if (acknowledged.length > 0) this.#alerts.acknowledge(acknowledged);
  }

  /** [TR-PRO §2.4] challenged: the same package again with the credentials asked for. */
  #resend(h: SyncHdr, verdict: ServerVerdict, msg: SyncMLMessage): SessionStep {
    const commands = msg.body.filter(isRequest);
    if (commands.length > 0)
      this.#log?.warn({ ...this.#fields() }, "commands beside a challenge are not run");
    const hdr = headerStatusFor(h, verdict);
    const notRun = verdict.ok ? [] : commands.flatMap((c) => skipped(this.#context(h), c, verdict.code));
    this.#log?.info({ ...this.#fields(), scheme: this.#clientAuth.scheme }, "challenged; sending again");
    if (this.#phase === "setup") {
      // [TR-PRO §2.4] revert to package 1: Alert and DevInfo again, new MsgID, same SessionID.
      const step = this.#sendPackageOne(hdr);
      if (notRun.length > 0)
        this.#log?.debug({ ...this.#fields() }, "statuses of the challenge message dropped");
      return step;
    }
    const last = this.#out.lastSent;
    if (last === undefined) return this.#finish("failed", "challenged before anything was sent");
    return this.#sendPacked(
      [hdr],
      [...last.queue, ...notRun],
      last.trailing,
      last.mayFinal,
      this.#serverMaxMsgSize,
    );
  }

  /**
   * [TR-PRO §2.4] the server did not authenticate: only Statuses go back, one per command, and
   * none of its commands runs. A Status-only message is not answered with a Status-only
   * challenge: the session ends.
   */
  #serverNotAuthenticated(h: SyncHdr, verdict: ServerVerdict, msg: SyncMLMessage): SessionStep {
    this.#log?.warn({ ...this.#fields(), status: verdict.code }, "server did not authenticate");
    if (this.#serverAuth.failures > this.#maxAuth) {
      return this.#finish(
        "auth-failed",
        `the server failed to authenticate ${this.#serverAuth.failures} times`,
      );
    }
    const commands = msg.body.filter(isRequest);
    if (commands.length === 0 && msg.final)
      return this.#finish("auth-failed", "the server did not authenticate");
    const ctx = this.#context(h);
    const statuses = commands.flatMap((c) => skipped(ctx, c, verdict.code));
    const trailing = msg.final ? [] : [alertDraft(1222)];
    // What we still owe waits for an authenticated server; this one gets only Statuses.
    const owed = this.#out.queue;
    const step = this.#sendPacked(
      [headerStatusFor(h, verdict)],
      statuses,
      trailing,
      msg.final,
      this.#serverMaxMsgSize,
    );
    this.#out.queue = [...owed, ...this.#out.queue];
    return step;
  }

  async #management(h: SyncHdr, verdict: ServerVerdict, msg: SyncMLMessage): Promise<SessionStep> {
    if (this.#phase === "setup") this.#phase = "management";
    const requests = msg.body.filter(isRequest);
    const nextRequested = hasAlert(requests, 1222);
    // [TR-PRO §2.2] the server says our chunked object ended early: drop the rest of it.
    if (hasAlert(requests, 1225)) this.#out.dropChunks();
    // A new server package starts once ours was complete: a cancel ends with its package.
    if (this.#out.lastFinal) this.#pkg = { incoming: this.#pkg.incoming, cancelled: false };
    const isNextMessageResponse = this.#ourPackageOpen && nextRequested && !msg.final;
    this.#serverPackageOpen = !msg.final && !isNextMessageResponse;

    const produced = await runMessage(this.#context(h), msg);
    // NoResp in the SyncHdr: no Status for any command of the message (Results still go).
    const answers = h.noResp === true ? produced.filter((u) => !isStatusUnit(u)) : produced;
    this.#out.enqueue(answers);

    if (msg.final && answers.length === 0) {
      if (this.#out.queue.length > 0)
        this.#log?.warn({ ...this.#fields() }, "the server ended its package while ours was incomplete");
      // [TR-PRO §2.3] nothing to answer: no Status-only reply; the session is over.
      if (this.#serverAuth.required && !this.#serverAuth.authenticated) {
        return this.#finish("auth-failed", "the server never authenticated");
      }
      return this.#finish("completed", "the server ended the session");
    }
    if (!this.#serverPackageOpen) this.#enqueueNewAlerts();
    // [TR-PRO §2.1] while the server's package is open we ask for its next message with 1222.
    const trailing = this.#serverPackageOpen ? [alertDraft(1222)] : [];
    return this.#sendPacked(
      [headerStatusFor(h, verdict)],
      this.#out.queue,
      trailing,
      !this.#serverPackageOpen,
      this.#serverMaxMsgSize,
    );
  }

  /** Client alerts that became pending during the session (e.g. an Exec finished) go along. */
  #enqueueNewAlerts(): void {
    const fresh = this.#alerts
      .pending(this.#cfg.account.serverId)
      .filter((a) => !this.#alertsQueued.has(a.id));
    for (const a of fresh) this.#alertsQueued.add(a.id);
    if (fresh.length > 0) this.#out.enqueue(fresh.map(clientAlertUnit));
  }

  // ---- sending --------------------------------------------------------------------------------

  #sendPacked(
    leading: readonly DraftCommand[],
    queue: readonly ReplyUnit[],
    trailing: readonly DraftCommand[],
    mayFinal: boolean,
    limit: number,
  ): SessionStep {
    if (this.#msgId >= this.#maxMessages) {
      return this.#abortMessage("aborted", `message limit of ${this.#maxMessages} reached`);
    }
    this.#msgId++;
    const packed = this.#out.pack(
      this.#header(),
      leading,
      queue,
      trailing,
      mayFinal,
      limit,
      this.#cfg.encoding,
    );
    if (packed.oversized) {
      this.#log?.warn({ ...this.#fields() }, "a reply that cannot be split is over the server's MaxMsgSize");
    }
    this.#ourPackageOpen = !packed.message.final && !this.#serverPackageOpen;
    return this.#emit(packed);
  }

  #emit(packed: PackedMessage, last = false): SessionStep {
    // Every message answers the server's latest one, SyncHdr Status (and our Chal) first.
    this.#serverAuth.commitChallenge();
    const message = {
      url: this.#url,
      body: packed.body,
      contentType: syncmlMediaType(this.#cfg.encoding),
      headers: this.#clientAuth.headers(packed.body),
    };
    this.#log?.info(
      {
        ...this.#fields(),
        bytes: packed.body.byteLength,
        final: packed.message.final,
        commands: packed.message.body.length,
      },
      "message sent",
    );
    return last ? { kind: "send", message, last: true } : { kind: "send", message };
  }

  /** SyncHdr Status `code` and Alert 1223, Final: the last message of the session. */
  #refuseMessage(h: SyncHdr, code: number, outcome: SessionOutcome, reason: string): SessionStep {
    this.#log?.warn({ ...this.#fields(), status: code, reason }, "server message refused");
    const status = statusDraft(h.msgId, 0, "SyncHdr", code, {
      targetRefs: [h.target.locUri],
      sourceRefs: [h.source.locUri],
    });
    return this.#lastMessage([status], outcome, reason);
  }

  /**
   * [TR-PRO §2.3.1] the client aborts: the SyncHdr Status of the server's last message and the
   * Statuses/Results already due go along with Alert 1223.
   */
  #abortMessage(outcome: SessionOutcome, reason: string): SessionStep {
    const h = this.#lastServerHeader;
    const due = this.#out.queue.flatMap((u) =>
      u.kind === "command" && u.alertId === undefined ? [u.command] : [],
    );
    const hdr = h === undefined ? [] : [headerStatusFor(h, { ok: true, code: 200 })];
    return this.#lastMessage([...hdr, ...due], outcome, reason);
  }

  /** [TR-PRO §2.3.1] an abort carries Alert 1223 and Final; the answer to it is ignored. */
  #lastMessage(leading: readonly DraftCommand[], outcome: SessionOutcome, reason: string): SessionStep {
    this.#msgId++;
    const packed = packMessage({
      header: this.#header(),
      leading: [...leading, alertDraft(1223)],
      queue: [],
      trailing: [],
      mayFinal: true,
      limit: Infinity,
      encoding: this.#cfg.encoding,
    });
    this.#closing = { outcome, reason };
    this.#phase = "closing";
    return this.#emit(packed, true);
  }

  #header(): SyncHdr {
    const cred = this.#clientAuth.cred();
    const user = this.#clientAuth.userName;
    return {
      verDtd: "1.2",
      verProto: "DM/1.2",
      sessionId: this.sessionId,
      msgId: this.#msgId,
      target: { locUri: this.#serverUrl },
      // [TR-REP §4.1.1.9] LocName carries the user name the credentials are for.
      source:
        user === undefined || user === "" ? { locUri: this.#devId } : { locUri: this.#devId, locName: user },
      ...(cred !== undefined && { cred }),
      meta: { maxMsgSize: this.#maxMsgSize, maxObjSize: this.#maxObjSize },
    };
  }

  #context(h: SyncHdr): RunContext {
    return {
      tree: this.#cfg.tree,
      serverId: this.#cfg.account.serverId,
      msgRef: h.msgId,
      ui: this.#ui,
      alerts: this.#alerts,
      encoding: this.#cfg.encoding,
      maxObjSize: this.#maxObjSize,
      serverMaxObjSize: this.#serverMaxObjSize,
      pkg: this.#pkg,
      log: this.#log,
      logFields: this.#fields(),
    };
  }

  #finish(outcome: SessionOutcome, reason: string): SessionStep {
    this.#phase = "done";
    const step: SessionStep = { kind: "done", outcome, reason };
    this.#done = step;
    const fields = { ...this.#fields(), outcome, reason };
    if (outcome === "completed") this.#log?.info(fields, "session ended");
    else this.#log?.warn(fields, "session ended");
    return step;
  }

  #fields(): { sessionId: string; msgId: number; serverId: string } {
    return { sessionId: this.sessionId, msgId: this.#msgId, serverId: this.#cfg.account.serverId };
  }
}
