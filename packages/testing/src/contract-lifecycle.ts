import type { Store } from "@omadm/server";
import { describe, expect, it } from "vitest";
import type { Ctx, StoreFeatures } from "./contract-context.js";
import { expectCode, newDevice } from "./contract-context.js";

export function transactionContract(ctx: Ctx): void {
  describe("transactions", () => {
    it("commits everything a transaction did and returns its value", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("A"));
      const id = await store.transaction(async (tx) => {
        await tx.devices.update("A", { name: "in tx" });
        const command = await tx.commands.enqueue("A", { kind: "Get", uri: "./DevInfo/Mod" });
        await tx.events.append({ deviceId: "A", kind: "device", data: { queued: command.id } });
        return command.id;
      });
      expect((await store.devices.get("A"))?.name).toBe("in tx");
      expect((await store.commands.get(id))?.state).toBe("queued");
      expect(await store.events.list()).toHaveLength(1);
    });

    it("rolls back everything a transaction did when it throws, and rethrows", async () => {
      const { store, clock } = ctx();
      await store.devices.create(newDevice("A"));
      await store.sessions.create({
        token: "t",
        sessionId: "1",
        state: { n: 1 },
        expiresAt: clock.now() + 1000,
      });
      const failure = new Error("engine failed half way");
      await expect(
        store.transaction(async (tx) => {
          expect(await tx.sessions.update("t", 1, { state: { n: 2 } })).toBe(true);
          await tx.devices.update("A", { name: "changed" });
          await tx.commands.enqueue("A", { kind: "Get", uri: "./X" });
          await tx.events.append({ deviceId: "A", kind: "session", data: null });
          await tx.devices.create(newDevice("B"));
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await store.sessions.get("t")).toMatchObject({ version: 1, state: { n: 1 } });
      expect((await store.devices.get("A"))?.name).toBeUndefined();
      expect(await store.devices.get("B")).toBeUndefined();
      expect(await store.commands.count()).toBe(0);
      expect(await store.events.list()).toEqual([]);
      // The store works on after a rollback.
      const command = await store.commands.enqueue("A", { kind: "Get", uri: "./Y" });
      expect(command.seq).toBe(1);
    });

    it("rolls back a transaction whose store call failed", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("A"));
      await expectCode(
        store.transaction(async (tx) => {
          await tx.devices.update("A", { name: "changed" });
          await tx.devices.create(newDevice("A"));
        }),
        "STORE_CONFLICT",
      );
      expect((await store.devices.get("A"))?.name).toBeUndefined();
    });

    it("applies a message once when two transactions race on one session version", async () => {
      const { store, clock } = ctx();
      await store.devices.create(newDevice("A"));
      const command = await store.commands.enqueue("A", { kind: "Get", uri: "./DevInfo/Mod" });
      await store.commands.markSent([command.id], "t");
      await store.sessions.create({
        token: "t",
        deviceId: "A",
        sessionId: "1",
        state: { msg: 2 },
        expiresAt: clock.now() + 1000,
      });
      const apply = (by: string) =>
        store.transaction(async (tx) => {
          if (!(await tx.sessions.update("t", 1, { state: { msg: 3, by } })))
            throw new Error("lost the race");
          await tx.commands.recordResult(command.id, {
            status: 200,
            results: [{ uri: "./DevInfo/Mod", data: { text: by } }],
          });
          await tx.events.append({ deviceId: "A", kind: "command-status", data: { by } });
          return by;
        });
      const outcomes = await Promise.allSettled([apply("p1"), apply("p2")]);
      const won = outcomes.filter((o) => o.status === "fulfilled");
      expect(won).toHaveLength(1);
      const winner = (won[0] as PromiseFulfilledResult<string>).value;
      expect(await store.sessions.get("t")).toMatchObject({ version: 2, state: { by: winner } });
      expect((await store.commands.get(command.id))?.results).toEqual([
        { uri: "./DevInfo/Mod", data: { text: winner } },
      ]);
      expect((await store.events.list()).map((e) => e.data)).toEqual([{ by: winner }]);
    });

    it("serves other calls while a transaction is open, without letting them see inside it", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("A"));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => {
        entered = resolve;
      });
      const tx = store.transaction(async (t) => {
        await t.devices.update("A", { name: "tx" });
        entered();
        await gate;
        return "done";
      });
      await inside;
      const outside = store.devices.create(newDevice("B"));
      const read = store.devices.get("A");
      release();
      expect(await tx).toBe("done");
      await outside;
      // Either before or after the transaction (backends differ), never half of it.
      expect([undefined, "tx"]).toContain((await read)?.name);
      expect(await store.devices.count()).toBe(2);
    });

    it("refuses use of a transaction after it finished", async () => {
      const { store } = ctx();
      let leaked: Parameters<Parameters<Store["transaction"]>[0]>[0] | undefined;
      await store.transaction(async (tx) => {
        leaked = tx;
        return Promise.resolve();
      });
      await expect(leaked!.devices.get("A")).rejects.toBeInstanceOf(Error);
    });
  });
}

