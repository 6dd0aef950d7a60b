import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Command, Item, SyncMLEncoding } from "@omadm/protocol";
import { openSqliteStore } from "@omadm/store-sqlite";
import { fakeClock } from "@omadm/testing";
import { clientAuthOf } from "../auth/index.js";
import { createDmEngine } from "./dm-engine.js";
import type { Exchange } from "./engine-test-kit.js";
import {
  commandsOf,
  hdrStatus,
  packageOne,
  results,
  send,
  simDevice,
  status,
  statusFor,
  testServerId,
  testServerUrl,
} from "./engine-test-kit.js";
import type { DmEngineOptions } from "./session-api.js";

const random = (n: number) => new Uint8Array(randomBytes(n));
const deviceId = "IMEI:200";
const auth = { scheme: "basic", username: "u", password: "p" } as const;

async function setup(options: Partial<DmEngineOptions> = {}) {
  const clock = fakeClock();
  const store = await openSqliteStore({ path: ":memory:", clock: clock.now });
  await store.devices.create({ id: deviceId, clientAuth: clientAuthOf("basic", "u", "p") });
  const engine = createDmEngine({
    store,
    clock: clock.now,
    random,
    serverId: testServerId,
    serverUrl: testServerUrl,
    ...options,
  });
  return { clock, store, engine };
}

/** Plays the device receiving a large object: answers 213 + Alert 1222 to each chunk, 200 to the last. */
async function receiveObject(
  engine: Awaited<ReturnType<typeof setup>>["engine"],
  d: ReturnType<typeof simDevice>,
  first: Exchange,
  maxMsgSize: number,
) {
  const chunks: Item[] = [];
  let x = first;
  for (let i = 0; i < 200; i++) {
    const m = x.message!;
    // [TR-REP §4.1.4] never above the device's MaxMsgSize, as sent on the wire.
    expect(x.reply.body!.length).toBeLessThanOrEqual(maxMsgSize);
    const c = commandsOf(m).find((x) => x.kind === "Replace" || x.kind === "Add");
    expect(c).toBeDefined();
    const item = c!.kind === "Replace" || c!.kind === "Add" ? c!.items[0]! : undefined;
    chunks.push(item!);
    if (item!.moreData === true) {
      // [TR-PRO §2.1] no Final while the object continues.
      expect(m.final).toBe(false);
      x = await send(
        engine,
        d,
        [hdrStatus(m), status(m, c!, 213), { kind: "Alert", cmdId: 0, data: 1222, items: [] }],
        { final: false },
      );
      continue;
    }
    expect(m.final).toBe(true);
    const end = (await send(engine, d, [hdrStatus(m), status(m, c!, 200)])).message!;
    return { chunks, end, last: m };
  }
  throw new Error("object never ended");
}

