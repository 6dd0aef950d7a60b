/**
 * Packages of several messages both ways (Alert 1222) [TR-PRO §2.1] and large objects both ways
 * (MoreData, Size, 213, 424, Alert 1225) [TR-PRO §2.2].
 */
import type { Command, Item, SyncMLMessage } from "@omadm/protocol";
import { describe, expect, it } from "vitest";
import type { SessionStep } from "./session-api.js";
import type { Harness } from "./session-test-kit.js";
import { harness, ScriptedServer, sentMessage, statusRows, testTree } from "./session-test-kit.js";

const nextMessage = (cmdId: number): Command => ({ kind: "Alert", cmdId, data: 1222, items: [] });
const status = (msgRef: number, cmdRef: number, cmd: string, data: number): Command => ({
  kind: "Status",
  cmdId: 50 + cmdRef,
  msgRef,
  cmdRef,
  cmd,
  targetRefs: [],
  sourceRefs: [],
  data,
  items: [],
});
const chunk = (
  cmdId: number,
  uri: string,
  data: string | Uint8Array,
  more: boolean,
  meta?: Item["meta"],
  kind: "Add" | "Replace" = "Replace",
): Command => ({
  kind,
  cmdId,
  items: [
    { target: { locUri: uri }, ...(meta !== undefined && { meta }), data, ...(more && { moreData: true }) },
  ],
});

async function opened(tree = testTree()): Promise<{ h: Harness; server: ScriptedServer }> {
  const h = harness({ tree });
  await h.session.start();
  return { h, server: new ScriptedServer(h.session.sessionId) };
}

function hasAlert(msg: SyncMLMessage, code: number): boolean {
  return msg.body.some((c) => c.kind === "Alert" && c.data === code);
}

describe("a server package in several messages [TR-PRO §2.1]", () => {
  it("answers each non-final message with its Statuses and Alert 1222, without Final, and closes with the last", async () => {
    const { h, server } = await opened();
    const first = sentMessage(
      await h.session.receive(
        server.message(
          [{ kind: "Add", cmdId: 1, items: [{ target: { locUri: "./Vendor/A" }, data: "1" }] }],
          { statusFor: 1, final: false },
        ),
      ),
    );
    expect(statusRows(first)).toEqual([
      ["SyncHdr", 0, 200],
      ["Add", 1, 200],
    ]);
    expect(hasAlert(first, 1222)).toBe(true);
    expect(first.final).toBe(false);

    const second = sentMessage(
      await h.session.receive(
        server.message(
          [{ kind: "Add", cmdId: 1, items: [{ target: { locUri: "./Vendor/B" }, data: "2" }] }],
          { statusFor: 2 },
        ),
      ),
    );
    expect(statusRows(second)).toEqual([
      ["SyncHdr", 0, 200],
      ["Add", 1, 200],
    ]);
    expect(hasAlert(second, 1222)).toBe(false);
    expect(second.final).toBe(true);
    expect(await h.session.receive(server.message([], { statusFor: 3 }))).toMatchObject({
      kind: "done",
      outcome: "completed",
    });
  });

  it("answers a non-final message that holds only Statuses with the SyncHdr Status and Alert 1222", async () => {
    const { h, server } = await opened();
    const reply = sentMessage(await h.session.receive(server.message([], { statusFor: 1, final: false })));
    expect(statusRows(reply)).toEqual([["SyncHdr", 0, 200]]);
    expect(hasAlert(reply, 1222)).toBe(true);
    expect(reply.final).toBe(false);
  });
});

