/**
 * The DM client orchestrator: runs the sans-I/O session engine over a real transport, keeps the
 * device's persisted state in step with every message, and serves notifications (one session
 * at a time, triggers queued) and pending client alerts. [TR-PRO §2.1.1], ARCHITECTURE.md idea 2.
 */
import { randomBytes } from "node:crypto";
import type { SyncMLEncoding } from "@omadm/protocol";
import type { ManagementTree } from "@omadm/tree";
import type { AccountStore } from "./account/index.js";
import type { IntakeListener, NotificationUi, SessionRequest } from "./intake/index.js";
import { NotificationIntake } from "./intake/notification-intake.js";
import { silentLogger } from "./intake/silent-logger.js";
import type {
  AlertQueue,
  IncomingMessage,
  PendingAlert,
  SessionConfig,
  SessionLogger,
  SessionOutcome,
  SessionStep,
  SessionTrigger,
  UserInterface,
} from "./session/session-api.js";
import { ClientSession } from "./session/index.js";
import type { Transport, TransportFailureKind } from "./transport/index.js";

/** The device state a DmClient drives: the device engineer's Device fits this shape. */
export interface DmClientDevice {
  readonly tree: ManagementTree;
  readonly accounts: AccountStore;
  readonly alerts: AlertQueue;
  /** Makes the tree, accounts and alerts durable; called after every session message. */
  save(): Promise<void>;
}

/** What DmClient needs from a session engine: ClientSession, or a test double. */
export interface DmSession {
  readonly sessionId: string;
  start(): Promise<SessionStep>;
  receive(response: IncomingMessage): Promise<SessionStep>;
  /** Ends the session without another message (transport gone, shutdown, after a `last` send). */
  close?(reason?: string): SessionStep | Promise<SessionStep>;
  /** Ends the session with a last message carrying Alert 1223. [TR-PRO §2.3.1] */
  abort?(reason?: string): SessionStep | Promise<SessionStep>;
}

/** Options of DmClient. */
export interface DmClientOptions {
  readonly device: DmClientDevice;
  readonly transport: Transport;
  /** Answers server UI alerts and notification prompts; default the engine's headless UI. */
  readonly ui?: UserInterface;
  /** Default "xml". */
  readonly encoding?: SyncMLEncoding;
  readonly log?: SessionLogger;
  readonly random?: (n: number) => Uint8Array;
  readonly clock?: () => Date;
  /** Passed to the engine (announced in SyncHdr Meta, bounds the session). */
  readonly maxMsgSize?: number;
  readonly maxObjSize?: number;
  /** Most messages per session; the engine aborts with 1223 at this bound. Default 100. */
  readonly maxMessages?: number;
  /** Wall-clock bound of one session (the transport bounds each message). Default 10 minutes. */
  readonly sessionTimeoutMs?: number;
  /** How often serve() looks for client alerts queued outside this process's view. Default 10 s. */
  readonly alertPollMs?: number;
  /** First retry delay of alerts a server did not acknowledge (doubles up to 10 minutes). Default 5 s. */
  readonly alertRetryMs?: number;
  /** Server URLs to use instead of the account's address, by ServerID (e.g. a --server flag). */
  readonly serverUrls?: Readonly<Record<string, string>>;
  /** Makes the engine; default `new ClientSession(config)`. */
  readonly createSession?: (config: SessionConfig) => DmSession;
}

/** How one session went. `outcome` "completed" is the only clean end. */
export interface SessionReport {
  readonly serverId: string;
  readonly sessionId?: string;
  readonly outcome: SessionOutcome;
  readonly reason?: string;
  /** Messages sent to the server. */
  readonly messages: number;
  /** Set when the session ended because a message got no usable reply. */
  readonly transportFailure?: TransportFailureKind;
}

/** A session waiting in the serve queue. */
export interface QueuedSession {
  readonly serverId: string;
  readonly trigger: SessionTrigger;
}

/**
 * Runs DM sessions for one device. `runSession` runs one session to its end; `serve` keeps
 * running sessions as notifications and client alerts ask for them until `close`.
 */
