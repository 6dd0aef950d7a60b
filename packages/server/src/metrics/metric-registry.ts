/**
 * Prometheus metrics written by hand in the text exposition format 0.0.4 (no dependency): counters,
 * gauges and histograms with labels, rendered by `MetricRegistry.render()`.
 */

/** Label values of one series, by label name. */
export type Labels = Readonly<Record<string, string>>;

/** A monotonically increasing count. */
export interface Counter {
  inc(labels?: Labels, by?: number): void;
  /** The current value of one series (0 when never incremented). */
  value(labels?: Labels): number;
}

/** A value that goes up and down; `collect` is asked at scrape time when given. */
export interface Gauge {
  set(value: number, labels?: Labels): void;
  value(labels?: Labels): number;
}

/** A distribution over fixed buckets (upper bounds, ascending). */
export interface Histogram {
  observe(value: number, labels?: Labels): void;
  /** How many observations one series has. */
  count(labels?: Labels): number;
}

/** A set of metrics rendered together at /metrics. */
export interface MetricRegistry {
  counter(name: string, help: string): Counter;
  gauge(name: string, help: string, collect?: () => Promise<number> | number): Gauge;
  histogram(name: string, help: string, buckets: readonly number[]): Histogram;
  /** The exposition text; gauges with a `collect` are refreshed first (a failing one keeps its last value). */
  render(): Promise<string>;
}

/** The exposition format's content type. */
export const metricsContentType = "text/plain; version=0.0.4; charset=utf-8";

/** Default latency buckets in seconds: 1 ms to 10 s. */
export const latencyBuckets = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;

interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "gauge" | "histogram";
  lines(): string[];
  refresh?(): Promise<void>;
}

/** A new, empty registry. */
export function createMetricRegistry(): MetricRegistry {
  const families: Family[] = [];
  const names = new Set<string>();
  const add = <F extends Family>(family: F): F => {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(family.name))
      throw new TypeError(`bad metric name ${family.name}`);
    if (names.has(family.name)) throw new TypeError(`metric ${family.name} registered twice`);
    names.add(family.name);
    families.push(family);
    return family;
  };

  return {
    counter(name, help) {
      const series = new Map<string, { labels: Labels; value: number }>();
      add({
        name,
        help,
        type: "counter" as const,
        lines: () => [...series.values()].map((s) => `${name}${labelText(s.labels)} ${num(s.value)}`),
      });
      return {
        inc(labels = {}, by = 1) {
          if (!(by >= 0)) throw new RangeError("a counter only goes up");
          const key = keyOf(labels);
          const s = series.get(key);
          if (s === undefined) series.set(key, { labels, value: by });
          else s.value += by;
        },
        value: (labels = {}) => series.get(keyOf(labels))?.value ?? 0,
      };
    },

    gauge(name, help, collect) {
      const series = new Map<string, { labels: Labels; value: number }>();
      const set = (value: number, labels: Labels = {}) => {
        series.set(keyOf(labels), { labels, value });
      };
      if (collect !== undefined) set(0);
      add({
        name,
        help,
        type: "gauge" as const,
        lines: () => [...series.values()].map((s) => `${name}${labelText(s.labels)} ${num(s.value)}`),
        ...(collect === undefined
          ? {}
          : {
              refresh: async () => {
                try {
                  set(await collect());
                } catch {
                  // A store that cannot answer keeps the last value; the scrape still succeeds.
                }
              },
            }),
      });
      return { set, value: (labels = {}) => series.get(keyOf(labels))?.value ?? 0 };
    },

    histogram(name, help, buckets) {
      const bounds = [...buckets].sort((a, b) => a - b);
      const series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
      add({
        name,
        help,
        type: "histogram" as const,
        lines: () =>
          [...series.values()].flatMap((s) => {
            let cumulative = 0;
            const out = bounds.map((le, i) => {
              cumulative += s.counts[i] ?? 0;
              return `${name}_bucket${labelText({ ...s.labels, le: num(le) })} ${cumulative}`;
            });
            out.push(`${name}_bucket${labelText({ ...s.labels, le: "+Inf" })} ${s.count}`);
            out.push(`${name}_sum${labelText(s.labels)} ${num(s.sum)}`);
            out.push(`${name}_count${labelText(s.labels)} ${s.count}`);
            return out;
          }),
      });
      return {
        observe(value, labels = {}) {
          const key = keyOf(labels);
          let s = series.get(key);
          if (s === undefined) {
            s = { labels, counts: bounds.map(() => 0), sum: 0, count: 0 };
            series.set(key, s);
          }
          const i = bounds.findIndex((le) => value <= le);
          if (i >= 0) s.counts[i] = (s.counts[i] ?? 0) + 1;
          s.sum += value;
          s.count += 1;
        },
        count: (labels = {}) => series.get(keyOf(labels))?.count ?? 0,
      };
    },

    async render() {
      await Promise.all(families.map((f) => (f.refresh === undefined ? Promise.resolve() : f.refresh())));
      const out: string[] = [];
      for (const f of families) {
        out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`, ...f.lines());
      }
      return out.join("\n") + "\n";
    },
  };
}

function keyOf(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k]}`)
    .join("\u0001");
}

function labelText(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return "";
  return `{${keys.map((k) => `${k}="${escapeLabel(labels[k] ?? "")}"`).join(",")}}`;
}

// [Prometheus exposition format] label values escape backslash, double quote and newline;
// HELP text escapes backslash and newline.
function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function num(v: number): string {
  if (v === Number.POSITIVE_INFINITY) return "+Inf";
  if (v === Number.NEGATIVE_INFINITY) return "-Inf";
  return Number.isNaN(v) ? "NaN" : String(v);
}
