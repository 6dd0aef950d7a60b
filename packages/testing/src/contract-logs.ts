import { hashApiToken } from "@omadm/server";
import type { EventKind, NewEvent } from "@omadm/server";
import { describe, expect, it } from "vitest";
import type { Ctx } from "./contract-context.js";
import { expectCode, hasNoUndefined, newDevice } from "./contract-context.js";

export function eventContract(ctx: Ctx): void {
  describe("events", () => {
    it("appends events with strictly increasing ids and reads them back in order", async () => {
      const { store, clock } = ctx();
      expect(await store.events.lastId()).toBe(0);
      const a = await store.events.append({
        deviceId: "A",
        kind: "generic-alert",
        data: { type: "x", items: [1, "two", null, true] },
      });
      clock.advance(1);
      const b = await store.events.append({ deviceId: "B", kind: "session", data: "opened" });
      expect(b.id).toBeGreaterThan(a.id);
      expect(a).toEqual({
        id: a.id,
        deviceId: "A",
        kind: "generic-alert",
        data: { type: "x", items: [1, "two", null, true] },
        at: clock.now() - 1,
      });
      expect(await store.events.list()).toEqual([a, b]);
      expect(await store.events.lastId()).toBe(b.id);
    });

    it("appends a list of events in one call, ids increasing in list order", async () => {
      const { store, clock } = ctx();
      expect(await store.events.appendMany([])).toEqual([]);
      const first = await store.events.append({ deviceId: "A", kind: "device", data: null });
      clock.advance(3);
      const list = Array.from({ length: 12 }, (_, i): NewEvent => ({
        deviceId: i % 3 === 0 ? "B" : "A",
        kind: i % 2 === 0 ? "command-status" : "session",
        data: { i, text: `line ${i}\n"quoted" \u00e9` },
      }));
      const appended = await store.events.appendMany(list);
      expect(appended.map(({ deviceId, kind, data }) => ({ deviceId, kind, data }))).toEqual(list);
      for (const e of appended) expect(e.at).toBe(clock.now());
      const ids = appended.map((e) => e.id);
      expect(ids[0]).toBeGreaterThan(first.id);
      expect([...ids].sort((x, y) => x - y)).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
      expect(await store.events.list({ after: first.id })).toEqual(appended);
      const b = await store.events.append({ deviceId: "B", kind: "device", data: 1 });
      expect(b.id).toBeGreaterThan(ids.at(-1)!);
    });

    it("hands out distinct increasing ids to simultaneous appends", async () => {
      const { store } = ctx();
      const appended = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          store.events.append({ deviceId: "A", kind: "command-status", data: { i } }),
        ),
      );
      const listed = await store.events.list({ limit: 1000 });
      expect(listed.map((e) => e.id)).toEqual(appended.map((e) => e.id).sort((x, y) => x - y));
      expect(new Set(listed.map((e) => e.id)).size).toBe(40);
    });

    it("lists events after a cursor id, with a limit, by device and kind", async () => {
      const { store } = ctx();
      const kinds: EventKind[] = ["generic-alert", "client-event", "exec-result", "notification"];
      const all = [];
      for (let i = 0; i < 12; i++) {
        all.push(
          await store.events.append({ deviceId: i % 2 === 0 ? "A" : "B", kind: kinds[i % 4]!, data: i }),
        );
      }
      expect(await store.events.list({ after: all[4]!.id, limit: 3 })).toEqual(all.slice(5, 8));
      expect(await store.events.list({ after: all[11]!.id })).toEqual([]);
      expect(await store.events.list({ deviceId: "B" })).toEqual(all.filter((_, i) => i % 2 === 1));
      expect(await store.events.list({ kinds: ["exec-result", "notification"], after: all[3]!.id })).toEqual(
        all.filter((_, i) => i > 3 && i % 4 >= 2),
      );
      expect(await store.events.list({ deviceId: "A", kinds: ["generic-alert"] })).toEqual(
        all.filter((_, i) => i % 4 === 0),
      );
      // Following the cursor page by page sees every event once.
      const seen: number[] = [];
      let after = 0;
      for (;;) {
        const page = await store.events.list({ after, limit: 5 });
        if (page.length === 0) break;
        seen.push(...page.map((e) => e.id));
        after = page.at(-1)!.id;
      }
      expect(seen).toEqual(all.map((e) => e.id));
    });
  });
}