export class DmClient {
  /** Verifies Package 0 and queues the sessions it asks for; hand it to the listeners. */
  readonly notifications: NotificationIntake;
  readonly #options: DmClientOptions;
  readonly #log: SessionLogger;
  readonly #alerts: AlertQueue;
  readonly #queue: QueuedSession[] = [];
  readonly #retryDelay = new Map<string, number>();
  readonly #retryTimers = new Map<string, NodeJS.Timeout>();
  readonly #abort = new AbortController();
  /** The server of the session running now. */
  #active: string | undefined;
  /** Settles when every session started so far has ended (sessions never overlap). */
  #sessions: Promise<unknown> = Promise.resolve();
  #serving: { listeners: readonly IntakeListener[]; poll: NodeJS.Timeout; stopped: () => void } | undefined;
  #closing = false;
  #pumping = false;
  #savingOutside: Promise<void> | undefined;

  constructor(options: DmClientOptions) {
    this.#options = options;
    this.#log = options.log ?? silentLogger;
    const device = options.device;
    // The engine (and MO code finishing an async Exec after the session) adds alerts through
    // this wrapper, so a new alert is persisted and, when serving, delivered promptly.
    this.#alerts = {
      pending: (serverId) => device.alerts.pending(serverId),
      acknowledge: (ids) => device.alerts.acknowledge(ids),
      add: (alert) => {
        const added = device.alerts.add(alert);
        this.#alertAdded(added);
        return added;
      },
    };
    this.notifications = new NotificationIntake({
      accounts: device.accounts,
      onSession: (request) => this.enqueue(request),
      ui: notificationUi(options.ui),
      log: this.#log,
    });
  }

  /** The alert queue sessions use (the device's, observed). MO code should add alerts here. */
  get alerts(): AlertQueue {
    return this.#alerts;
  }

  /**
   * Runs one session with the account of `serverId` and resolves when it has ended, on every
   * path: the engine is done, the transport failed (network, TLS, timeout, HTTP status, reply
   * too large), the device could not be saved, the bound on messages or time was reached, or the
   * client is closing. Never rejects. Sessions run one at a time: a call made while another
   * session runs waits for it (they share the tree and the device file).
   */
  runSession(serverId: string, trigger: SessionTrigger = { kind: "client" }): Promise<SessionReport> {
    const report = this.#sessions.then(async () => {
      this.#active = serverId;
      try {
        return await this.#run(serverId, trigger);
      } finally {
        this.#active = undefined;
      }
    });
    this.#sessions = report.catch(() => undefined);
    return report;
  }

  async #run(serverId: string, trigger: SessionTrigger): Promise<SessionReport> {
    const { device, transport } = this.#options;
    const account = device.accounts.byServerId(serverId);
    if (account === undefined) {
      this.#log.error({ serverId }, "no DMAcc account for this server");
      return { serverId, outcome: "failed", reason: "no account for this server", messages: 0 };
    }
    let session: DmSession;
    try {
      session = (this.#options.createSession ?? defaultSession)(this.#sessionConfig(account, trigger));
    } catch (e) {
      this.#log.error({ serverId, error: String(e) }, "session could not be created");
      return { serverId, outcome: "failed", reason: `session not created: ${String(e)}`, messages: 0 };
    }
    const sessionId = session.sessionId;
    const log = (fields: object) => ({ serverId, sessionId, ...fields });
    const maxSends = (this.#options.maxMessages ?? 100) + 2;
    const deadline = Date.now() + (this.#options.sessionTimeoutMs ?? 600_000);
    let messages = 0;
    const end = async (outcome: SessionOutcome, reason: string, failure?: TransportFailureKind) => {
      await this.#close(session, reason);
      await this.#save(log({}));
      this.#log.warn(log({ outcome, reason, messages }), "session finished");
      return {
        serverId,
        sessionId,
        outcome,
        reason,
        messages,
        ...(failure === undefined ? {} : { transportFailure: failure }),
      };
    };

    this.#log.info(log({ trigger: trigger.kind }), "session starting");
    let step: SessionStep;
    try {
      step = await session.start();
    } catch (e) {
      return end("failed", `engine error: ${String(e)}`);
    }
    for (;;) {
      // Persist what this message changed before anything acknowledges it to the server.
      if (!(await this.#save(log({ messages })))) return end("failed", "device state could not be saved");
      if (step.kind === "done") {
        this.#log.info(log({ outcome: step.outcome, reason: step.reason, messages }), "session finished");
        return {
          serverId,
          sessionId,
          outcome: step.outcome,
          ...(step.reason === undefined ? {} : { reason: step.reason }),
          messages,
        };
      }
      if (this.#abort.signal.aborted) return end("aborted", "client shutting down");
      if (messages >= maxSends) {
        await this.#abortSession(session, `more than ${maxSends} messages`);
        return end("aborted", `more than ${maxSends} messages`);
      }
      if (Date.now() > deadline) {
        await this.#abortSession(session, "session took too long");
        return end("aborted", "session took too long");
      }
      const result = await transport.send(step.message, { signal: this.#abort.signal });
      messages++;
      if (result.kind === "failure") {
        const outcome = result.failure === "aborted" ? "aborted" : "failed";
        return end(outcome, `transport ${result.failure}: ${result.message}`, result.failure);
      }
      this.#log.debug(log({ messages, status: result.status, bytes: result.body.length }), "reply received");
      try {
        step = step.last === true ? await this.#close(session, "closed") : await session.receive(result);
      } catch (e) {
        return end("failed", `engine error: ${String(e)}`);
      }
    }
  }

  /** Queues a session (served one at a time, in order). A request already queued is not queued twice. */
  enqueue(request: SessionRequest | QueuedSession): void {
    if (this.#closing) return;
    const same = this.#queue.some(
      (q) =>
        q.serverId === request.serverId &&
        (request.trigger.kind === "client" ||
          (q.trigger.kind === "server" && q.trigger.sessionId === request.trigger.sessionId)),
    );
    if (same) return;
    this.#queue.push({ serverId: request.serverId, trigger: request.trigger });
    this.#pump();
  }

  /**
   * Serves until close(): runs the sessions notifications ask for, and a client-initiated session
   * (Alert 1201) whenever client alerts wait for a server. `listeners` are closed by close().
   * Resolves once close() has finished.
   */
  serve(listeners: readonly IntakeListener[] = []): Promise<void> {
    if (this.#serving !== undefined) throw new Error("DmClient is already serving");
    return new Promise<void>((resolve) => {
      const poll = setInterval(() => this.#checkAlerts(), this.#options.alertPollMs ?? 10_000);
      this.#serving = { listeners, poll, stopped: resolve };
      this.#checkAlerts();
    });
  }

  /**
   * Stops: closes the listeners, drops queued sessions, lets the running session finish for up
   * to `graceMs` (default 5 s) and then aborts it (its transport request is cancelled).
   */
  async close(options: { readonly graceMs?: number } = {}): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#queue.length = 0;
    for (const t of this.#retryTimers.values()) clearTimeout(t);
    this.#retryTimers.clear();
    const serving = this.#serving;
    if (serving !== undefined) clearInterval(serving.poll);
    await Promise.allSettled((serving?.listeners ?? []).map((l) => l.close()));
    if (this.#active !== undefined) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((r) => (timer = setTimeout(r, options.graceMs ?? 5000)));
      await Promise.race([this.#sessions, grace]);
      clearTimeout(timer);
    }
    // Whatever still runs (or waits to) stops at its next message.
    this.#abort.abort();
    await this.#sessions;
    await this.#savingOutside;
    serving?.stopped();
  }

  #sessionConfig(account: SessionConfig["account"], trigger: SessionTrigger): SessionConfig {
    const o = this.#options;
    return {
      tree: o.device.tree,
      accounts: o.device.accounts,
      account,
      trigger,
      encoding: o.encoding ?? "xml",
      alerts: this.#alerts,
      ...(o.serverUrls?.[account.serverId] === undefined
        ? {}
        : { serverUrl: o.serverUrls[account.serverId] }),
      random: o.random ?? ((n) => new Uint8Array(randomBytes(n))),
      ...(o.ui === undefined ? {} : { ui: o.ui }),
      ...(o.clock === undefined ? {} : { clock: o.clock }),
      ...(o.log === undefined ? {} : { log: o.log }),
      ...(o.maxMsgSize === undefined ? {} : { maxMsgSize: o.maxMsgSize }),
      ...(o.maxObjSize === undefined ? {} : { maxObjSize: o.maxObjSize }),
      ...(o.maxMessages === undefined ? {} : { maxMessages: o.maxMessages }),
    };
  }

  /** Tells the server the session is over (Alert 1223), best effort and bounded by the transport. */
  async #abortSession(session: DmSession, reason: string): Promise<void> {
    try {
      const step = await session.abort?.(reason);
      if (step?.kind === "send")
        await this.#options.transport.send(step.message, { signal: this.#abort.signal });
    } catch (e) {
      this.#log.warn({ sessionId: session.sessionId, error: String(e) }, "session abort failed");
    }
  }

  async #close(session: DmSession, reason: string): Promise<SessionStep> {
    try {
      const step = await session.close?.(reason);
      return step ?? { kind: "done", outcome: "aborted" };
    } catch (e) {
      this.#log.error({ sessionId: session.sessionId, error: String(e) }, "engine close failed");
      return { kind: "done", outcome: "failed", reason: String(e) };
    }
  }

  async #save(fields: object): Promise<boolean> {
    try {
      await this.#options.device.save();
      return true;
    } catch (e) {
      this.#log.error({ ...fields, error: String(e) }, "device state could not be saved");
      return false;
    }
  }

  #pump(): void {
    if (this.#pumping || this.#closing) return;
    this.#pumping = true;
    const run = async () => {
      for (let next = this.#queue.shift(); next !== undefined && !this.#closing; next = this.#queue.shift()) {
        this.#afterSession(await this.runSession(next.serverId, next.trigger));
      }
    };
    run()
      .catch((e: unknown) => this.#log.error({ error: String(e) }, "session queue failed"))
      .finally(() => {
        this.#pumping = false;
        if (this.#queue.length > 0 && !this.#closing) this.#pump();
      });
  }

  #afterSession(report: SessionReport): void {
    if (this.#serving === undefined || this.#closing) return;
    const { serverId } = report;
    if (this.#alertsFor(serverId).length === 0) {
      this.#retryDelay.delete(serverId);
      return;
    }
    // The server did not take the alerts (or the session failed): try again later, backing off.
    const first = this.#options.alertRetryMs ?? 5000;
    const delay = this.#retryDelay.get(serverId) ?? first;
    this.#retryDelay.set(serverId, Math.min(delay * 2, 600_000));
    this.#log.info({ serverId, delayMs: delay }, "client alerts still pending; retrying later");
    clearTimeout(this.#retryTimers.get(serverId));
    this.#retryTimers.set(
      serverId,
      setTimeout(() => {
        this.#retryTimers.delete(serverId);
        this.enqueue({ serverId, trigger: { kind: "client" } });
      }, delay),
    );
  }

  #alertAdded(alert: PendingAlert): void {
    if (this.#active === undefined) {
      // Added outside a session (an async Exec finishing later): make it durable now.
      const previous = this.#savingOutside ?? Promise.resolve();
      this.#savingOutside = previous.then(async () => {
        await this.#save({ alert: alert.id });
      });
    }
    if (this.#serving !== undefined) queueMicrotask(() => this.#checkAlerts());
  }

  /** Queues a 1201 session for every server that has client alerts waiting and none coming. */
  #checkAlerts(): void {
    if (this.#serving === undefined || this.#closing) return;
    for (const account of this.#options.device.accounts.list()) {
      const serverId = account.serverId;
      if (this.#retryTimers.has(serverId) || this.#active === serverId) continue;
      if (this.#queue.some((q) => q.serverId === serverId)) continue;
      if (this.#alertsFor(serverId).length > 0) this.enqueue({ serverId, trigger: { kind: "client" } });
    }
  }

  /** Alerts a session with `serverId` would carry; alerts for no server go to the first account. */
  #alertsFor(serverId: string): readonly PendingAlert[] {
    const first = this.#options.device.accounts.list()[0]?.serverId;
    return this.#alerts
      .pending(serverId)
      .filter((a) => a.serverId === serverId || (a.serverId === undefined && serverId === first));
  }
}

function defaultSession(config: SessionConfig): DmSession {
  return new ClientSession(config);
}

/**
 * The notification prompts through the device's UserInterface: user-interaction asks CONFIRM
 * with "yes" as the default response (the server asked for the session, and an unattended
 * headless device should let it in), informative shows DISPLAY. [TR-NOT §6.2.2.7]
 */
function notificationUi(ui: UserInterface | undefined): NotificationUi | undefined {
  if (ui === undefined) return undefined;
  return {
    confirm: async (prompt) => {
      const r = await ui.confirm({
        serverId: prompt.serverId,
        text: prompt.text,
        options: { defaultResponse: "1" },
      });
      return r.kind === "answer" && r.value;
    },
    notify: async (prompt) => {
      await ui.display({ serverId: prompt.serverId, text: prompt.text, options: {} });
    },
  };
}
