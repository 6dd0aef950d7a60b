import type { Store } from "@omadm/server";
import { describe, expect, it } from "vitest";
import type { Ctx } from "./contract-context.js";
import { newDevice } from "./contract-context.js";

/** Two stores on one database at once, as two server processes behind a load balancer. */
export function sharedContract(ctx: Ctx): void {
  describe("two processes on one database", () => {
    const withPeer = async (f: (a: Store, b: Store) => Promise<void>) => {
      const { store, opened } = ctx();
      const peer = await opened.peer!();
      try {
        await f(store, peer);
      } finally {
        await peer.close();
      }
    };

    it("lets exactly one process continue a session version", () =>
      withPeer(async (a, b) => {
        await a.sessions.create({ token: "t", sessionId: "1", state: 0, expiresAt: Date.now() + 60_000 });
        for (let version = 1; version <= 10; version++) {
          const outcomes = await Promise.all([
            a.sessions.update("t", version, { state: `a${version}` }),
            b.sessions.update("t", version, { state: `b${version}` }),
          ]);
          expect(outcomes.filter(Boolean)).toHaveLength(1);
        }
        expect((await b.sessions.get("t"))?.version).toBe(11);
      }));

    it("applies a message once when two processes race to apply it", () =>
      withPeer(async (a, b) => {
        await a.devices.create(newDevice("A"));
        const command = await a.commands.enqueue("A", { kind: "Get", uri: "./N" });
        await a.sessions.create({
          token: "t",
          deviceId: "A",
          sessionId: "1",
          state: 0,
          expiresAt: Date.now() + 60_000,
        });
        const apply = (store: Store, by: string) =>
          store.transaction(async (tx) => {
            if (!(await tx.sessions.update("t", 1, { state: by }))) return false;
            await tx.commands.recordResult(command.id, {
              status: 200,
              results: [{ uri: "./N", data: { text: by } }],
            });
            await tx.events.append({ deviceId: "A", kind: "command-status", data: by });
            return true;
          });
        const outcomes = await Promise.all([apply(a, "a"), apply(b, "b")]);
        expect(outcomes.filter(Boolean)).toHaveLength(1);
        expect(await a.events.list()).toHaveLength(1);
      }));

    it("hands out distinct consecutive seqs when both processes enqueue for one device", () =>
      withPeer(async (a, b) => {
        await a.devices.create(newDevice("A"));
        const queued = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            (i % 2 === 0 ? a : b).commands.enqueue("A", { kind: "Get", uri: `./${i}` }),
          ),
        );
        expect(queued.map((c) => c.seq).sort((x, y) => x - y)).toEqual(
          Array.from({ length: 30 }, (_, i) => i + 1),
        );
        const listed = (await b.commands.list({ deviceId: "A" })).items;
        expect(listed.map((c) => c.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      }));

    it("counts authentication failures from both processes", () =>
      withPeer(async (a, b) => {
        await a.devices.create(newDevice("A"));
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).devices.recordAuthFailure("A")),
        );
        expect((await a.devices.get("A"))?.authFailures).toBe(20);
      }));

    it("never lets an event reader following ids miss an event appended by either process", () =>
      withPeer(async (a, b) => {
        const writers = [a, b].map(async (store, w) => {
          for (let i = 0; i < 40; i++) {
            // Inside a transaction that does more work, so commits trail id allocation.
            await store.transaction(async (tx) => {
              await tx.events.append({ deviceId: `W${w}`, kind: "device", data: i });
              await tx.events.lastId();
            });
          }
        });
        const seen: number[] = [];
        let after = 0;
        let writing = true;
        const done = Promise.all(writers).finally(() => {
          writing = false;
        });
        while (writing) {
          const page = await a.events.list({ after, limit: 1000 });
          for (const event of page) seen.push(event.id);
          if (page.length > 0) after = page.at(-1)!.id;
          await new Promise((resolve) => setImmediate(resolve));
        }
        await done;
        for (const event of await a.events.list({ after, limit: 1000 })) seen.push(event.id);
        const all = (await b.events.list({ limit: 1000 })).map((e) => e.id);
        expect(all).toHaveLength(80);
        expect(seen).toEqual(all);
      }));
  });
}
