import { createHmac } from "node:crypto";
import type { Event } from "../store/store-api.js";
import { eventView } from "./api-views.js";

/** One webhook: a URL that receives every event as a JSON POST. */
export interface WebhookTarget {
  readonly url: string;
  /** When set, each POST carries `x-omadm-signature: sha256=HEX(HMAC-SHA256(secret, body))`. */
  readonly secret?: string;
}

/** Options of createWebhooks. */
export interface WebhookOptions {
  readonly targets: readonly WebhookTarget[];
  /** Tries per event (default 4: the first and three retries). */
  readonly attempts?: number;
  /** Delay before the first retry, doubled each time (default 1000 ms). */
  readonly backoffMs?: number;
  /** Per POST (default 5000 ms). */
  readonly timeoutMs?: number;
  /** Events waiting per target beyond which the oldest are dropped (default 10000). */
  readonly maxQueue?: number;
  readonly log: { warn(fields: object, msg: string): void };
  readonly delivered?: (outcome: "delivered" | "failed") => void;
}

/** Delivers events to webhooks, in order per target, with bounded retries. */
export interface Webhooks {
  deliver(events: readonly Event[]): void;
  /** Stops after the POST in progress (waiting at most `graceMs`); undelivered events are dropped. */
  close(graceMs: number): Promise<void>;
}

/**
 * Webhooks: each target has its own queue and sends one event at a time, so a slow or dead
 * receiver delays only itself. A 2xx answer is delivered; anything else is retried with doubling
 * back-off up to `attempts`, then given up (and logged). Delivery is at least once: a receiver
 * should de-duplicate by the `x-omadm-event-id` header.
 */
export function createWebhooks(options: WebhookOptions): Webhooks {
  const attempts = options.attempts ?? 4;
  const backoffMs = options.backoffMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxQueue = options.maxQueue ?? 10_000;
  const abort = new AbortController();
  const queues = options.targets.map((target) => ({
    target,
    queue: [] as Event[],
    running: undefined as Promise<void> | undefined,
  }));

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const onAbort = () => {
        clearTimeout(t);
        resolve();
      };
      const t = setTimeout(() => {
        abort.signal.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      abort.signal.addEventListener("abort", onAbort, { once: true });
    });

  const post = async (target: WebhookTarget, event: Event): Promise<boolean> => {
    const body = JSON.stringify(eventView(event));
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-omadm-event-id": String(event.id),
      "x-omadm-event-kind": event.kind,
    };
    if (target.secret !== undefined) {
      headers["x-omadm-signature"] =
        `sha256=${createHmac("sha256", target.secret).update(body).digest("hex")}`;
    }
    try {
      const res = await fetch(target.url, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(timeoutMs)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.ok;
    } catch {
      return false;
    }
  };

  const drain = async (q: (typeof queues)[number]) => {
    while (q.queue.length > 0 && !abort.signal.aborted) {
      const event = q.queue[0]!;
      let ok = false;
      for (let i = 0; i < attempts && !abort.signal.aborted; i++) {
        if (i > 0) await sleep(backoffMs * 2 ** (i - 1));
        ok = await post(q.target, event);
        if (ok) break;
      }
      if (abort.signal.aborted) return;
      q.queue.shift();
      options.delivered?.(ok ? "delivered" : "failed");
      if (!ok)
        options.log.warn({ url: q.target.url, eventId: event.id, attempts }, "webhook gave up on an event");
    }
  };

  const kick = (q: (typeof queues)[number]) => {
    q.running ??= drain(q).finally(() => {
      q.running = undefined;
      // Events added between the loop's last check and here would otherwise wait for the next deliver.
      if (q.queue.length > 0 && !abort.signal.aborted) kick(q);
    });
  };

  return {
    deliver(events) {
      if (abort.signal.aborted) return;
      for (const q of queues) {
        q.queue.push(...events);
        if (q.queue.length > maxQueue) {
          const dropped = q.queue.splice(0, q.queue.length - maxQueue);
          options.log.warn(
            { url: q.target.url, dropped: dropped.length },
            "webhook queue full, oldest events dropped",
          );
        }
        kick(q);
      }
    },
    async close(graceMs) {
      const running = queues.map((q) => q.running).filter((r) => r !== undefined);
      const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      // Let a POST in progress finish within the grace, then abort what is left.
      await Promise.race([Promise.all(running.map((r) => r.catch(() => undefined))), grace]);
      abort.abort();
      await Promise.all(running);
    },
  };
}
