import type { DmCommand, QueuedCommand } from "@omadm/server";
import { describe, expect, it } from "vitest";
import type { Ctx } from "./contract-context.js";
import { expectCode, hasNoUndefined, newDevice } from "./contract-context.js";

const get = (uri: string): DmCommand => ({ kind: "Get", uri });

export function commandContract(ctx: Ctx): void {
  describe("commands", () => {
    it("queues commands per device in order, seq counting from 1 for each device", async () => {
      const { store, clock } = ctx();
      await store.devices.create(newDevice("A"));
      await store.devices.create(newDevice("B"));
      const a1 = await store.commands.enqueue("A", get("./DevInfo/Mod"));
      const b1 = await store.commands.enqueue("B", get("./DevInfo/Man"));
      const a2 = await store.commands.enqueue("A", get("./DevDetail/FwV"));
      expect([a1.seq, a2.seq, b1.seq]).toEqual([1, 2, 1]);
      expect(a1).toEqual({
        id: a1.id,
        deviceId: "A",
        seq: 1,
        command: get("./DevInfo/Mod"),
        state: "queued",
        attempts: 0,
        resent: false,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      } satisfies QueuedCommand);
      expect(hasNoUndefined(a1)).toBe(true);
      expect(new Set([a1.id, a2.id, b1.id]).size).toBe(3);
      expect(await store.commands.get(a2.id)).toEqual(a2);
    });

    it("refuses a command for an unknown device", async () => {
      const { store } = ctx();
      await expectCode(store.commands.enqueue("nobody", get("./DevInfo/Mod")), "STORE_NOT_FOUND");
      expect(await store.commands.count()).toBe(0);
    });

    it("hands out distinct consecutive seqs to simultaneous enqueues", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("A"));
      const commands = await Promise.all(
        Array.from({ length: 25 }, (_, i) => store.commands.enqueue("A", get(`./Vendor/N${i}`))),
      );
      expect(commands.map((c) => c.seq).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 25 }, (_, i) => i + 1),
      );
    });

    it("keeps every kind of command, nested groups and TNDS payloads included", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("A"));
      const commands: DmCommand[] = [
        get("./DevDetail"),
        {
          kind: "Replace",
          uri: "./Vendor/Name",
          format: "chr",
          type: "text/plain",
          data: { text: "ünïcode <&>" },
        },
        { kind: "Add", uri: "./Vendor/Blob", format: "bin", data: { base64: "AAEC/w==" } },
        {
          kind: "Add",
          uri: "./Vendor",
          data: { tnds: "<MgmtTree><VerDTD>1.2</VerDTD><Node><NodeName>X</NodeName></Node></MgmtTree>" },
        },
        { kind: "Delete", uri: "./Vendor/Old" },
        { kind: "Exec", uri: "./FUMO/Update", data: { text: "go" }, async: true },
        { kind: "Copy", uri: "./Vendor/B", source: "./Vendor/A" },
        {
          kind: "Atomic",
          commands: [
            { kind: "Replace", uri: "./A", data: { text: "1" } },
            { kind: "Sequence", commands: [get("./B"), { kind: "Delete", uri: "./C" }] },
          ],
        },
      ];
      for (const command of commands) {
        const queued = await store.commands.enqueue("A", command);
        expect((await store.commands.get(queued.id))?.command).toEqual(command);
      }
    });

    it("answers undefined for an unknown or malformed command id", async () => {
      const { store } = ctx();
      for (const id of ["999999", "abc", "", "-1", "1.5", "99999999999999999999"]) {
        expect(await store.commands.get(id)).toBeUndefined();
        expect(await store.commands.cancel(id)).toBe(false);
        expect(await store.commands.recordResult(id, { status: 200 })).toBeUndefined();
      }
    });

    it("lists commands by device and state in enqueue order, page by page", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("A"));
      await store.devices.create(newDevice("B"));
      const all: QueuedCommand[] = [];
      for (let i = 0; i < 12; i++)
        all.push(await store.commands.enqueue(i % 3 === 0 ? "B" : "A", get(`./N${i}`)));
      const ofA = all.filter((c) => c.deviceId === "A");
      await store.commands.cancel(ofA[0]!.id);
      const collected: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.commands.list(
          { deviceId: "A" },
          { limit: 3, ...(cursor === undefined ? {} : { cursor }) },
        );
        collected.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(collected).toEqual(ofA.map((c) => c.id));
      const queuedA = await store.commands.list({ deviceId: "A", states: ["queued"] });
      expect(queuedA.items.map((c) => c.id)).toEqual(ofA.slice(1).map((c) => c.id));
      expect((await store.commands.list({ states: ["cancelled", "done"] })).items.map((c) => c.id)).toEqual([
        ofA[0]!.id,
      ]);
      expect((await store.commands.list({ states: [] })).items).toEqual([]);
      expect((await store.commands.list()).items.map((c) => c.id)).toEqual(all.map((c) => c.id));
      expect(await store.commands.count({ deviceId: "A", states: ["queued"] })).toBe(ofA.length - 1);
      expect(await store.commands.count({ states: ["queued", "sent"] })).toBe(11);
      expect(await store.commands.count()).toBe(12);
    });

    it("gives a new session the queued and unanswered commands in seq order, and nothing finished", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("A"));
      const c = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => store.commands.enqueue("A", get(`./N${i}`))));
      const [c1, c2, c3, c4, c5, c6] = c.sort((x, y) => x.seq - y.seq) as [QueuedCommand, ...QueuedCommand[]];
      await store.commands.markSent([c1.id, c2!.id, c3!.id], "s1");
      await store.commands.recordResult(c1.id, { status: 200 });
      await store.commands.recordResult(c3!.id, { status: 404 });
      await store.commands.cancel(c4!.id);
      const next = await store.commands.nextForSession("A");
      expect(next.map((x) => x.id)).toEqual([c2!.id, c5!.id, c6!.id]);
      expect(next.map((x) => x.state)).toEqual(["sent", "queued", "queued"]);
      expect(await store.commands.nextForSession("nobody")).toEqual([]);
    });

    it("marks commands sent, and resent when a later session sends them again", async () => {
      const { store, clock } = ctx();
      await store.devices.create(newDevice("A"));
      const c1 = await store.commands.enqueue("A", get("./N1"));
      const c2 = await store.commands.enqueue("A", get("./N2"));
      clock.advance(5);
      const first = await store.commands.markSent([c2.id, c1.id], "session-1");
      expect(first.map((c) => [c.id, c.state, c.attempts, c.resent, c.sessionRef])).toEqual([
        [c1.id, "sent", 1, false, "session-1"],
        [c2.id, "sent", 1, false, "session-1"],
      ]);
      expect(first[0]?.updatedAt).toBe(clock.now());
      // The same session again (a large object's next chunk) is not another attempt.
      const again = await store.commands.markSent([c1.id], "session-1");
      expect(again.map((c) => [c.attempts, c.resent])).toEqual([[1, false]]);
      // The Status never came: the next session sends it again.
      const resent = await store.commands.markSent([c1.id], "session-2");
      expect(resent.map((c) => [c.attempts, c.resent, c.sessionRef])).toEqual([[2, true, "session-2"]]);
      expect(await store.commands.get(c1.id)).toMatchObject({ attempts: 2, resent: true, state: "sent" });
      expect(await store.commands.get(c2.id)).toMatchObject({ attempts: 1, resent: false });
    });

    it("leaves finished and cancelled commands alone when marking sent", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("A"));
      const done = await store.commands.enqueue("A", get("./N1"));
      const cancelled = await store.commands.enqueue("A", get("./N2"));
      await store.commands.markSent([done.id], "s1");
      await store.commands.recordResult(done.id, { status: 200 });
      await store.commands.cancel(cancelled.id);
      expect(await store.commands.markSent([done.id, cancelled.id, "12345678", "x"], "s2")).toEqual([]);
      expect(await store.commands.markSent([], "s2")).toEqual([]);
      expect(await store.commands.get(done.id)).toMatchObject({
        state: "done",
        attempts: 1,
        sessionRef: "s1",
      });
      expect(await store.commands.get(cancelled.id)).toMatchObject({ state: "cancelled", attempts: 0 });
    });

    it("records a Status: done for 2xx, failed otherwise, or the state given", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("A"));
      const ids = await Promise.all(
        [1, 2, 3, 4].map(async (i) => (await store.commands.enqueue("A", get(`./N${i}`))).id),
      );
      await store.commands.markSent(ids, "s1");
      expect(await store.commands.recordResult(ids[0]!, { status: 200 })).toMatchObject({
        state: "done",
        status: 200,
      });
      expect(await store.commands.recordResult(ids[1]!, { status: 404 })).toMatchObject({
        state: "failed",
        status: 404,
      });
      expect(await store.commands.recordResult(ids[2]!, { status: 202, state: "done" })).toMatchObject({
        state: "done",
      });
      expect(await store.commands.recordResult(ids[3]!, { status: 215, state: "failed" })).toMatchObject({
        state: "failed",
      });
      expect(await store.commands.nextForSession("A")).toEqual([]);
    });

    it("stores Results and the outcomes of an Atomic's children against the command", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("A"));
      const cmd = await store.commands.enqueue("A", get("./DevInfo"));
      const results = [
        { uri: "./DevInfo/Mod", format: "chr", type: "text/plain", data: { text: "GW-1" } },
        { uri: "./DevInfo/Blob", format: "bin", data: { base64: "AAE=" } },
        { uri: "./DevInfo/Empty" },
      ];
      const children = [{ status: 216 }, { status: 507, children: [{ status: 200, results }] }];
      const recorded = await store.commands.recordResult(cmd.id, { status: 507, results, children });
      expect(recorded).toMatchObject({ state: "failed", status: 507, results, children });
      expect(await store.commands.get(cmd.id)).toEqual(recorded);
    });

    it("overwrites the status of a later result and keeps results it does not repeat", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("A"));
      const exec = await store.commands.enqueue(
        "A",
        { kind: "Exec", uri: "./FUMO/Update", async: true },
        { correlator: "c-1" },
      );
      await store.commands.markSent([exec.id], "s1");
      const results = [{ uri: "./FUMO/State", data: { text: "10" } }];
      await store.commands.recordResult(exec.id, { status: 202, results });
      expect(await store.commands.recordResult(exec.id, { status: 200 })).toMatchObject({
        status: 200,
        state: "done",
        results,
      });
      const replaced = [{ uri: "./FUMO/State", data: { text: "100" } }];
      expect(await store.commands.recordResult(exec.id, { status: 410, results: replaced })).toMatchObject({
        status: 410,
        state: "failed",
        results: replaced,
      });
    });

    it("records the outcomes of several commands at once, as recordResult would one by one", async () => {
      const { store, clock } = ctx();
      await store.devices.create(newDevice("A"));
      const ids = await Promise.all(
        [1, 2, 3, 4].map(async (i) => (await store.commands.enqueue("A", get(`./N${i}`))).id),
      );
      await store.commands.markSent(ids, "s1");
      const kept = [{ uri: "./N4", data: { text: "kept" } }];
      await store.commands.recordResult(ids[3]!, { status: 202, results: kept });
      clock.advance(5);
      const results = [{ uri: "./N1", format: "chr", data: { text: "v1" } }];
      const children = [{ status: 200 }, { status: 216 }];
      const recorded = await store.commands.recordResults([
        { id: ids[2]!, outcome: { status: 404 } },
        { id: ids[0]!, outcome: { status: 200, results, children } },
        { id: "999999", outcome: { status: 200 } },
        { id: "not-an-id", outcome: { status: 200 } },
        { id: ids[3]!, outcome: { status: 200 } },
      ]);
      // In the order given, only commands that exist.
      expect(recorded).toEqual([
        { id: ids[2], state: "failed" },
        { id: ids[0], state: "done" },
        { id: ids[3], state: "done" },
      ]);
      expect(await store.commands.get(ids[0]!)).toMatchObject({
        state: "done",
        status: 200,
        results,
        children,
        updatedAt: clock.now(),
      });
      expect(await store.commands.get(ids[2]!)).toMatchObject({ state: "failed", status: 404 });
      expect(await store.commands.get(ids[2]!)).not.toHaveProperty("results");
      // Results not repeated stay, as with recordResult.
      expect(await store.commands.get(ids[3]!)).toMatchObject({ state: "done", status: 200, results: kept });
      // Untouched.
      expect(await store.commands.get(ids[1]!)).toMatchObject({ state: "sent" });
      expect(await store.commands.get(ids[1]!)).not.toHaveProperty("status");
      expect(await store.commands.recordResults([])).toEqual([]);
      expect(
        await store.commands.recordResults([{ id: ids[1]!, outcome: { status: 202, state: "done" } }]),
      ).toEqual([{ id: ids[1], state: "done" }]);
    });

    it("records a Status that arrives after the command was cancelled", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("A"));
      const cmd = await store.commands.enqueue("A", get("./N"));
      await store.commands.markSent([cmd.id], "s1");
      expect(await store.commands.cancel(cmd.id)).toBe(true);
      expect(await store.commands.recordResult(cmd.id, { status: 200 })).toMatchObject({
        state: "done",
        status: 200,
      });
    });

    it("finds the device's most recent command with a correlator", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("A"));
      await store.devices.create(newDevice("B"));
      const exec = { kind: "Exec", uri: "./FUMO/Update", async: true } as const;
      await store.commands.enqueue("A", exec, { correlator: "corr-1" });
      const latest = await store.commands.enqueue("A", exec, { correlator: "corr-1" });
      const other = await store.commands.enqueue("B", exec, { correlator: "corr-2" });
      expect(latest.correlator).toBe("corr-1");
      expect((await store.commands.findByCorrelator("A", "corr-1"))?.id).toBe(latest.id);
      expect((await store.commands.findByCorrelator("B", "corr-2"))?.id).toBe(other.id);
      expect(await store.commands.findByCorrelator("A", "corr-2")).toBeUndefined();
      expect(await store.commands.findByCorrelator("B", "corr-1")).toBeUndefined();
    });

    it("cancels only commands that are queued or sent", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("A"));
      const queued = await store.commands.enqueue("A", get("./1"));
      const sent = await store.commands.enqueue("A", get("./2"));
      const done = await store.commands.enqueue("A", get("./3"));
      await store.commands.markSent([sent.id, done.id], "s");
      await store.commands.recordResult(done.id, { status: 200 });
      expect(await store.commands.cancel(queued.id)).toBe(true);
      expect(await store.commands.cancel(sent.id)).toBe(true);
      expect(await store.commands.cancel(done.id)).toBe(false);
      expect(await store.commands.cancel(queued.id)).toBe(false);
      expect((await store.commands.get(queued.id))?.state).toBe("cancelled");
      expect((await store.commands.get(done.id))?.state).toBe("done");
    });
  });
}
