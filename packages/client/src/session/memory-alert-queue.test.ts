import { describe, expect, it } from "vitest";
import { memoryAlertQueue } from "./memory-alert-queue.js";

describe("memoryAlertQueue", () => {
  it("keeps alerts in order per server (and those for any server) until acknowledged", () => {
    const q = memoryAlertQueue();
    const a = q.add({ serverId: "s1", alert: 1226, correlator: "c", items: [] });
    const b = q.add({ alert: 1224, items: [] });
    const c = q.add({ serverId: "s2", alert: 1226, items: [] });
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    expect(q.pending("s1").map((x) => x.id)).toEqual([a.id, b.id]);
    expect(q.pending("s2").map((x) => x.id)).toEqual([b.id, c.id]);
    q.acknowledge([b.id, "unknown"]);
    expect(q.pending("s1").map((x) => x.id)).toEqual([a.id]);
    expect(q.pending("s2").map((x) => x.id)).toEqual([c.id]);
  });

  it("starts from given alerts and never reuses their ids", () => {
    const q = memoryAlertQueue([{ id: "a7", alert: 1224, items: [] }]);
    expect(q.add({ alert: 1224, items: [] }).id).toBe("a8");
  });
});