describe("a client package in several messages [TR-PRO §2.1]", () => {
  it("splits Statuses and Results to fit the server's MaxMsgSize and sends the next message on Alert 1222", async () => {
    const tree = testTree();
    for (let i = 0; i < 12; i++)
      tree.add(`./Vendor/L${i}`, { data: `value-${i}-`.padEnd(120, "x") }, undefined);
    const { h, server } = await opened(tree);
    const gets: Command[] = Array.from({ length: 12 }, (_, i) => ({
      kind: "Get",
      cmdId: i + 1,
      items: [{ target: { locUri: `./Vendor/L${i}` } }],
    }));
    const limit = 1200;
    let step: SessionStep = await h.session.receive(
      server.message(gets, { statusFor: 1, meta: { maxMsgSize: limit } }),
    );
    const messages: SyncMLMessage[] = [];
    let sentBytes: number[] = [];
    for (let guard = 0; guard < 20 && step.kind === "send"; guard++) {
      sentBytes = [...sentBytes, step.message.body.byteLength];
      const msg = sentMessage(step);
      messages.push(msg);
      if (msg.final) break;
      // [TR-PRO §2.1] the server answers each message of our package with SyncHdr Status + 1222.
      step = await h.session.receive(
        server.message([nextMessage(1)], { statusFor: msg.header.msgId, final: false }),
      );
    }
    expect(messages.length).toBeGreaterThan(2);
    expect(sentBytes.every((n) => n <= limit)).toBe(true);
    expect(messages.slice(0, -1).every((m) => !m.final)).toBe(true);
    expect(messages[messages.length - 1]?.final).toBe(true);
    // Every message starts with the SyncHdr Status; every Get has its Status then its Results.
    expect(messages.every((m) => m.body[0]?.kind === "Status" && m.body[0].cmdRef === 0)).toBe(true);
    const all = messages.flatMap((m) => m.body.slice(1));
    const getStatuses = all
      .filter((c) => c.kind === "Status" && c.cmd === "Get")
      .map((c) => (c.kind === "Status" ? c.cmdRef : 0));
    expect(getStatuses).toEqual(gets.map((g) => g.cmdId));
    const results = all.filter((c) => c.kind === "Results");
    expect(results.map((r) => (r.kind === "Results" ? r.items[0]?.data : ""))).toEqual(
      Array.from({ length: 12 }, (_, i) => `value-${i}-`.padEnd(120, "x")),
    );
    // The Statuses for the server's 1222 alerts are there too.
    expect(all.filter((c) => c.kind === "Status" && c.cmd === "Alert").length).toBe(messages.length - 1);
  });

  it("splits a listing into several Results for the same Get", async () => {
    const tree = testTree();
    for (let i = 0; i < 40; i++) tree.add(`./Vendor/Node${i}`, { data: "v" }, undefined);
    const { h, server } = await opened(tree);
    let step = await h.session.receive(
      server.message([{ kind: "Get", cmdId: 7, items: [{ target: { locUri: "./Vendor?list=Struct" } }] }], {
        statusFor: 1,
        meta: { maxMsgSize: 1500 },
      }),
    );
    const items: string[] = [];
    for (let guard = 0; guard < 20 && step.kind === "send"; guard++) {
      expect(step.message.body.byteLength).toBeLessThanOrEqual(1500);
      const msg = sentMessage(step);
      for (const c of msg.body)
        if (c.kind === "Results" && c.cmdRef === 7) items.push(...c.items.map((i) => i.source?.locUri ?? ""));
      if (msg.final) break;
      step = await h.session.receive(
        server.message([nextMessage(1)], { statusFor: msg.header.msgId, final: false }),
      );
    }
    expect(items).toEqual(["./Vendor", ...Array.from({ length: 40 }, (_, i) => `./Vendor/Node${i}`)]);
  });
});

