import type { Item, SyncHdr } from "@omadm/protocol";
import { decodeSyncML } from "@omadm/protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packMessage } from "./message-packer.js";
import type { ReplyUnit } from "./reply-drafts.js";
import { statusDraft, unit } from "./reply-drafts.js";

const header: SyncHdr = {
  verDtd: "1.2",
  verProto: "DM/1.2",
  sessionId: "1",
  msgId: 2,
  target: { locUri: "https://dm.example.com/" },
  source: { locUri: "IMEI:1" },
};
const hdr = statusDraft(1, 0, "SyncHdr", 200);

/** Packs the whole queue message by message, as the server's 1222 requests would drive it. */
function drain(queue: ReplyUnit[], limit: number, encoding: "xml" | "wbxml") {
  const messages = [];
  let rest = queue;
  for (let i = 0; i < 500; i++) {
    const packed = packMessage({
      header,
      leading: [hdr],
      queue: rest,
      trailing: [],
      mayFinal: true,
      limit,
      encoding,
    });
    messages.push(packed);
    rest = packed.rest;
    if (packed.message.final) break;
  }
  return messages;
}

const unitArb = fc.oneof(
  fc.nat({ max: 99 }).map((n) => unit(statusDraft(1, n + 1, "Get", 200, { targetRefs: [`./Vendor/N${n}`] }))),
  fc
    .tuple(
      fc.nat({ max: 99 }),
      fc.array(fc.string({ unit: "grapheme", maxLength: 400 }), { minLength: 1, maxLength: 5 }),
    )
    .map(([n, values]) =>
      unit({
        kind: "Results",
        msgRef: 1,
        cmdRef: n + 1,
        items: values.map((v, i): Item => ({
          source: { locUri: `./Vendor/N${n}/${i}` },
          meta: { format: "chr" },
          data: v,
        })),
      }),
    ),
  fc.tuple(fc.nat({ max: 99 }), fc.uint8Array({ maxLength: 3000 })).map(([n, bytes]) =>
    unit({
      kind: "Results",
      msgRef: 1,
      cmdRef: n + 1,
      items: [{ source: { locUri: `./Vendor/B${n}` }, meta: { format: "bin" }, data: bytes }],
    }),
  ),
);

describe("packMessage [TR-PRO §2.1, §2.2]", () => {
  it("keeps every message within the limit and delivers every Status and every value in order", () => {
    fc.assert(
      fc.property(
        fc.array(unitArb, { maxLength: 12 }),
        fc.integer({ min: 700, max: 4000 }),
        fc.constantFrom<"xml" | "wbxml">("xml", "wbxml"),
        (queue, limit, encoding) => {
          const messages = drain(queue, limit, encoding);
          expect(messages[messages.length - 1]?.message.final).toBe(true);
          for (const m of messages) {
            if (!m.oversized) expect(m.body.byteLength).toBeLessThanOrEqual(limit);
            expect(decodeSyncML(m.body).body[0]).toMatchObject({ kind: "Status", cmdRef: 0 });
          }
          // Reassemble what went out: Statuses in order, each value whole (chunks joined).
          const out: string[] = [];
          let pending = "";
          let pendingBytes: Uint8Array[] = [];
          for (const m of messages) {
            for (const c of decodeSyncML(m.body).body.slice(1)) {
              if (c.kind === "Status") out.push(`S${c.cmdRef}`);
              if (c.kind !== "Results") continue;
              for (const item of c.items) {
                const d = item.data;
                if (d instanceof Uint8Array) pendingBytes.push(d);
                else if (typeof d === "string") pending += d;
                if (item.moreData === true) continue;
                const isB64 = item.meta?.format === "b64";
                if (pendingBytes.length > 0 || isB64) {
                  const bytes = isB64 ? Buffer.from(pending, "base64") : Buffer.concat(pendingBytes);
                  out.push(`B${c.cmdRef}:${Buffer.from(bytes).toString("hex")}`);
                } else {
                  out.push(`R${c.cmdRef}:${pending}`);
                }
                pending = "";
                pendingBytes = [];
              }
            }
          }
          const expected: string[] = [];
          for (const u of queue) {
            if (u.kind !== "command") continue;
            const c = u.command;
            if (c.kind === "Status") expected.push(`S${c.cmdRef}`);
            if (c.kind === "Results") {
              for (const item of c.items) {
                const d = item.data;
                expected.push(
                  d instanceof Uint8Array
                    ? `B${c.cmdRef}:${Buffer.from(d).toString("hex")}`
                    : `R${c.cmdRef}:${typeof d === "string" ? d : ""}`,
                );
              }
            }
          }
          expect(out).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("sends everything in one message when there is no limit", () => {
    const queue = [
      unit(statusDraft(1, 1, "Get", 200)),
      unit({ kind: "Results", msgRef: 1, cmdRef: 1, items: [{ data: "x".repeat(100000) }] }),
    ];
    const packed = packMessage({
      header,
      leading: [hdr],
      queue,
      trailing: [],
      mayFinal: true,
      limit: Infinity,
      encoding: "xml",
    });
    expect(packed.message.final).toBe(true);
    expect(packed.rest).toEqual([]);
    expect(packed.message.body.map((c) => c.cmdId)).toEqual([1, 2, 3]);
  });

  it("withholds Final while the peer's package is open", () => {
    const packed = packMessage({
      header,
      leading: [hdr],
      queue: [],
      trailing: [],
      mayFinal: false,
      limit: Infinity,
      encoding: "xml",
    });
    expect(packed.message.final).toBe(false);
  });
});
