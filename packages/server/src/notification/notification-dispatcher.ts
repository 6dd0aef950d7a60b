import { sessionIdHex, type Initiator, type RandomBytes, type UiMode } from "@omadm/protocol";
import type { Clock, Device, Event, NotifyChannel, NotifyTarget, StoreTx } from "../store/store-api.js";
import { newNotificationSessionId, package0ForDevice } from "./package0-for-device.js";
import { package0Content, type PushSender, type SendOutcome } from "./push-content.js";
import { defaultRetryPolicy, randomFraction, retryDelay, type RetryPolicy } from "./retry-policy.js";
import { reserveToken, type RateLimit, type TokenBucket } from "./token-bucket.js";

/** The logger subset the dispatcher uses (pino-compatible). Secrets and nonces are never passed. */
export interface NotifyLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

/** What the dispatcher is built from; everything with I/O is injected. */
export interface NotificationDispatcherParts {
  /** Devices (lookup), notification attempts and events. */
  readonly store: Pick<StoreTx, "devices" | "notifications" | "events">;
  readonly clock: Clock;
  readonly random: RandomBytes;
  readonly log?: NotifyLogger;
  /** One sender per channel; a channel without one fails permanently. */
  readonly senders: Partial<Record<NotifyChannel, PushSender>>;
  /** Waits `ms` (default setTimeout); tests pass one that advances a fake clock. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Default: defaultRetryPolicy (4 attempts, 2 s doubling, 50% jitter). */
  readonly retry?: Partial<RetryPolicy>;
  /** Token bucket per channel; a channel without one is not limited. */
  readonly rateLimits?: Partial<Record<NotifyChannel, RateLimit>>;
  /** Longest wait for a token before an attempt fails as rate-limited (default 60 s). */
  readonly maxRateWaitMs?: number;
  /** Told about every event the dispatcher stored (SSE, webhooks). */
  readonly onEvent?: (event: Event) => void;
}

/** One notification as an operator asks for it. */
export interface NotifyRequest {
  /** Default "background". [TR-NOT §6.2.2.7] */
  readonly uiMode?: UiMode;
  /** Default "server". [TR-NOT §6.2.2.8] */
  readonly initiator?: Initiator;
  readonly vendor?: Uint8Array;
  /** Overrides the device's notify target (and the PPG default of its MSISDN). */
  readonly target?: NotifyTarget;
}

/** How a notification ended. */
export interface NotificationResult {
  readonly deviceId: string;
  readonly outcome: "sent" | "failed";
  readonly channel?: NotifyChannel;
  /** The SyncHdr SessionID the device will open its session with (hex of the Package 0 id). */
  readonly sessionId?: string;
  /** Attempts made (0 when nothing could be sent). */
  readonly attempts: number;
  readonly detail?: string;
}

/** Builds and delivers Package 0 per device. */
export interface NotificationDispatcher {
  /**
   * Builds the device's Package 0 and delivers it on its channel, retrying transient failures
   * with back-off, within the channel's rate limit. Resolves when it was sent or finally failed;
   * never rejects (failures are results, recorded and logged), so a caller may leave it running.
   */
  notify(deviceId: string, request?: NotifyRequest): Promise<NotificationResult>;
  /** Notifications still running. */
  readonly pending: number;
  /** Stops waiting retries (they end as failed) and waits for running sends. */
  close(): Promise<void>;
}

const silent: NotifyLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The notification dispatcher [TR-NOT §6]: Package 0 per device (package0-for-device.ts) over
 * its channel, WAP Push through a PPG (papSender / kannelSmsSender), HTTP POST (httpSender) or
 * UDP (udpSender). Every attempt is stored (NotificationAttempt) and appended as a
 * "notification" event. A retry is skipped once the device has opened a session since the
 * notification began (the Package 0 did its work, or the device came by itself), and its
 * Package 0 is rebuilt with the device's current nonce.
 */
