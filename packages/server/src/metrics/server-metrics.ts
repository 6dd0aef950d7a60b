import {
  createMetricRegistry,
  latencyBuckets,
  type Counter,
  type Gauge,
  type Histogram,
  type MetricRegistry,
} from "./metric-registry.js";

/** Where the scrape-time gauges come from (the Store, normally). */
export interface ServerMetricSources {
  /** Commands queued or sent and not yet done, over all devices. */
  readonly queueDepth?: () => Promise<number> | number;
  /** Sessions parked in the Store that have not expired. */
  readonly openSessions?: () => Promise<number> | number;
}

/** The server's metrics (names prefixed `omadm_`), rendered at /metrics. */
export interface ServerMetrics {
  readonly registry: MetricRegistry;
  /** DM sessions started (the first message of a session was accepted). */
  readonly sessionsTotal: Counter;
  /** DM sessions ended, label outcome "completed" | "aborted". */
  readonly sessionsClosedTotal: Counter;
  /** DM messages, label direction "in" (received) or "out" (sent). */
  readonly messagesTotal: Counter;
  /** Device authentication failures (wrong or missing credentials, locked out). */
  readonly authFailuresTotal: Counter;
  /** HTTP requests by route and status code. */
  readonly httpRequestsTotal: Counter;
  /** Time to answer one POST /dm, seconds. */
  readonly dmRequestDuration: Histogram;
  readonly queueDepth: Gauge;
  readonly openSessions: Gauge;
  /** Event deliveries to webhooks, label outcome "delivered" | "failed". */
  readonly webhookDeliveriesTotal: Counter;
}

/** The server's metric set on a fresh registry. */
export function createServerMetrics(sources: ServerMetricSources = {}): ServerMetrics {
  const registry = createMetricRegistry();
  return {
    registry,
    sessionsTotal: registry.counter("omadm_sessions_total", "DM sessions started."),
    sessionsClosedTotal: registry.counter("omadm_sessions_closed_total", "DM sessions ended by outcome."),
    messagesTotal: registry.counter("omadm_messages_total", "DM messages by direction (in, out)."),
    authFailuresTotal: registry.counter(
      "omadm_auth_failures_total",
      "Device authentication failures by reason.",
    ),
    httpRequestsTotal: registry.counter("omadm_http_requests_total", "HTTP requests by route and status."),
    dmRequestDuration: registry.histogram(
      "omadm_dm_request_duration_seconds",
      "Time to answer one DM message (POST /dm), seconds.",
      latencyBuckets,
    ),
    queueDepth: registry.gauge(
      "omadm_queue_depth",
      "Commands queued or in flight, not yet done.",
      sources.queueDepth,
    ),
    openSessions: registry.gauge(
      "omadm_open_sessions",
      "DM sessions open (parked, not expired).",
      sources.openSessions,
    ),
    webhookDeliveriesTotal: registry.counter(
      "omadm_webhook_deliveries_total",
      "Event deliveries to webhooks by outcome (delivered, failed).",
    ),
  };
}
