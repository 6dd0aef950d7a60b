import { describe, expect, it } from "vitest";
import { createMetricRegistry } from "./metric-registry.js";
import { createServerMetrics } from "./server-metrics.js";

describe("createMetricRegistry", () => {
  it("renders counters with HELP, TYPE and escaped labels", async () => {
    const r = createMetricRegistry();
    const c = r.counter("x_total", "Things.\nMore");
    c.inc({ direction: "in" });
    c.inc({ direction: "in" }, 2);
    c.inc({ direction: 'o"u\\t' });
    expect(await r.render()).toBe(
      [
        "# HELP x_total Things.\\nMore",
        "# TYPE x_total counter",
        'x_total{direction="in"} 3',
        'x_total{direction="o\\"u\\\\t"} 1',
        "",
      ].join("\n"),
    );
    expect(c.value({ direction: "in" })).toBe(3);
  });

  it("renders cumulative histogram buckets with sum and count", async () => {
    const r = createMetricRegistry();
    const h = r.histogram("d_seconds", "D.", [0.1, 1]);
    h.observe(0.05);
    h.observe(0.5);
    h.observe(3);
    const text = await r.render();
    expect(text).toContain('d_seconds_bucket{le="0.1"} 1\n');
    expect(text).toContain('d_seconds_bucket{le="1"} 2\n');
    expect(text).toContain('d_seconds_bucket{le="+Inf"} 3\n');
    expect(text).toContain("d_seconds_sum 3.55\n");
    expect(text).toContain("d_seconds_count 3\n");
  });

  it("asks gauges with a collector at scrape time and keeps the last value when it fails", async () => {
    const r = createMetricRegistry();
    let depth = 4;
    let fail = false;
    r.gauge("q", "Q.", () => {
      if (fail) throw new Error("store down");
      return depth;
    });
    expect(await r.render()).toContain("\nq 4\n");
    depth = 7;
    fail = true;
    expect(await r.render()).toContain("\nq 4\n");
    fail = false;
    expect(await r.render()).toContain("\nq 7\n");
  });

  it("refuses a counter going down and a name registered twice", () => {
    const r = createMetricRegistry();
    const c = r.counter("a", "A.");
    expect(() => c.inc({}, -1)).toThrow(RangeError);
    expect(() => r.counter("a", "again")).toThrow(TypeError);
    expect(() => r.counter("bad name", "B.")).toThrow(TypeError);
  });
});

describe("createServerMetrics", () => {
  it("exposes the server's metric families", async () => {
    const m = createServerMetrics({ queueDepth: () => 5, openSessions: async () => Promise.resolve(2) });
    m.sessionsTotal.inc();
    m.messagesTotal.inc({ direction: "in" });
    m.dmRequestDuration.observe(0.002);
    const text = await m.registry.render();
    for (const line of [
      "omadm_sessions_total 1",
      'omadm_messages_total{direction="in"} 1',
      "omadm_queue_depth 5",
      "omadm_open_sessions 2",
      "omadm_dm_request_duration_seconds_count 1",
      "# TYPE omadm_auth_failures_total counter",
    ]) {
      expect(text).toContain(line);
    }
  });
});
