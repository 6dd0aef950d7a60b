/**
 * The part of the Store that notification and bootstrap use (devices, notification attempts,
 * events), in memory, for their tests. Only what those modules call is implemented; the real
 * backends pass the Store contract suite.
 */
import { OmaDmError } from "@omadm/protocol";
import type {
  Device,
  DevicePatch,
  Event,
  NewDevice,
  NewEvent,
  NotificationAttempt,
  StoreTx,
} from "@omadm/server";

export type NotifyStore = Pick<StoreTx, "devices" | "notifications" | "events">;

export interface MemoryNotifyStore extends NotifyStore {
  readonly attempts: NotificationAttempt[];
  readonly eventList: Event[];
  /** Direct access for tests (e.g. set lastSeenAt). */
  readonly deviceMap: Map<string, Device>;
}

const unsupported = (what: string) => () =>
  Promise.reject(new Error(`${what} is not in the memory notify store`));

export function memoryNotifyStore(
  clock: () => number,
  devices: readonly NewDevice[] = [],
): MemoryNotifyStore {
  const deviceMap = new Map<string, Device>();
  const attempts: NotificationAttempt[] = [];
  const eventList: Event[] = [];
  const addEvent = (e: NewEvent): Event => {
    const event: Event = { ...e, id: eventList.length + 1, at: clock() };
    eventList.push(event);
    return event;
  };
  const create = (d: NewDevice): Device => {
    if (deviceMap.has(d.id)) throw new OmaDmError("STORE_CONFLICT", d.id);
    const device: Device = {
      ...d,
      clientNonce: d.clientNonce ?? "",
      serverNonce: d.serverNonce ?? "",
      authFailures: 0,
      createdAt: clock(),
    };
    deviceMap.set(d.id, device);
    return device;
  };
  for (const d of devices) create(d);
  return {
    deviceMap,
    attempts,
    eventList,
    devices: {
      create: (d) => Promise.resolve(create(d)),
      get: (id) => Promise.resolve(deviceMap.get(id)),
      update(id, patch: DevicePatch) {
        const d = deviceMap.get(id);
        if (d === undefined) return Promise.resolve(undefined);
        const next: Record<string, unknown> = { ...d };
        for (const [k, v] of Object.entries(patch)) {
          if (v === null) delete next[k];
          else if (v !== undefined) next[k] = v;
        }
        deviceMap.set(id, next as unknown as Device);
        return Promise.resolve(next as unknown as Device);
      },
      list: unsupported("devices.list"),
      count: unsupported("devices.count"),
      recordAuthFailure: unsupported("devices.recordAuthFailure"),
      delete: (id) => Promise.resolve(deviceMap.delete(id)),
    },
    notifications: {
      append(a) {
        if (!deviceMap.has(a.deviceId)) return Promise.reject(new OmaDmError("STORE_NOT_FOUND", a.deviceId));
        const attempt: NotificationAttempt = { ...a, id: String(attempts.length + 1), at: clock() };
        attempts.push(attempt);
        return Promise.resolve(attempt);
      },
      list: (deviceId) => Promise.resolve(attempts.filter((a) => a.deviceId === deviceId)),
    },
    events: {
      append: (e) => Promise.resolve(addEvent(e)),
      appendMany: (events) => Promise.resolve(events.map(addEvent)),
      list: (q) => Promise.resolve(eventList.filter((e) => e.id > (q?.after ?? 0))),
      lastId: () => Promise.resolve(eventList.length),
    },
  };
}

/** A fake clock with a sleep that advances it at once, recording every wait. */
export function fakeTime(start = 1_700_000_000_000): {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  readonly waits: number[];
  advance(ms: number): void;
} {
  let t = start;
  const waits: number[] = [];
  return {
    now: () => t,
    sleep(ms) {
      waits.push(ms);
      t += ms;
      return Promise.resolve();
    },
    waits,
    advance(ms) {
      t += ms;
    },
  };
}

/** Deterministic "random" bytes: a counter, so tests can predict ids and jitter. */
export function countingRandom(seed = 1): (n: number) => Uint8Array {
  let x = seed;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      out[i] = x >>> 24;
    }
    return out;
  };
}