export function lifecycleContract(ctx: Ctx, features: StoreFeatures): void {
  describe("migrations and lifecycle", () => {
    it("migrates idempotently", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("A"));
      await store.migrate();
      await store.migrate();
      expect(await store.devices.get("A")).toBeDefined();
      expect((await store.commands.enqueue("A", { kind: "Get", uri: "./X" })).seq).toBe(1);
    });

    it("refuses calls after close, and closes twice without harm", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("A"));
      await store.close();
      await store.close();
      await expectCode(store.devices.get("A"), "STORE_CLOSED");
      await expectCode(store.events.append({ deviceId: "A", kind: "device", data: 1 }), "STORE_CLOSED");
      await expectCode(
        store.transaction(() => Promise.resolve()),
        "STORE_CLOSED",
      );
    });

    it("finishes writes already started when closed", async () => {
      const { store } = ctx();
      const writes = Array.from({ length: 10 }, (_, i) =>
        store.events.append({ deviceId: "A", kind: "device", data: i }),
      );
      const closing = store.close();
      await Promise.all(writes);
      await closing;
    });

    if (features.persistent === true) {
      it("loses nothing across close and reopen", async () => {
        const { store, clock, opened } = ctx();
        await store.devices.create(newDevice("A", { name: "kept", devInfo: { Mod: "M" } }));
        await store.devices.update("A", { clientNonce: "bg==", authFailures: 2, lastSeenAt: clock.now() });
        const c1 = await store.commands.enqueue("A", { kind: "Get", uri: "./1" }, { correlator: "k" });
        const c2 = await store.commands.enqueue("A", { kind: "Replace", uri: "./2", data: { text: "v" } });
        await store.commands.markSent([c1.id, c2.id], "s1");
        await store.commands.recordResult(c1.id, {
          status: 200,
          results: [{ uri: "./1", data: { text: "r" } }],
        });
        await store.sessions.create({
          token: "tok",
          deviceId: "A",
          sessionId: "5",
          state: { deep: { a: [1] } },
          expiresAt: clock.now() + 1000,
        });
        await store.sessions.update("tok", 1, { state: { deep: { a: [1, 2] } } });
        const event = await store.events.append({ deviceId: "A", kind: "generic-alert", data: { x: 1 } });
        await store.notifications.append({ deviceId: "A", channel: "ppg", attempt: 1, outcome: "sent" });
        const token = await store.apiTokens.create({ name: "admin", hash: "h" });
        const before = {
          device: await store.devices.get("A"),
          commands: await store.commands.list(),
          session: await store.sessions.get("tok"),
          events: await store.events.list(),
          attempts: await store.notifications.list("A"),
        };
        await store.close();

        const reopened = await opened.reopen!();
        try {
          expect(await reopened.devices.get("A")).toEqual(before.device);
          expect(await reopened.commands.list()).toEqual(before.commands);
          expect(await reopened.sessions.get("tok")).toEqual(before.session);
          expect(await reopened.events.list()).toEqual(before.events);
          expect(await reopened.notifications.list("A")).toEqual(before.attempts);
          expect(await reopened.apiTokens.findByHash("h")).toEqual(token);
          expect((await reopened.commands.findByCorrelator("A", "k"))?.id).toBe(c1.id);
          // Counters continue: no seq and no event id is handed out twice.
          expect((await reopened.commands.enqueue("A", { kind: "Get", uri: "./3" })).seq).toBe(3);
          expect(
            (await reopened.events.append({ deviceId: "A", kind: "device", data: null })).id,
          ).toBeGreaterThan(event.id);
          expect(await reopened.commands.markSent([c2.id], "s2")).toMatchObject([
            { attempts: 2, resent: true },
          ]);
          await reopened.migrate();
        } finally {
          await reopened.close();
        }
      });

      it("keeps writes that were acknowledged just before close", async () => {
        const { store, opened } = ctx();
        await store.devices.create(newDevice("A"));
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.commands.enqueue("A", { kind: "Get", uri: `./${i}` })),
        );
        await store.close();
        const reopened = await opened.reopen!();
        try {
          expect(await reopened.commands.count({ deviceId: "A" })).toBe(20);
        } finally {
          await reopened.close();
        }
      });
    }
  });
}