export function createNotificationDispatcher(parts: NotificationDispatcherParts): NotificationDispatcher {
  const log = parts.log ?? silent;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...parts.retry };
  const maxRateWaitMs = parts.maxRateWaitMs ?? 60_000;
  const buckets = new Map<NotifyChannel, TokenBucket>();
  const running = new Set<Promise<NotificationResult>>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const wake = new Set<() => void>();

  const defaultSleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  const sleep = parts.sleep ?? defaultSleep;
  /** Sleeps unless closed; true when the wait ran to its end. */
  const wait = async (ms: number): Promise<boolean> => {
    if (closed) return false;
    if (ms <= 0) return true;
    let woken = () => {};
    const closing = new Promise<void>((r) => (woken = r));
    wake.add(woken);
    try {
      await Promise.race([sleep(ms), closing]);
    } finally {
      wake.delete(woken);
    }
    return !closed;
  };

  const store = parts.store;
  const emit = async (deviceId: string, data: Record<string, unknown>) => {
    try {
      const event = await store.events.append({ deviceId, kind: "notification", data });
      parts.onEvent?.(event);
    } catch (e) {
      log.error({ deviceId, error: String(e) }, "notification event not stored");
    }
  };
  const record = async (
    device: Device,
    channel: NotifyChannel,
    attempt: number,
    outcome: SendOutcome,
    sessionId: string | undefined,
    final: boolean,
  ) => {
    const detail = outcome.detail;
    try {
      await store.notifications.append({
        deviceId: device.id,
        channel,
        attempt,
        outcome: outcome.ok ? "sent" : "failed",
        ...(detail === undefined ? {} : { detail }),
      });
    } catch (e) {
      log.error(
        { deviceId: device.id, channel, attempt, error: String(e) },
        "notification attempt not stored",
      );
    }
    await emit(device.id, {
      channel,
      attempt,
      outcome: outcome.ok ? "sent" : "failed",
      ...(detail === undefined ? {} : { detail }),
      ...(sessionId === undefined ? {} : { sessionId }),
      ...(outcome.ok ? {} : { permanent: outcome.permanent }),
      final,
    });
    const fields = { deviceId: device.id, channel, attempt, sessionId, detail };
    if (outcome.ok) log.info(fields, "notification sent");
    else if (final) log.warn(fields, "notification failed");
    else log.info(fields, "notification attempt failed; will retry");
  };

  /** Waits for the channel's token; false when the wait would be too long (nothing reserved). */
  const takeToken = async (channel: NotifyChannel): Promise<"ok" | "limited" | "closed"> => {
    const limit = parts.rateLimits?.[channel];
    if (limit === undefined) return "ok";
    const now = parts.clock();
    const { bucket, waitMs } = reserveToken(buckets.get(channel), now, limit);
    if (waitMs > maxRateWaitMs) return "limited";
    buckets.set(channel, bucket);
    return (await wait(waitMs)) ? "ok" : "closed";
  };

  const run = async (deviceId: string, request: NotifyRequest): Promise<NotificationResult> => {
    const startedAt = parts.clock();
    let device = await store.devices.get(deviceId);
    if (device === undefined) {
      log.warn({ deviceId }, "notification for an unknown device");
      return { deviceId, outcome: "failed", attempts: 0, detail: "unknown device" };
    }
    const target = request.target ?? targetOf(device, parts.senders);
    if (target === undefined) {
      const detail = "the device has no notification channel (notify target or MSISDN)";
      await emit(deviceId, { outcome: "failed", detail, final: true, attempt: 0 });
      log.warn({ deviceId }, detail);
      return { deviceId, outcome: "failed", attempts: 0, detail };
    }
    const channel = target.kind;
    const sender = parts.senders[channel];
    const sessionNumber = newNotificationSessionId(parts.random);
    const sessionId = sessionIdHex(sessionNumber);
    const failed = (attempts: number, detail: string): NotificationResult => ({
      deviceId,
      outcome: "failed",
      channel,
      sessionId,
      attempts,
      detail,
    });
    if (sender === undefined) {
      const outcome = { ok: false, permanent: true, detail: `no ${channel} sender configured` } as const;
      await record(device, channel, 1, outcome, sessionId, true);
      return failed(1, outcome.detail);
    }
    for (let attempt = 1; ; attempt++) {
      const pkg = package0ForDevice(device, {
        uiMode: request.uiMode ?? "background",
        initiator: request.initiator ?? "server",
        sessionId: sessionNumber,
        ...(request.vendor === undefined ? {} : { vendor: request.vendor }),
      });
      let outcome: SendOutcome;
      if (!pkg.ok) outcome = { ok: false, permanent: true, detail: pkg.detail };
      else {
        const token = await takeToken(channel);
        if (token === "closed") return failed(attempt - 1, "dispatcher closed");
        outcome =
          token === "limited"
            ? { ok: false, permanent: false, detail: `rate limit of the ${channel} channel reached` }
            : await sender.send(target.address, package0Content(pkg.bytes));
      }
      const final = outcome.ok || outcome.permanent || attempt >= policy.maxAttempts;
      await record(device, channel, attempt, outcome, sessionId, final);
      if (outcome.ok) {
        return { deviceId, outcome: "sent", channel, sessionId, attempts: attempt, ...detailOf(outcome) };
      }
      if (final) return failed(attempt, outcome.detail);
      if (!(await wait(retryDelay(attempt, policy, randomFraction(parts.random))))) {
        return failed(attempt, "dispatcher closed before the retry");
      }
      const fresh = await store.devices.get(deviceId);
      if (fresh === undefined) return failed(attempt, "the device was deleted");
      if (fresh.lastSeenAt !== undefined && fresh.lastSeenAt >= startedAt) {
        await emit(deviceId, {
          channel,
          sessionId,
          outcome: "failed",
          detail: "device connected",
          final: true,
        });
        return failed(attempt, "retries stopped: the device has connected since");
      }
      device = fresh;
    }
  };

  return {
    notify(deviceId, request = {}) {
      if (closed)
        return Promise.resolve({ deviceId, outcome: "failed", attempts: 0, detail: "dispatcher closed" });
      const p = run(deviceId, request).catch((e: unknown): NotificationResult => {
        log.error({ deviceId, error: String(e) }, "notification failed unexpectedly");
        return { deviceId, outcome: "failed", attempts: 0, detail: `internal error: ${String(e)}` };
      });
      running.add(p);
      void p.finally(() => running.delete(p));
      return p;
    },
    get pending() {
      return running.size;
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const r of [...wake]) r();
      await Promise.all([...running]);
    },
  };
}

/** The device's notify target, or a PPG push to its MSISDN when a PPG sender exists. */
function targetOf(
  device: Device,
  senders: Partial<Record<NotifyChannel, PushSender>>,
): NotifyTarget | undefined {
  if (device.notify !== undefined) return device.notify;
  if (device.msisdn !== undefined && senders.ppg !== undefined)
    return { kind: "ppg", address: device.msisdn };
  return undefined;
}

function detailOf(outcome: SendOutcome): { detail?: string } {
  return outcome.detail === undefined ? {} : { detail: outcome.detail };
}
