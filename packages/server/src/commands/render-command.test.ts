import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Command, Element, Item } from "@omadm/protocol";
import { decodeSyncML, encodeSyncML } from "@omadm/protocol";
import type { DmCommand } from "../store/store-api.js";
import { applyResults, applyStatus, emptyOutcome, toCommandOutcome } from "./command-outcomes.js";
import { chunkCommand, isComplete, nextChunk, objectPayload } from "./large-object.js";
import { cmdIdCount, renderDmCommand } from "./render-command.js";
import { commandDataOf, resultItemOf } from "./result-items.js";
import { finishObject, startObject } from "./results-assembly.js";

function counter(start = 1) {
  let n = start;
  return () => n++;
}

describe("rendering DmCommands as SyncML", () => {
  it("numbers a Sequence and its children with the message's CmdIDs, parents first, and keeps their paths", () => {
    const c: DmCommand = {
      kind: "Sequence",
      commands: [
        { kind: "Get", uri: "./A" },
        {
          kind: "Atomic",
          commands: [
            { kind: "Delete", uri: "./B" },
            { kind: "Copy", uri: "./C", source: "./D" },
          ],
        },
      ],
    };
    const r = renderDmCommand(c, { nextCmdId: counter(5) });
    expect(r.refs).toEqual([
      { cmdId: 5, path: [] },
      { cmdId: 6, path: [0] },
      { cmdId: 7, path: [1] },
      { cmdId: 8, path: [1, 0] },
      { cmdId: 9, path: [1, 1] },
    ]);
    expect(cmdIdCount(c)).toBe(5);
    expect(r.command).toMatchObject({
      kind: "Sequence",
      cmdId: 5,
      commands: [
        { kind: "Get", cmdId: 6 },
        { kind: "Atomic", cmdId: 7 },
      ],
    });
  });

  it("puts the Correlator on an Exec and its argument in the Item [TR-REP §4.1.6.6]", () => {
    const r = renderDmCommand(
      { kind: "Exec", uri: "./FUMO/Update", data: { text: "go" } },
      { nextCmdId: counter(), correlator: "c-1" },
    );
    expect(r.command).toEqual({
      kind: "Exec",
      cmdId: 1,
      correlator: "c-1",
      item: { target: { locUri: "./FUMO/Update" }, data: "go" },
    });
  });

  it("round-trips every rendered command through XML and WBXML", () => {
    const commands: DmCommand[] = [
      { kind: "Replace", uri: "./A", format: "int", type: "text/plain", data: { text: "7" } },
      { kind: "Replace", uri: "./B", data: { base64: "3q2+7w==" } },
      { kind: "Delete", uri: "./C" },
    ];
    for (const encoding of ["xml", "wbxml"] as const) {
      const next = counter();
      const body = commands.map((c) => renderDmCommand(c, { nextCmdId: next }).command);
      const msg = decodeSyncML(
        encodeSyncML(
          {
            header: {
              verDtd: "1.2",
              verProto: "DM/1.2",
              sessionId: "1",
              msgId: 1,
              target: { locUri: "d" },
              source: { locUri: "s" },
            },
            body,
            final: true,
          },
          { encoding },
        ),
      );
      const blob = msg.body[1] as Extract<Command, { kind: "Replace" }>;
      const data = blob.items[0]?.data;
      const bytes = typeof data === "string" ? Buffer.from(data, "base64") : Buffer.from(data as Uint8Array);
      expect(bytes.toString("hex")).toBe("deadbeef");
      expect(blob.items[0]?.meta?.format).toBe(encoding === "xml" ? "b64" : "bin");
    }
  });
});