describe("large objects we send [TR-PRO §2.2]", () => {
  it.each(["xml", "wbxml"] as const)(
    "streams a Replace bigger than MaxMsgSize in chunks over %s: Size on the first only, 213 before each next",
    async (encoding: SyncMLEncoding) => {
      const { engine, store } = await setup();
      const value = new Uint8Array(randomBytes(12_000));
      const [q] = [
        await store.commands.enqueue(deviceId, {
          kind: "Replace",
          uri: "./FUMO/Pkg/Data",
          data: { base64: Buffer.from(value).toString("base64") },
        }),
      ];
      const maxMsgSize = 3000;
      const d = simDevice(deviceId, auth, { encoding, maxMsgSize });
      const { chunks, end } = await receiveObject(engine, d, await send(engine, d, packageOne()), maxMsgSize);
      expect(chunks.length).toBeGreaterThan(4);
      const size = encoding === "xml" ? 4 * Math.ceil(value.length / 3) : value.length;
      expect(chunks[0]?.meta?.size).toBe(size);
      expect(chunks.slice(1).every((c) => c.meta?.size === undefined)).toBe(true);
      const joined =
        encoding === "xml"
          ? Buffer.from(chunks.map((c) => c.data as string).join(""), "base64")
          : Buffer.concat(chunks.map((c) => c.data as Uint8Array));
      expect(new Uint8Array(joined)).toEqual(value);
      expect(end.body.every((c) => c.kind === "Status")).toBe(true);
      expect(await store.commands.get(q.id)).toMatchObject({ state: "done", status: 200, attempts: 1 });
    },
  );

  it("splits a large text on characters, XML escaping counted, and sends later commands after the last chunk", async () => {
    const { engine, store } = await setup();
    const text = "<é&>".repeat(2500);
    const [big, after] = [
      await store.commands.enqueue(deviceId, { kind: "Add", uri: "./Ext/Text", data: { text } }),
      await store.commands.enqueue(deviceId, { kind: "Get", uri: "./Ext/Text" }),
    ];
    const d = simDevice(deviceId, auth, { maxMsgSize: 2500 });
    const { chunks, last } = await receiveObject(engine, d, await send(engine, d, packageOne()), 2500);
    expect(chunks.map((c) => c.data as string).join("")).toBe(text);
    expect(chunks[0]?.meta?.size).toBe(Buffer.byteLength(text));
    expect((await store.commands.get(big.id))?.state).toBe("done");
    // The object is complete in that message: the next queued command may follow it there.
    expect(commandsOf(last).map((c) => c.kind)).toEqual(["Add", "Get"]);
    expect((await store.commands.get(after.id))?.state).toBe("sent");
  });

  it("stops an object when the device answers a chunk with an error, and records that code", async () => {
    const { engine, store } = await setup();
    const q = await store.commands.enqueue(deviceId, {
      kind: "Replace",
      uri: "./X",
      data: { text: "x".repeat(9000) },
    });
    const d = simDevice(deviceId, auth, { maxMsgSize: 2000 });
    const m = (await send(engine, d, packageOne())).message!;
    const c = commandsOf(m)[0]!;
    const y = (await send(engine, d, [hdrStatus(m), status(m, c, 420)])).message!;
    expect(commandsOf(y)).toHaveLength(0);
    expect(await store.commands.get(q.id)).toMatchObject({ state: "failed", status: 420 });
  });

  it("fails an object larger than the device's MaxObjSize without sending it", async () => {
    const { engine, store } = await setup();
    const q = await store.commands.enqueue(deviceId, {
      kind: "Replace",
      uri: "./X",
      data: { text: "x".repeat(5000) },
    });
    const d = simDevice(deviceId, auth, { maxMsgSize: 2000, maxObjSize: 4000 });
    const m = (await send(engine, d, packageOne())).message!;
    expect(commandsOf(m)).toHaveLength(0);
    expect(await store.commands.get(q.id)).toMatchObject({ state: "failed", status: 413 });
  });
});