describe("large objects from the server [TR-PRO §2.2]", () => {
  it("buffers chunks (213 + Alert 1222), then commits the whole value on the last chunk", async () => {
    const { h, server } = await opened();
    h.tree.add("./Vendor/Big", { data: "" }, undefined);
    const r1 = sentMessage(
      await h.session.receive(
        server.message([chunk(1, "./Vendor/Big", "abc", true, { size: 9 })], { statusFor: 1, final: false }),
      ),
    );
    expect(statusRows(r1)[1]).toEqual(["Replace", 1, 213]);
    expect(hasAlert(r1, 1222)).toBe(true);
    expect(h.tree.get("./Vendor/Big", undefined).results?.[0]?.data).toBe("");
    const r2 = sentMessage(
      await h.session.receive(
        server.message([chunk(1, "./Vendor/Big", "def", true)], { statusFor: 2, final: false }),
      ),
    );
    expect(statusRows(r2)[1]).toEqual(["Replace", 1, 213]);
    const r3 = sentMessage(
      await h.session.receive(server.message([chunk(1, "./Vendor/Big", "ghi", false)], { statusFor: 3 })),
    );
    expect(statusRows(r3)[1]).toEqual(["Replace", 1, 200]);
    expect(r3.final).toBe(true);
    expect(h.tree.get("./Vendor/Big", undefined).results?.[0]?.data).toBe("abcdefghi");
  });

  it("reassembles b64 text chunks of a binary value over XML", async () => {
    const { h, server } = await opened();
    const bytes = Uint8Array.from({ length: 30 }, (_, i) => i * 7);
    const b64 = Buffer.from(bytes).toString("base64");
    await h.session.receive(
      server.message(
        [chunk(1, "./Vendor/Bin", b64.slice(0, 17), true, { size: b64.length, format: "b64" }, "Add")],
        { statusFor: 1, final: false },
      ),
    );
    const done = sentMessage(
      await h.session.receive(
        server.message([chunk(1, "./Vendor/Bin", b64.slice(17), false, undefined, "Add")], {
          statusFor: 2,
        }),
      ),
    );
    expect(statusRows(done)[1]).toEqual(["Add", 1, 200]);
    expect(h.tree.get("./Vendor/Bin", undefined).results?.[0]?.data).toEqual(bytes);
  });

  it("answers 424 and commits nothing when the reassembled size differs from Meta Size", async () => {
    const { h, server } = await opened();
    h.tree.add("./Vendor/Big", { data: "old" }, undefined);
    await h.session.receive(
      server.message([chunk(1, "./Vendor/Big", "abc", true, { size: 10 })], { statusFor: 1, final: false }),
    );
    const last = sentMessage(
      await h.session.receive(server.message([chunk(1, "./Vendor/Big", "de", false)], { statusFor: 2 })),
    );
    expect(statusRows(last)[1]).toEqual(["Replace", 1, 424]);
    expect(h.tree.get("./Vendor/Big", undefined).results?.[0]?.data).toBe("old");
  });

  it("sends Alert 1225 when a new command arrives before the last chunk, commits nothing, and runs the new command", async () => {
    const { h, server } = await opened();
    await h.session.receive(
      server.message([chunk(1, "./Vendor/Big", "abc", true, { size: 6 })], { statusFor: 1, final: false }),
    );
    const next = sentMessage(
      await h.session.receive(
        server.message(
          [{ kind: "Add", cmdId: 2, items: [{ target: { locUri: "./Vendor/Other" }, data: "x" }] }],
          { statusFor: 2 },
        ),
      ),
    );
    const alert = next.body.find((c) => c.kind === "Alert" && c.data === 1225);
    expect(alert).toMatchObject({ items: [{ target: { locUri: "./Vendor/Big" } }] });
    expect(statusRows(next)[1]).toEqual(["Add", 2, 200]);
    expect(h.tree.get("./Vendor/Big", undefined).status).toBe(404);
  });

  it("refuses a first chunk without Meta Size (411) or larger than MaxObjSize (413), and every chunk after it", async () => {
    const h = harness({ maxObjSize: 100 });
    await h.session.start();
    const server = new ScriptedServer(h.session.sessionId);
    const r1 = sentMessage(
      await h.session.receive(
        server.message([chunk(1, "./Vendor/X", "a", true, { size: 1000 })], { statusFor: 1, final: false }),
      ),
    );
    expect(statusRows(r1)[1]).toEqual(["Replace", 1, 413]);
    const r2 = sentMessage(
      await h.session.receive(
        server.message([chunk(1, "./Vendor/X", "b", false)], { statusFor: 2, final: false }),
      ),
    );
    expect(statusRows(r2)[1]).toEqual(["Replace", 1, 413]);
    const r3 = sentMessage(
      await h.session.receive(
        server.message([chunk(2, "./Vendor/Y", "a", true)], { statusFor: 3, final: false }),
      ),
    );
    expect(statusRows(r3)[1]).toEqual(["Replace", 2, 411]);
  });
});

