import { describe, expect, it } from "vitest";
import type { Event, EventLog, EventQuery, NewEvent } from "../store/store-api.js";
import { createEventHub } from "./event-hub.js";

/** An in-memory event log shared by "processes" (hubs), as a database would be. */
function memoryLog(): EventLog & { all: Event[] } {
  const all: Event[] = [];
  const add = (e: NewEvent): Event => {
    const event = { ...e, id: all.length + 1, at: 0 };
    all.push(event);
    return event;
  };
  return {
    all,
    append: (e) => Promise.resolve(add(e)),
    appendMany: (events) => Promise.resolve(events.map(add)),
    list(q: EventQuery = {}) {
      const after = q.after ?? 0;
      return Promise.resolve(all.filter((e) => e.id > after).slice(0, q.limit ?? 100));
    },
    lastId: () => Promise.resolve(all.length),
  };
}

const quiet = { warn() {} };
const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe("createEventHub", () => {
  it("publishes events appended after start, in order, each once", async () => {
    const log = memoryLog();
    await log.append({ deviceId: "old", kind: "device", data: {} });
    const hub = createEventHub({ events: log, pollMs: 60_000, log: quiet });
    await hub.start();
    const seen: number[] = [];
    hub.subscribe((events) => seen.push(...events.map((e) => e.id)));
    for (let i = 0; i < 3; i++) {
      await log.append({ deviceId: "d", kind: "session", data: { i } });
      hub.wake();
      hub.wake();
    }
    await until(() => seen.length === 3);
    hub.wake();
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([2, 3, 4]);
    await hub.stop();
  });

  it("only moves its cursor while nothing listens, and delivers what follows a subscription", async () => {
    const log = memoryLog();
    let lists = 0;
    const counted: EventLog = { ...log, list: (q) => (lists++, log.list(q)) };
    const hub = createEventHub({ events: counted, pollMs: 60_000, log: quiet });
    await hub.start();
    for (let i = 0; i < 3; i++) await log.append({ deviceId: "d", kind: "session", data: { i } });
    hub.wake();
    await until(() => hub.cursor() === 3);
    expect(hub.cursor()).toBe(3);
    expect(lists).toBe(0);
    const seen: number[] = [];
    hub.subscribe((events) => seen.push(...events.map((e) => e.id)));
    await log.append({ deviceId: "d", kind: "session", data: { i: 3 } });
    hub.wake();
    await until(() => seen.length === 1);
    expect(seen).toEqual([4]);
    expect(lists).toBeGreaterThan(0);
    await hub.stop();
  });

  it("finds events another process wrote by polling", async () => {
    const log = memoryLog();
    const hub = createEventHub({ events: log, pollMs: 10, log: quiet });
    await hub.start();
    const seen: Event[] = [];
    hub.subscribe((events) => seen.push(...events));
    await log.append({ deviceId: "elsewhere", kind: "generic-alert", data: {} });
    await until(() => seen.length === 1);
    expect(seen.map((e) => e.deviceId)).toEqual(["elsewhere"]);
    expect(hub.cursor()).toBe(1);
    await hub.stop();
  });

  it("reads past a full batch and keeps going when a listener throws", async () => {
    const log = memoryLog();
    const hub = createEventHub({ events: log, pollMs: 60_000, log: quiet });
    await hub.start();
    let count = 0;
    hub.subscribe(() => {
      throw new Error("bad listener");
    });
    hub.subscribe((events) => (count += events.length));
    for (let i = 0; i < 1200; i++) await log.append({ deviceId: "d", kind: "session", data: {} });
    hub.wake();
    await until(() => count === 1200);
    expect(count).toBe(1200);
    await hub.stop();
  });
});
