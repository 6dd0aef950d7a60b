import type { NewSession, Session } from "@omadm/server";
import { describe, expect, it } from "vitest";
import type { Ctx } from "./contract-context.js";
import { expectCode, hasNoUndefined } from "./contract-context.js";

export function sessionContract(ctx: Ctx): void {
  describe("sessions", () => {
    const newSession = (token: string, expiresAt: number, extra: Partial<NewSession> = {}): NewSession => ({
      token,
      deviceId: "IMEI:1",
      sessionId: "1A",
      state: { msgId: 1, pending: ["a"] },
      expiresAt,
      ...extra,
    });

    it("creates a session at version 1 and reads it back", async () => {
      const { store, clock } = ctx();
      const created = await store.sessions.create(newSession("tok-1", clock.now() + 60_000));
      const expected: Session = {
        token: "tok-1",
        deviceId: "IMEI:1",
        sessionId: "1A",
        state: { msgId: 1, pending: ["a"] },
        version: 1,
        expiresAt: clock.now() + 60_000,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      };
      expect(created).toEqual(expected);
      expect(await store.sessions.get("tok-1")).toEqual(expected);
      expect(await store.sessions.get("tok-2")).toBeUndefined();
    });

    it("keeps a session without a device, which needs no device row", async () => {
      const { store, clock } = ctx();
      const { deviceId: _deviceId, ...anonymous } = newSession("t", clock.now() + 1);
      const created = await store.sessions.create({ ...anonymous, deviceId: "IMEI:not-registered" });
      expect(created.deviceId).toBe("IMEI:not-registered");
      const bare = await store.sessions.create({ ...anonymous, token: "t2" });
      expect(bare).not.toHaveProperty("deviceId");
      expect(hasNoUndefined(bare)).toBe(true);
    });

    it("refuses a second session with the same token", async () => {
      const { store, clock } = ctx();
      await store.sessions.create(newSession("tok", clock.now() + 1));
      await expectCode(
        store.sessions.create(newSession("tok", clock.now() + 2, { sessionId: "2" })),
        "STORE_CONFLICT",
      );
      expect((await store.sessions.get("tok"))?.sessionId).toBe("1A");
    });

    it("updates a session only at the expected version, one version at a time", async () => {
      const { store, clock } = ctx();
      await store.sessions.create(newSession("tok", clock.now() + 1000));
      clock.advance(10);
      expect(
        await store.sessions.update("tok", 1, { state: { msgId: 2 }, expiresAt: clock.now() + 5000 }),
      ).toBe(true);
      expect(await store.sessions.get("tok")).toMatchObject({
        version: 2,
        state: { msgId: 2 },
        expiresAt: clock.now() + 5000,
        updatedAt: clock.now(),
        deviceId: "IMEI:1",
      });
      expect(await store.sessions.update("tok", 1, { state: { msgId: 99 } })).toBe(false);
      expect(await store.sessions.update("tok", 3, { state: { msgId: 99 } })).toBe(false);
      expect(await store.sessions.get("tok")).toMatchObject({ version: 2, state: { msgId: 2 } });
      expect(await store.sessions.update("tok", 2, { deviceId: "IMEI:2" })).toBe(true);
      expect(await store.sessions.get("tok")).toMatchObject({
        version: 3,
        state: { msgId: 2 },
        deviceId: "IMEI:2",
      });
      expect(await store.sessions.update("missing", 1, {})).toBe(false);
    });

    it("lets exactly one of two simultaneous updates at the same version win", async () => {
      const { store, clock } = ctx();
      await store.sessions.create(newSession("tok", clock.now() + 1000));
      const outcomes = await Promise.all([
        store.sessions.update("tok", 1, { state: { by: "a" } }),
        store.sessions.update("tok", 1, { state: { by: "b" } }),
      ]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const winner = outcomes[0] === true ? "a" : "b";
      expect(await store.sessions.get("tok")).toMatchObject({ version: 2, state: { by: winner } });
    });

    it("lets exactly one of many simultaneous updates at the same version win", async () => {
      const { store, clock } = ctx();
      await store.sessions.create(newSession("tok", clock.now() + 1000));
      const outcomes = await Promise.all(
        Array.from({ length: 16 }, (_, i) => store.sessions.update("tok", 1, { state: { by: i } })),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await store.sessions.get("tok")).toMatchObject({
        version: 2,
        state: { by: outcomes.indexOf(true) },
      });
    });

    it("claims a session at its current version only, changing nothing", async () => {
      const { store, clock } = ctx();
      const created = await store.sessions.create(newSession("tok", clock.now() + 1000));
      expect(await store.sessions.claim("tok", 1)).toBe(true);
      expect(await store.sessions.claim("tok", 2)).toBe(false);
      expect(await store.sessions.claim("other", 1)).toBe(false);
      expect(await store.sessions.get("tok")).toEqual(created);
      expect(await store.sessions.update("tok", 1, { state: { n: 2 } })).toBe(true);
      expect(await store.sessions.claim("tok", 1)).toBe(false);
      expect(await store.sessions.claim("tok", 2)).toBe(true);
    });

    it("lets exactly one of two transactions that claim the same version save the session", async () => {
      const { store, clock } = ctx();
      await store.sessions.create(newSession("tok", clock.now() + 1000));
      // Each transaction claims, then saves at the version it claimed, as the engine does.
      const attempt = (by: string) =>
        store.transaction(async (tx) => {
          if (!(await tx.sessions.claim("tok", 1))) return false;
          return tx.sessions.update("tok", 1, { state: { by } });
        });
      const outcomes = await Promise.all([attempt("a"), attempt("b"), attempt("c")]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const winner = ["a", "b", "c"][outcomes.indexOf(true)];
      expect(await store.sessions.get("tok")).toMatchObject({ version: 2, state: { by: winner } });
    });

    it("deletes a session", async () => {
      const { store, clock } = ctx();
      await store.sessions.create(newSession("tok", clock.now() + 1000));
      expect(await store.sessions.delete("tok")).toBe(true);
      expect(await store.sessions.get("tok")).toBeUndefined();
      expect(await store.sessions.delete("tok")).toBe(false);
      expect(await store.sessions.update("tok", 1, {})).toBe(false);
    });

    it("returns an expired session until it is cleaned up, and cleans up only expired ones", async () => {
      const { store, clock } = ctx();
      const t0 = clock.now();
      await store.sessions.create(newSession("a", t0 + 100));
      await store.sessions.create(newSession("b", t0 + 200));
      await store.sessions.create(newSession("c", t0 + 300));
      expect(await store.sessions.countOpen(t0)).toBe(3);
      clock.advance(200);
      expect(await store.sessions.countOpen(clock.now())).toBe(1);
      expect((await store.sessions.get("a"))?.token).toBe("a");
      expect(await store.sessions.deleteExpired(clock.now())).toBe(2);
      expect(await store.sessions.get("a")).toBeUndefined();
      expect(await store.sessions.get("b")).toBeUndefined();
      expect(await store.sessions.get("c")).toBeDefined();
      expect(await store.sessions.deleteExpired(clock.now())).toBe(0);
      expect(await store.sessions.countOpen(clock.now())).toBe(1);
    });

    it("keeps a session alive that an update extended", async () => {
      const { store, clock } = ctx();
      await store.sessions.create(newSession("a", clock.now() + 100));
      clock.advance(50);
      await store.sessions.update("a", 1, { expiresAt: clock.now() + 100 });
      clock.advance(60);
      expect(await store.sessions.deleteExpired(clock.now())).toBe(0);
      expect(await store.sessions.countOpen(clock.now())).toBe(1);
    });

    it("lists open sessions oldest first, by device, page by page", async () => {
      const { store, clock } = ctx();
      const tokens: string[] = [];
      for (let i = 0; i < 7; i++) {
        const token = `tok-${String.fromCharCode(105 - i)}`;
        tokens.push(token);
        await store.sessions.create(
          newSession(token, clock.now() + 1000, { deviceId: i % 2 === 0 ? "A" : "B" }),
        );
        if (i % 3 === 2) clock.advance(1);
      }
      await store.sessions.create(newSession("expired", clock.now(), { deviceId: "A" }));
      const byAge = (ts: readonly string[]) => [...ts];
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.sessions.list(
          { now: clock.now() },
          { limit: 2, ...(cursor === undefined ? {} : { cursor }) },
        );
        seen.push(...page.items.map((s) => s.token));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(new Set(seen)).toEqual(new Set(byAge(tokens)));
      expect(seen).toHaveLength(7);
      const sessions = (await store.sessions.list({ now: clock.now() })).items;
      for (let i = 1; i < sessions.length; i++) {
        expect(sessions[i]!.createdAt).toBeGreaterThanOrEqual(sessions[i - 1]!.createdAt);
      }
      expect(
        (await store.sessions.list({ now: clock.now(), deviceId: "A" })).items.map((s) => s.deviceId),
      ).toEqual(["A", "A", "A", "A"]);
    });
  });
}