describe("large objects to the server [TR-PRO §2.2]", () => {
  async function fetchChunked(
    value: string | Uint8Array,
    encoding: "xml" | "wbxml",
    limit: number,
  ): Promise<{ messages: SyncMLMessage[]; bytes: number[] }> {
    const tree = testTree();
    tree.add(
      "./Vendor/Big",
      typeof value === "string" ? { data: value } : { format: "bin", data: value },
      undefined,
    );
    const h = harness({ tree, encoding });
    await h.session.start();
    const server = new ScriptedServer(h.session.sessionId, encoding);
    let step = await h.session.receive(
      server.message([{ kind: "Get", cmdId: 3, items: [{ target: { locUri: "./Vendor/Big" } }] }], {
        statusFor: 1,
        meta: { maxMsgSize: limit },
      }),
    );
    const messages: SyncMLMessage[] = [];
    const bytes: number[] = [];
    for (let guard = 0; guard < 100 && step.kind === "send"; guard++) {
      bytes.push(step.message.body.byteLength);
      const msg = sentMessage(step);
      messages.push(msg);
      if (msg.final) break;
      const results = msg.body.find((c) => c.kind === "Results");
      // [TR-PRO §2.2] 213 for each chunk that is not the last, and Alert 1222.
      step = await h.session.receive(
        server.message([status(msg.header.msgId, results?.cmdId ?? 0, "Results", 213), nextMessage(9)], {
          statusFor: msg.header.msgId,
          final: false,
        }),
      );
    }
    return { messages, bytes };
  }

  it("splits a value bigger than a message into chunks: Size on the first, MoreData on all but the last, Final at the end", async () => {
    const value = Array.from({ length: 600 }, (_, i) => `line ${i} é€𝄞\n`).join("");
    const { messages, bytes } = await fetchChunked(value, "xml", 2000);
    expect(messages.length).toBeGreaterThan(3);
    expect(bytes.every((n) => n <= 2000)).toBe(true);
    const items = messages.flatMap((m) => m.body.flatMap((c) => (c.kind === "Results" ? c.items : [])));
    expect(items[0]?.meta?.size).toBe(Buffer.byteLength(value, "utf8"));
    expect(items.slice(1).every((i) => i.meta?.size === undefined)).toBe(true);
    expect(items.slice(0, -1).every((i) => i.moreData === true)).toBe(true);
    expect(items[items.length - 1]?.moreData).toBeUndefined();
    expect(items.every((i) => i.source?.locUri === "./Vendor/Big")).toBe(true);
    expect(items.map((i) => (typeof i.data === "string" ? i.data : "")).join("")).toBe(value);
    expect(messages[messages.length - 1]?.final).toBe(true);
    // Nothing but the chunk (and the SyncHdr Status) is in a message that continues an object.
    expect(messages.slice(1).every((m) => m.body.filter((c) => c.kind === "Results").length === 1)).toBe(
      true,
    );
  });

  it("chunks binary values as b64 text over XML (Size counts the text) and as bytes over WBXML", async () => {
    const value = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) & 0xff);
    const xml = await fetchChunked(value, "xml", 1500);
    const xmlItems = xml.messages.flatMap((m) =>
      m.body.flatMap((c) => (c.kind === "Results" ? c.items : [])),
    );
    const text = xmlItems.map((i) => (typeof i.data === "string" ? i.data : "")).join("");
    expect(xmlItems[0]?.meta).toMatchObject({ format: "b64", size: text.length });
    expect(new Uint8Array(Buffer.from(text, "base64"))).toEqual(value);
    const wbxml = await fetchChunked(value, "wbxml", 1500);
    expect(wbxml.bytes.every((n) => n <= 1500)).toBe(true);
    const parts = wbxml.messages.flatMap((m) => m.body.flatMap((c) => (c.kind === "Results" ? c.items : [])));
    expect(parts[0]?.meta?.size).toBe(5000);
    expect(new Uint8Array(Buffer.concat(parts.map((p) => p.data as Uint8Array)))).toEqual(value);
  });

  it("answers 413 without Results for a value bigger than the server's MaxObjSize", async () => {
    const tree = testTree();
    tree.add("./Vendor/Big", { data: "x".repeat(3000) }, undefined);
    const h = harness({ tree });
    await h.session.start();
    const server = new ScriptedServer(h.session.sessionId);
    const msg = sentMessage(
      await h.session.receive(
        server.message([{ kind: "Get", cmdId: 3, items: [{ target: { locUri: "./Vendor/Big" } }] }], {
          statusFor: 1,
          meta: { maxMsgSize: 10000, maxObjSize: 2000 },
        }),
      ),
    );
    expect(statusRows(msg)[1]).toEqual(["Get", 3, 413]);
    expect(msg.body.some((c) => c.kind === "Results")).toBe(false);
  });

  it("drops the rest of an object when the server answers Alert 1225 or refuses a chunk", async () => {
    const tree = testTree();
    tree.add("./Vendor/Big", { data: "y".repeat(6000) }, undefined);
    const h = harness({ tree });
    await h.session.start();
    const server = new ScriptedServer(h.session.sessionId);
    const first = sentMessage(
      await h.session.receive(
        server.message([{ kind: "Get", cmdId: 3, items: [{ target: { locUri: "./Vendor/Big" } }] }], {
          statusFor: 1,
          meta: { maxMsgSize: 1500 },
        }),
      ),
    );
    expect(first.final).toBe(false);
    const after = sentMessage(
      await h.session.receive(
        server.message([{ kind: "Alert", cmdId: 4, data: 1225, items: [] }], {
          statusFor: first.header.msgId,
        }),
      ),
    );
    expect(after.body.some((c) => c.kind === "Results")).toBe(false);
    expect(statusRows(after)).toEqual([
      ["SyncHdr", 0, 200],
      ["Alert", 4, 200],
    ]);
    expect(after.final).toBe(true);
  });
});
