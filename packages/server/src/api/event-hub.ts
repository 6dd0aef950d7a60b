import type { Event, EventLog } from "../store/store-api.js";

/** Receives events in id order, each once. */
export type EventListener = (events: readonly Event[]) => void;

/** Options of createEventHub. */
export interface EventHubOptions {
  readonly events: EventLog;
  /** How often the Store is read for events other processes wrote (default 1000 ms). */
  readonly pollMs?: number;
  readonly log: { warn(fields: object, msg: string): void };
}

/** Live events from the Store, for SSE streams, webhooks and in-process listeners. */
export interface EventHub {
  /** Starts at the Store's last event: only events after start-up are published. */
  start(): Promise<void>;
  /** Reads the Store now (an event was appended in this process); coalesces calls. */
  wake(): void;
  /** The id of the last event published. */
  cursor(): number;
  /** Listens; returns the unsubscribe function. A throwing listener does not stop the others. */
  subscribe(listener: EventListener): () => void;
  /** Stops polling; resolves when a read in progress has finished. */
  stop(): Promise<void>;
}

const batch = 500;

/**
 * One reader of the event log per process. It does not trust in-process notifications for
 * content: every event is read back from the Store after the cursor, so events appended by another
 * server process arrive too, in the Store's commit order, and none twice. In-process appends only
 * trigger an immediate read (`wake`), so a single process delivers without the poll delay. While
 * nothing listens (no SSE stream, webhook or in-process listener) a read only moves the cursor to
 * the Store's last id, one indexed lookup instead of every event read back.
 */
export function createEventHub(options: EventHubOptions): EventHub {
  const pollMs = options.pollMs ?? 1000;
  const listeners = new Set<EventListener>();
  let cursor = 0;
  let timer: NodeJS.Timeout | undefined;
  let reading: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const readAll = async () => {
    if (listeners.size === 0) {
      // Nobody to deliver to: only move the cursor (an SSE stream that opens backfills from it).
      cursor = Math.max(cursor, await options.events.lastId());
      return;
    }
    for (;;) {
      const events = await options.events.list({ after: cursor, limit: batch });
      if (events.length === 0) return;
      cursor = events[events.length - 1]!.id;
      for (const l of [...listeners]) {
        try {
          l(events);
        } catch (e) {
          options.log.warn({ err: e }, "event listener failed");
        }
      }
      if (events.length < batch) return;
    }
  };

  const poll = () => {
    if (stopped) return;
    if (reading !== undefined) {
      again = true;
      return;
    }
    reading = readAll()
      .catch((e: unknown) => options.log.warn({ err: e }, "reading events failed"))
      .finally(() => {
        reading = undefined;
        if (again && !stopped) {
          again = false;
          poll();
        }
      });
  };

  return {
    async start() {
      cursor = await options.events.lastId();
      timer = setInterval(poll, pollMs);
      timer.unref();
    },
    wake: poll,
    cursor: () => cursor,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      await reading;
    },
  };
}
