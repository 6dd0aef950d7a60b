/**
 * The composition root of @omadm/server: one port serving the DM endpoint (/dm), the REST API
 * (/api), Prometheus metrics (/metrics) and health (/healthz), wired to one Store, one DM engine,
 * the live event hub (SSE, webhooks, in-process listeners) and, when given, the notification
 * dispatcher and the bootstrap module (or the push gateways to build them from). Time,
 * randomness, storage and the logger are injected.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { OmaDmError, type RandomBytes } from "@omadm/protocol";
import type { BootstrapPort, NotifyPort } from "./api/api-deps.js";
import { bootstrapPort } from "./api/bootstrap-port.js";
import { dispatcherPort } from "./api/dispatcher-port.js";
import { createEventHub } from "./api/event-hub.js";
import { createRestApi } from "./api/rest-api.js";
import { createWebhooks, type WebhookTarget } from "./api/webhooks.js";
import { createBootstrapService, type BootstrapService } from "./bootstrap/bootstrap-service.js";
import { createDmEndpoint } from "./http/dm-endpoint.js";
import { createHttpListener, type TlsFiles } from "./http/http-listener.js";
import { sendJson, sendText } from "./http/respond.js";
import { createLogger } from "./logging/create-logger.js";
import { metricsContentType } from "./metrics/metric-registry.js";
import { createServerMetrics, type ServerMetrics } from "./metrics/server-metrics.js";
import { httpSender } from "./notification/http-sender.js";
import { kannelSmsSender } from "./notification/kannel-sms-sender.js";
import {
  createNotificationDispatcher,
  type NotificationDispatcher,
} from "./notification/notification-dispatcher.js";
import { papSender } from "./notification/pap-sender.js";
import type { PushSender } from "./notification/push-content.js";
import type { RetryPolicy } from "./notification/retry-policy.js";
import { udpSender } from "./notification/udp-sender.js";
import { createDmEngine } from "./session/index.js";
import type { DmEngine, DmEngineOptions, EngineEvent } from "./session/session-api.js";
import { hashApiToken } from "./store/hash-api-token.js";
import type { Clock, Event, Store } from "./store/store-api.js";

/** Engine settings the composition root passes through (the rest it wires itself). */
export type ServerEngineOptions = Partial<
  Omit<DmEngineOptions, "store" | "clock" | "random" | "log" | "events" | "serverId" | "serverUrl">
>;

/** A push gateway's URL and the account this server logs in with. */
export interface GatewayAccount {
  readonly url: string;
  readonly username: string;
  readonly password: string;
}

/**
 * The delivery channels createServer wires itself: a notification dispatcher over HTTP, UDP and
 * the WAP Push gateways below, and a bootstrap service over the SMS gateway.
 * docs/decisions/server-notification.md
 */
export interface PushChannels {
  /** A Push Proxy Gateway's PAP URL (Kannel: wapbox's ppg-url): Package 0 to a device's MSISDN. */
  readonly ppg?: GatewayAccount;
  /**
   * Kannel smsbox's send-SMS URL (/cgi-bin/sendsms) and a sendsms-user with concatenation: the
   * bootstrap push channel, because Kannel 1.4.5's PPG drops the content type's SEC and MAC
   * and cuts pushes after 10 SMS; also Package 0 when there is no `ppg`.
   */
  readonly smsGateway?: GatewayAccount;
  /** Retries of the dispatcher (default defaultRetryPolicy: 4 attempts, 2 s doubling). */
  readonly retry?: Partial<RetryPolicy>;
}

/** Options of createServer. */
export interface ServerOptions {
  readonly store: Store;
  /** Our ServerID (SyncHdr Source LocName, DMAcc ServerID). Default "omadm". */
  readonly serverId?: string;
  /** Session, nonce, lock-out and size settings of the DM engine. */
  readonly engine?: ServerEngineOptions;
  /** Makes the engine; default createDmEngine (tests may pass a double). */
  readonly createEngine?: (options: DmEngineOptions) => DmEngine;
  /** Package 0 delivery for POST /api/devices/{id}/notify (a dispatcher or any NotifyPort). */
  readonly dispatcher?: NotificationDispatcher | NotifyPort;
  /** Bootstrap delivery for POST /api/devices/{id}/bootstrap (the service or any BootstrapPort). */
  readonly bootstrap?: BootstrapService | BootstrapPort;
  /**
   * Builds the dispatcher and the bootstrap service from these channels (each unless passed
   * above); without it, notify and bootstrap answer 503 unless passed. The server closes what it
   * built.
   */
  readonly push?: PushChannels;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** Default all interfaces. */
  readonly host?: string;
  readonly tls?: TlsFiles;
  /** The URL devices and operators reach this server at (behind a proxy); default from host and port. */
  readonly publicUrl?: string;
  /** A bearer token to accept (its hash is added to the Store's API tokens). */
  readonly apiToken?: string;
  readonly log?: Logger;
  readonly clock?: Clock;
  readonly random?: RandomBytes;
  /** URLs that receive every event as a JSON POST. */
  readonly webhooks?: readonly WebhookTarget[];
  /** How often the Store is read for events other processes wrote (default 1000 ms). */
  readonly eventPollMs?: number;
  /** How long close() lets requests in flight finish (default 10 s). */
  readonly shutdownGraceMs?: number;
  /** How often expired sessions are deleted (default 60 s). */
  readonly sessionSweepMs?: number;
}