export function notificationContract(ctx: Ctx): void {
  describe("notification attempts", () => {
    it("records attempts and lists a device's, oldest first", async () => {
      const { store, clock } = ctx();
      await store.devices.create(newDevice("A"));
      await store.devices.create(newDevice("B"));
      const first = await store.notifications.append({
        deviceId: "A",
        channel: "ppg",
        attempt: 1,
        outcome: "failed",
        detail: "PPG 503",
      });
      clock.advance(1000);
      const second = await store.notifications.append({
        deviceId: "A",
        channel: "ppg",
        attempt: 2,
        outcome: "sent",
      });
      await store.notifications.append({ deviceId: "B", channel: "http", attempt: 1, outcome: "sent" });
      expect(first).toEqual({
        id: first.id,
        deviceId: "A",
        channel: "ppg",
        attempt: 1,
        outcome: "failed",
        detail: "PPG 503",
        at: clock.now() - 1000,
      });
      expect(second).not.toHaveProperty("detail");
      expect(hasNoUndefined(second)).toBe(true);
      expect(await store.notifications.list("A")).toEqual([first, second]);
      expect(await store.notifications.list("nobody")).toEqual([]);
    });

    it("lists the most recent attempts since a time (rate limiting)", async () => {
      const { store, clock } = ctx();
      await store.devices.create(newDevice("A"));
      const t0 = clock.now();
      const attempts = [];
      for (let i = 1; i <= 6; i++) {
        attempts.push(
          await store.notifications.append({ deviceId: "A", channel: "udp", attempt: i, outcome: "failed" }),
        );
        clock.advance(10);
      }
      expect(await store.notifications.list("A", { since: t0 + 20 })).toEqual(attempts.slice(2));
      expect(await store.notifications.list("A", { limit: 2 })).toEqual(attempts.slice(4));
      expect(await store.notifications.list("A", { since: t0 + 20, limit: 10 })).toEqual(attempts.slice(2));
    });

    it("refuses an attempt for an unknown device", async () => {
      const { store } = ctx();
      await expectCode(
        store.notifications.append({ deviceId: "nobody", channel: "udp", attempt: 1, outcome: "sent" }),
        "STORE_NOT_FOUND",
      );
    });
  });
}

export function apiTokenContract(ctx: Ctx): void {
  describe("API tokens", () => {
    it("stores only a token's hash and finds the token by hashing what a client presents", async () => {
      const { store, clock } = ctx();
      const secret = "omadm_9f2c1e7a55b04d6c8e1f0a3b2c4d5e6f";
      const hash = hashApiToken(secret);
      expect(hash).not.toContain(secret);
      expect(hash).toBe(hashApiToken(secret));
      expect(hash).not.toBe(hashApiToken(secret + "x"));
      const created = await store.apiTokens.create({ name: "admin", hash });
      expect(created).toEqual({ id: created.id, name: "admin", hash, createdAt: clock.now() });
      expect(await store.apiTokens.findByHash(hashApiToken(secret))).toEqual(created);
      expect(await store.apiTokens.findByHash(hashApiToken("omadm_wrong"))).toBeUndefined();
      expect(await store.apiTokens.findByHash(secret)).toBeUndefined();
    });

    it("refuses a second token with the same hash", async () => {
      const { store } = ctx();
      await store.apiTokens.create({ name: "a", hash: hashApiToken("t") });
      await expectCode(store.apiTokens.create({ name: "b", hash: hashApiToken("t") }), "STORE_CONFLICT");
      expect(await store.apiTokens.list()).toHaveLength(1);
    });

    it("lists tokens oldest first and deletes them", async () => {
      const { store } = ctx();
      const a = await store.apiTokens.create({ name: "a", hash: hashApiToken("ta") });
      const b = await store.apiTokens.create({ name: "b", hash: hashApiToken("tb") });
      expect(await store.apiTokens.list()).toEqual([a, b]);
      expect(await store.apiTokens.delete(a.id)).toBe(true);
      expect(await store.apiTokens.delete(a.id)).toBe(false);
      expect(await store.apiTokens.delete("nonsense")).toBe(false);
      expect(await store.apiTokens.list()).toEqual([b]);
      expect(await store.apiTokens.findByHash(hashApiToken("ta"))).toBeUndefined();
    });
  });
}
