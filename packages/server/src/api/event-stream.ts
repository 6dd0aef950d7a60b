import type { ServerResponse } from "node:http";
import type { Event, EventKind, EventLog } from "../store/store-api.js";
import { eventView } from "./api-views.js";
import type { EventHub } from "./event-hub.js";

/** What one SSE stream wants. */
export interface StreamRequest {
  /** Events with id > after; undefined = from now on. */
  readonly after?: number;
  readonly deviceId?: string;
  readonly kinds?: readonly EventKind[];
}

/** Options of openEventStream. */
export interface EventStreamOptions {
  readonly hub: EventHub;
  readonly events: EventLog;
  /** A comment line this often keeps proxies from closing an idle stream (default 15 s). */
  readonly heartbeatMs?: number;
  /** A client that lets this much pile up unread is cut off; it reconnects with Last-Event-ID (default 1 MiB). */
  readonly maxBufferedBytes?: number;
  /** Called once the stream is open, with the function that ends it (graceful shutdown). */
  readonly opened?: (end: () => void) => void;
}

/**
 * GET /api/stream: server-sent events (text/event-stream, WHATWG HTML §9.2). Each event is
 * `id: N`, `event: KIND`, `data: JSON`. A reconnecting client sends Last-Event-ID (or ?after=N)
 * and first gets what it missed from the Store, then live events; with neither it starts now.
 */
export async function openEventStream(
  res: ServerResponse,
  request: StreamRequest,
  options: EventStreamOptions,
): Promise<void> {
  const { hub } = options;
  const maxBuffered = options.maxBufferedBytes ?? 1 << 20;
  let cursor = request.after ?? hub.cursor();
  let live = false;
  const pending: Event[] = [];
  let closed = false;

  const wanted = (e: Event) =>
    (request.deviceId === undefined || e.deviceId === request.deviceId) &&
    (request.kinds === undefined || request.kinds.includes(e.kind));
  const write = (events: readonly Event[]) => {
    let text = "";
    for (const e of events) {
      if (e.id <= cursor) continue;
      cursor = e.id;
      if (!wanted(e)) continue;
      text += `id: ${e.id}\nevent: ${e.kind}\ndata: ${JSON.stringify(eventView(e))}\n\n`;
    }
    if (text === "" || closed) return;
    res.write(text);
    if (res.writableLength > maxBuffered) end();
  };

  // Subscribe before the backfill so nothing falls between the two; live events wait meanwhile.
  const unsubscribe = hub.subscribe((events) => {
    if (live) write(events);
    else pending.push(...events);
  });
  const heartbeat = setInterval(() => {
    if (!closed) res.write(": ping\n\n");
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  const end = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(heartbeat);
    res.end();
  };
  res.on("close", end);

  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
    // nginx would otherwise buffer the stream.
    "x-accel-buffering": "no",
  });
  res.write("retry: 2000\n\n");
  options.opened?.(end);

  try {
    // Backfill from the Store up to where the hub is, then switch to live delivery.
    while (!closed && cursor < hub.cursor()) {
      const events = await options.events.list({
        after: cursor,
        limit: 500,
        ...(request.deviceId === undefined ? {} : { deviceId: request.deviceId }),
        ...(request.kinds === undefined ? {} : { kinds: request.kinds }),
      });
      if (events.length === 0) break;
      write(events);
    }
  } catch {
    end();
    return;
  }
  live = true;
  write(pending.splice(0));
}