describe("large objects", () => {
  it.each(["xml", "wbxml"] as const)(
    "cuts bytes into chunks that join back to the value (%s)",
    (encoding) => {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 1, maxLength: 3000 }),
          fc.integer({ min: 1, max: 700 }),
          (bytes, budget) => {
            const payload = objectPayload(
              { kind: "Replace", uri: "./A", data: { base64: Buffer.from(bytes).toString("base64") } },
              encoding,
            )!;
            const parts: (string | Uint8Array)[] = [];
            let cursor = { offset: 0 };
            while (!isComplete(payload, cursor)) {
              const { data, next } = nextChunk(payload, cursor, budget, encoding);
              expect(next.offset).toBeGreaterThan(cursor.offset);
              parts.push(data);
              cursor = next;
            }
            const joined = Buffer.concat(parts.map((p) => Buffer.from(p as Uint8Array)));
            expect(joined.equals(Buffer.from(bytes))).toBe(true);
            // Over XML every chunk but the last is a multiple of 3 bytes: its b64 has no padding.
            if (encoding === "xml")
              for (const p of parts.slice(0, -1)) expect((p as Uint8Array).length % 3).toBe(0);
          },
        ),
      );
    },
  );

  it("cuts text on code points within the budget, XML escaping counted", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 400 }),
        fc.integer({ min: 4, max: 100 }),
        (text, budget) => {
          const payload = objectPayload({ kind: "Add", uri: "./A", data: { text } }, "xml")!;
          expect(payload.size).toBe(Buffer.byteLength(text));
          const parts: string[] = [];
          let cursor = { offset: 0 };
          while (!isComplete(payload, cursor)) {
            const { data, next } = nextChunk(payload, cursor, budget, "xml");
            parts.push(data as string);
            cursor = next;
          }
          expect(parts.join("")).toBe(text);
          // No chunk starts or ends inside a surrogate pair.
          for (const p of parts) expect(Buffer.from(p, "utf8").toString("utf8")).toBe(p);
        },
      ),
    );
  });

  it("puts Meta Size on the first chunk only and MoreData on all but the last [TR-PRO §2.2]", () => {
    const c = { kind: "Replace" as const, uri: "./A", format: "bin", data: { base64: "AAAA" } };
    const first = chunkCommand(c, 1, new Uint8Array([0]), true, false, 3) as Extract<
      Command,
      { kind: "Replace" }
    >;
    const last = chunkCommand(c, 2, new Uint8Array([0]), false, true, 3) as Extract<
      Command,
      { kind: "Replace" }
    >;
    expect(first.items[0]).toMatchObject({ meta: { format: "bin", size: 3 }, moreData: true });
    expect(last.items[0]?.meta?.size).toBeUndefined();
    expect(last.items[0]?.moreData).toBeUndefined();
  });
});

describe("answers against commands", () => {
  it("keeps each child's status and the worst of repeated statuses", () => {
    const c: DmCommand = {
      kind: "Atomic",
      commands: [
        { kind: "Delete", uri: "./A" },
        { kind: "Delete", uri: "./B" },
      ],
    };
    const p = emptyOutcome(c);
    expect(toCommandOutcome(p)).toBeUndefined();
    applyStatus(p, [], 507);
    applyStatus(p, [0], 216);
    applyStatus(p, [1], 200);
    applyStatus(p, [1], 405);
    applyStatus(p, [1], 200);
    applyStatus(p, [7], 200);
    expect(toCommandOutcome(p)).toEqual({ status: 507, children: [{ status: 216 }, { status: 405 }] });
  });

  it("lets an async result override the launch status", () => {
    const p = emptyOutcome({ kind: "Exec", uri: "./X" });
    applyStatus(p, [], 202);
    applyResults(p, [], [{ uri: "./X" }]);
    p.final = { status: 500, results: [] };
    expect(toCommandOutcome(p)).toEqual({ status: 500, results: [], state: "failed" });
  });
});

describe("Results data as stored", () => {
  it.each<[Item["data"], string | undefined, string | undefined, unknown]>([
    ["text", undefined, undefined, { text: "text" }],
    ["AAEC", "b64", undefined, { base64: "AAEC" }],
    ["AA EC\n", "b64", undefined, { base64: "AAEC" }],
    [new Uint8Array([104, 105]), "chr", undefined, { text: "hi" }],
    [new Uint8Array([255, 254]), "chr", undefined, { base64: "//4=" }],
    [new Uint8Array([104, 105]), "bin", undefined, { base64: "aGk=" }],
    [new Uint8Array([104, 105]), undefined, "application/octet-stream", { base64: "aGk=" }],
  ])("keeps %o (format %s, type %s)", (data, format, type, expected) => {
    expect(commandDataOf(data, format, type)).toEqual(expected);
  });

  it("keeps an embedded TNDS as its XML text", () => {
    const el: Element = {
      name: "MgmtTree",
      ns: "syncml:dmddf1.2",
      children: [{ name: "VerDTD", ns: "syncml:dmddf1.2", children: ["1.2"] }],
    };
    const item = resultItemOf(
      {
        source: { locUri: "./A" },
        meta: { type: "application/vnd.syncml.dmtnds+xml", format: "xml" },
        data: el,
      },
      undefined,
      "./x",
    );
    expect(item.data).toEqual({ tnds: expect.stringContaining("<MgmtTree") });
    expect(item.uri).toBe("./A");
  });

  it("reassembles chunks and checks the declared size", () => {
    const obj = startObject(
      "1",
      [],
      { source: { locUri: "./L" }, meta: { size: 6 }, data: "abc", moreData: true },
      undefined,
      "./L",
    );
    obj.parts.push({ t: "def" });
    obj.received += 3;
    expect(finishObject(obj)).toEqual({ item: { uri: "./L", data: { text: "abcdef" } } });
    obj.received = 5;
    expect(finishObject(obj)).toEqual({ mismatch: { declared: 6, received: 5 } });
  });
});