/** A running server. */
export interface OmadmServer {
  /** Base URL (`http://host:port`, or the public URL). */
  readonly url: string;
  /** The DM endpoint devices are configured with (`${url}/dm`). */
  readonly dmUrl: string;
  readonly port: number;
  readonly metrics: ServerMetrics;
  /**
   * Calls `listener` with every event stored (by this or another process), in id order, from
   * start-up on. Returns the function that removes it.
   */
  onEvent(listener: (event: Event) => void): () => void;
  /**
   * Graceful shutdown: stop accepting, end event streams, let requests in flight finish (at most
   * `graceMs`, default the option), flush webhooks. Sessions are parked in the Store, so another
   * process can continue them. Closes a dispatcher built from `push` (waiting retries end as
   * failed), not the Store or a dispatcher passed in.
   */
  close(graceMs?: number): Promise<void>;
}

/** Builds the server and starts listening. */
export async function createServer(options: ServerOptions): Promise<OmadmServer> {
  const { store } = options;
  const log = options.log ?? createLogger("info");
  const clock = options.clock ?? Date.now;
  const random = options.random ?? ((n: number) => new Uint8Array(randomBytes(n)));
  const serverId = options.serverId ?? "omadm";
  const graceMs = options.shutdownGraceMs ?? 10_000;
  const startedAt = clock();
  let closing = false;

  if (options.apiToken !== undefined) await ensureApiToken(store, options.apiToken);

  const metrics = createServerMetrics({
    queueDepth: () => store.commands.count({ states: ["queued", "sent"] }),
    openSessions: () => store.sessions.countOpen(clock()),
  });
  const hub = createEventHub({ events: store.events, pollMs: options.eventPollMs ?? 1000, log });
  const webhooks =
    options.webhooks !== undefined && options.webhooks.length > 0
      ? createWebhooks({
          targets: options.webhooks,
          log,
          delivered: (outcome) => metrics.webhookDeliveriesTotal.inc({ outcome }),
        })
      : undefined;
  // Only what listens subscribes: a hub without listeners reads no events back (see event-hub.ts).
  if (webhooks !== undefined) hub.subscribe((events) => webhooks.deliver(events));

  const onEngineEvent = (e: EngineEvent) => {
    switch (e.type) {
      case "message":
        metrics.messagesTotal.inc({ direction: "in" });
        if (e.bytesOut > 0) metrics.messagesTotal.inc({ direction: "out" });
        return;
      case "session-opened":
        metrics.sessionsTotal.inc();
        return;
      case "session-closed":
        metrics.sessionsClosedTotal.inc({ outcome: e.outcome });
        return;
      case "auth-failure":
        metrics.authFailuresTotal.inc({ reason: e.reason });
        return;
      case "command-updated":
      case "stored-event":
        hub.wake();
        return;
    }
  };

  const channels = options.push === undefined ? undefined : pushSenders(options.push, random);
  const ownDispatcher =
    options.dispatcher === undefined && channels !== undefined
      ? createNotificationDispatcher({
          store,
          clock,
          random,
          log,
          senders: channels.notify,
          ...(options.push?.retry === undefined ? {} : { retry: options.push.retry }),
          onEvent: () => hub.wake(),
        })
      : undefined;
  const dispatcher = options.dispatcher ?? ownDispatcher;
  const notify: NotifyPort | undefined =
    dispatcher === undefined ? undefined : "pending" in dispatcher ? dispatcherPort(dispatcher) : dispatcher;
  // The bootstrap names our DM URL (DMAcc AppAddr), known once the port is bound.
  const bootstrapRef: { current?: BootstrapPort } = {};
  const bootstrap: BootstrapPort =
    options.bootstrap !== undefined
      ? "push" in options.bootstrap
        ? bootstrapPort(options.bootstrap)
        : options.bootstrap
      : {
          bootstrap: (deviceId, body) => {
            if (bootstrapRef.current === undefined) throw new Error("bootstrap not started");
            return bootstrapRef.current.bootstrap(deviceId, body);
          },
        };

  // The engine needs its own URL (SyncHdr Source, RespURI base), known once the port is bound.
  const engineRef: { current?: DmEngine } = {};
  const dm = createDmEndpoint({
    engine: {
      handle: (request) => {
        if (engineRef.current === undefined) throw new Error("engine not started");
        return engineRef.current.handle(request);
      },
    },
    maxBodyBytes: options.engine?.maxMsgSize ?? 1 << 20,
    observer: {
      requestDone: (seconds, status) => {
        metrics.dmRequestDuration.observe(seconds);
        metrics.httpRequestsTotal.inc({ route: "/dm", status: String(status) });
      },
    },
  });

  const listener = createHttpListener({
    handle: (req, res, url) => handle(req, res, url),
    log,
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  const api = createRestApi({
    store,
    clock,
    serverId,
    hub,
    log,
    ...(notify === undefined ? {} : { notify }),
    bootstrap,
    stream: (res, end) => listener.stream(res, end),
  });

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const path = url.pathname;
    if (path === "/dm") return dm(req, res, url);
    if (path === "/api" || path.startsWith("/api/")) {
      res.on("finish", () =>
        metrics.httpRequestsTotal.inc({ route: "/api", status: String(res.statusCode) }),
      );
      return api.handle(req, res, url);
    }
    if (path === "/metrics" && req.method === "GET") {
      sendText(res, 200, await metrics.registry.render(), { "content-type": metricsContentType });
      return;
    }
    if (path === "/healthz" && req.method === "GET") {
      const healthy = !closing && (await storeAnswers(store));
      sendJson(res, healthy ? 200 : 503, {
        status: closing ? "shutting-down" : healthy ? "ok" : "store-unavailable",
        store: store.backend,
        uptimeSeconds: Math.round((clock() - startedAt) / 1000),
      });
      return;
    }
    sendText(res, 404, "not found\n");
  };

  const address = await listener.listen(options.port ?? 8080, options.host);
  const url = (
    options.publicUrl ?? `${listener.scheme}://${hostForUrl(options.host)}:${address.port}`
  ).replace(/\/+$/, "");
  const dmUrl = `${url}/dm`;
  engineRef.current = (options.createEngine ?? createDmEngine)({
    ...options.engine,
    store,
    clock,
    random,
    log,
    serverId,
    serverUrl: dmUrl,
    events: onEngineEvent,
  });
  // Always there: a bootstrap written to a file (factory, smartcard) needs no push channel.
  if (options.bootstrap === undefined) {
    if (channels?.bootstrap !== undefined && options.push?.smsGateway === undefined) {
      log.warn(
        {},
        "bootstraps go through the PPG: Kannel's PPG drops their SEC and MAC (configure an SMS gateway)",
      );
    }
    bootstrapRef.current = bootstrapPort(
      createBootstrapService({
        store,
        clock,
        random,
        log,
        server: { serverId, serverUrl: dmUrl },
        ...(channels?.bootstrap === undefined ? {} : { push: channels.bootstrap }),
        onEvent: () => hub.wake(),
      }),
      { pushConfigured: channels?.bootstrap !== undefined },
    );
  }
  await hub.start();
  const sweep = setInterval(() => {
    store.sessions.deleteExpired(clock()).catch((err: unknown) => log.warn({ err }, "session sweep failed"));
  }, options.sessionSweepMs ?? 60_000);
  sweep.unref();
  log.info({ url, dmUrl, store: store.backend, serverId }, "server listening");

  let closed: Promise<void> | undefined;
  return {
    url,
    dmUrl,
    port: address.port,
    metrics,
    onEvent(l) {
      const unsubscribe = hub.subscribe((events) => {
        for (const e of events) {
          try {
            l(e);
          } catch (err) {
            log.warn({ err }, "event listener failed");
          }
        }
      });
      return () => {
        unsubscribe();
      };
    },
    close(grace = graceMs) {
      closed ??= (async () => {
        closing = true;
        clearInterval(sweep);
        const cut = await listener.shutdown(grace);
        await hub.stop();
        await webhooks?.close(Math.min(grace, 2000));
        await ownDispatcher?.close();
        log.info({ cut }, "server stopped");
      })();
      return closed;
    },
  };
}

/**
 * The senders of `push`: Package 0 over HTTP, UDP and WAP Push (the PPG, else the SMS gateway);
 * bootstraps over the SMS gateway, else the PPG (which loses SEC and MAC with Kannel).
 */
function pushSenders(
  push: PushChannels,
  random: RandomBytes,
): { notify: Partial<Record<"ppg" | "http" | "udp", PushSender>>; bootstrap?: PushSender } {
  const pap = push.ppg === undefined ? undefined : papSender({ ...push.ppg, random });
  const sms = push.smsGateway === undefined ? undefined : kannelSmsSender({ ...push.smsGateway, random });
  const wapPush = pap ?? sms;
  const bootstrap = sms ?? pap;
  return {
    notify: { http: httpSender(), udp: udpSender(), ...(wapPush === undefined ? {} : { ppg: wapPush }) },
    bootstrap,
  };
}

/** Adds the token's hash to the Store unless it is there (several processes may race: fine). */
async function ensureApiToken(store: Store, token: string): Promise<void> {
  const hash = hashApiToken(token);
  if ((await store.apiTokens.findByHash(hash)) !== undefined) return;
  try {
    await store.apiTokens.create({ name: "admin", hash });
  } catch (e) {
    if (!(e instanceof OmaDmError && e.code === "STORE_CONFLICT")) throw e;
  }
}

async function storeAnswers(store: Store): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      store.events.lastId().then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), 2000);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function hostForUrl(host: string | undefined): string {
  const h = host === undefined || host === "" || host === "0.0.0.0" || host === "::" ? "localhost" : host;
  return h.includes(":") && !h.startsWith("[") ? `[${h}]` : h;
}