describe("large objects the device sends", () => {
  async function getSent(encoding: SyncMLEncoding = "xml") {
    const { engine, store } = await setup();
    const q = await store.commands.enqueue(deviceId, { kind: "Get", uri: "./Ext/Log" });
    const d = simDevice(deviceId, auth, { encoding });
    const m = (await send(engine, d, packageOne())).message!;
    return { engine, store, q, d, m, get: commandsOf(m)[0]! };
  }

  const chunk = (data: string | Uint8Array, more: boolean, size?: number, uri = "./Ext/Log"): Item => ({
    source: { locUri: uri },
    meta: { format: "chr", ...(size === undefined ? {} : { size }) },
    data,
    ...(more ? { moreData: true } : {}),
  });

  it("answers each chunk of a Results with 213 and Alert 1222, and stores the reassembled value", async () => {
    const { engine, store, q, d, m, get } = await getSent();
    const parts = ["first part, ", "second part, ", "last"];
    const total = Buffer.byteLength(parts.join(""));
    const r1 = (
      await send(
        engine,
        d,
        [hdrStatus(m), status(m, get, 200), results(m, get, [chunk(parts[0]!, true, total)])],
        { final: false },
      )
    ).message!;
    const s1 = r1.body.find(
      (c): c is Extract<Command, { kind: "Status" }> => c.kind === "Status" && c.cmd === "Results",
    );
    expect(s1?.data).toBe(213);
    expect(commandsOf(r1)).toEqual([expect.objectContaining({ kind: "Alert", data: 1222 })]);
    expect(r1.final).toBe(false);
    const r2 = (
      await send(
        engine,
        d,
        [
          hdrStatus(r1),
          status(r1, commandsOf(r1)[0]!, 200),
          { ...results(m, get, [chunk(parts[1]!, true)]) },
        ],
        { final: false },
      )
    ).message!;
    expect(r2.body.some((c) => c.kind === "Status" && c.data === 213)).toBe(true);
    const r3 = (
      await send(engine, d, [
        hdrStatus(r2),
        status(r2, commandsOf(r2)[0]!, 200),
        results(m, get, [chunk(parts[2]!, false)]),
      ])
    ).message!;
    expect(r3.final).toBe(true);
    expect(await store.commands.get(q.id)).toMatchObject({
      state: "done",
      results: [{ uri: "./Ext/Log", data: { text: parts.join("") } }],
    });
  });

  it("reassembles OPAQUE chunks over WBXML as bytes", async () => {
    const { engine, store, q, d, m, get } = await getSent("wbxml");
    const bytes = new Uint8Array(randomBytes(900));
    const bin = (data: Uint8Array, more: boolean, size?: number): Item => ({
      source: { locUri: "./Ext/Log" },
      meta: { format: "bin", ...(size === undefined ? {} : { size }) },
      data,
      ...(more ? { moreData: true } : {}),
    });
    const r1 = (
      await send(
        engine,
        d,
        [hdrStatus(m), status(m, get, 200), results(m, get, [bin(bytes.subarray(0, 500), true, 900)])],
        { final: false },
      )
    ).message!;
    await send(engine, d, [
      hdrStatus(r1),
      status(r1, commandsOf(r1)[0]!, 200),
      results(m, get, [bin(bytes.subarray(500), false)]),
    ]);
    expect(await store.commands.get(q.id)).toMatchObject({
      results: [{ format: "bin", data: { base64: Buffer.from(bytes).toString("base64") } }],
    });
  });

  it("answers 424 and keeps nothing when the reassembled size differs from Meta Size", async () => {
    const { engine, store, q, d, m, get } = await getSent();
    const r1 = (
      await send(engine, d, [hdrStatus(m), status(m, get, 200), results(m, get, [chunk("abc", true, 10)])], {
        final: false,
      })
    ).message!;
    const r2 = (
      await send(engine, d, [
        hdrStatus(r1),
        status(r1, commandsOf(r1)[0]!, 200),
        results(m, get, [chunk("def", false)]),
      ])
    ).message!;
    expect(r2.body.some((c) => c.kind === "Status" && c.cmd === "Results" && c.data === 424)).toBe(true);
    expect(await store.commands.get(q.id)).toMatchObject({ state: "failed", status: 424 });
    expect((await store.commands.get(q.id))?.results).toBeUndefined();
  });

  it("sends Alert 1225 when the device's package ends inside an object", async () => {
    const { engine, store, q, d, m, get } = await getSent();
    const r1 = (
      await send(engine, d, [hdrStatus(m), status(m, get, 200), results(m, get, [chunk("abc", true, 6)])], {
        final: false,
      })
    ).message!;
    const r2 = (await send(engine, d, [hdrStatus(r1), status(r1, commandsOf(r1)[0]!, 200)])).message!;
    expect(commandsOf(r2)).toEqual([
      expect.objectContaining({ kind: "Alert", data: 1225, items: [{ target: { locUri: "./Ext/Log" } }] }),
    ]);
    expect(await store.commands.get(q.id)).toMatchObject({ status: 200 });
    expect((await store.commands.get(q.id))?.results).toBeUndefined();
    expect(statusFor(r2, 1)).toBeUndefined();
  });

  it("refuses an object announced larger than our MaxObjSize with 413", async () => {
    const { engine, store } = await setup({ maxObjSize: 100 });
    const q = await store.commands.enqueue(deviceId, { kind: "Get", uri: "./Ext/Log" });
    const d = simDevice(deviceId, auth);
    const m = (await send(engine, d, packageOne())).message!;
    const get = commandsOf(m)[0]!;
    const r1 = (
      await send(
        engine,
        d,
        [hdrStatus(m), status(m, get, 200), results(m, get, [chunk("abc", true, 1000)])],
        { final: false },
      )
    ).message!;
    expect(r1.body.some((c) => c.kind === "Status" && c.cmd === "Results" && c.data === 413)).toBe(true);
    await send(engine, d, [hdrStatus(r1), status(r1, commandsOf(r1)[0]!, 200)]);
    expect(await store.commands.get(q.id)).toMatchObject({ state: "failed", status: 413 });
  });
});
