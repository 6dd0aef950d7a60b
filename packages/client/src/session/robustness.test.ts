/**
 * Bad input from the server: malformed, oversized, out-of-order or foreign messages get a status
 * or a clean end; the engine never throws for them and every session loop ends.
 */
import type { Command } from "@omadm/protocol";
import { decodeSyncML, OmaDmError } from "@omadm/protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { headlessUi } from "./headless-ui.js";
import type { IncomingMessage, SessionStep } from "./session-api.js";
import { harness, ScriptedServer, sentMessage, statusRows } from "./session-test-kit.js";

const getMan: Command = { kind: "Get", cmdId: 4, items: [{ target: { locUri: "./DevInfo/Man" } }] };

async function opened(config: Parameters<typeof harness>[0] = {}) {
  const h = harness(config);
  await h.session.start();
  return { ...h, server: new ScriptedServer(h.session.sessionId) };
}

function lastMessage(step: SessionStep) {
  expect(step).toMatchObject({ kind: "send", last: true });
  const msg = sentMessage(step);
  expect(msg.final).toBe(true);
  expect(msg.body.some((c) => c.kind === "Alert" && c.data === 1223)).toBe(true);
  return msg;
}

describe("malformed and foreign messages", () => {
  it("ends failed with the decoder's reason for bytes that are no SyncML message (nothing valid to answer)", async () => {
    for (const body of [
      new Uint8Array(),
      new TextEncoder().encode("<html>502 Bad Gateway</html>"),
      Uint8Array.of(0x02, 0x00, 0x00),
    ]) {
      const { session } = await opened();
      const step = await session.receive({ body, contentType: "text/html", headers: {} });
      expect(step).toMatchObject({ kind: "done", outcome: "failed" });
      if (step.kind === "done") expect(step.reason).toMatch(/^malformed server message/);
    }
  });

  it("refuses another session's SessionID and a MsgID that does not increase with SyncHdr 400 and Alert 1223", async () => {
    const a = await opened();
    const wrong = a.server.message([getMan], { statusFor: 1, header: { sessionId: "FFFF" } });
    const msg = lastMessage(await a.session.receive(wrong));
    expect(statusRows(msg)).toEqual([["SyncHdr", 0, 400]]);
    expect(await a.session.receive(wrong)).toMatchObject({ kind: "done", outcome: "failed" });
    expect(a.session.outcome).toBe("failed");

    const b = await opened();
    sentMessage(await b.session.receive(b.server.message([getMan], { statusFor: 1 })));
    b.server.msgId = 0; // the server repeats MsgID 1
    const again = lastMessage(await b.session.receive(b.server.message([getMan], { statusFor: 2 })));
    expect(statusRows(again)).toEqual([["SyncHdr", 0, 400]]);
    expect(b.session.close()).toMatchObject({ kind: "done", outcome: "failed" });
  });

  it("accepts the SessionID in any case and with leading zeros", async () => {
    const { session, server } = await opened({
      trigger: { kind: "server", sessionId: 0xab, uiMode: "background", initiator: "server" },
    });
    const step = await session.receive(
      server.message([getMan], { statusFor: 1, header: { sessionId: "00ab" } }),
    );
    expect(statusRows(sentMessage(step))[0]).toEqual(["SyncHdr", 0, 200]);
  });

  it("answers VerDTD 1.1 with 505 and VerProto DM/1.1 with 513, then ends", async () => {
    const a = await opened();
    expect(
      statusRows(
        lastMessage(await a.session.receive(a.server.message([getMan], { header: { verDtd: "1.1" } }))),
      ),
    ).toEqual([["SyncHdr", 0, 505]]);
    const b = await opened();
    expect(
      statusRows(
        lastMessage(await b.session.receive(b.server.message([getMan], { header: { verProto: "DM/1.1" } }))),
      ),
    ).toEqual([["SyncHdr", 0, 513]]);
    expect(await b.session.receive(b.server.message([]))).toMatchObject({ kind: "done", outcome: "failed" });
  });

  it("answers a message over the client's MaxMsgSize with 413 and aborts", async () => {
    const { session, server } = await opened({ maxMsgSize: 1000 });
    const big: Command = {
      kind: "Add",
      cmdId: 3,
      items: [{ target: { locUri: "./Vendor/A" }, data: "z".repeat(2000) }],
    };
    const msg = lastMessage(await session.receive(server.message([big], { statusFor: 1 })));
    expect(statusRows(msg)).toEqual([["SyncHdr", 0, 413]]);
    expect(session.close()).toMatchObject({ kind: "done", outcome: "aborted" });
  });

  it("processes a SyncML body labelled with another content type (the body decides)", async () => {
    const { session, server } = await opened();
    const m = server.message([getMan], { statusFor: 1 });
    const step = await session.receive({ ...m, contentType: "text/plain" });
    expect(statusRows(sentMessage(step))).toEqual([
      ["SyncHdr", 0, 200],
      ["Get", 4, 200],
    ]);
  });
});

describe("bounds and aborts", () => {
  it("sends Alert 1223 and ends aborted when the message bound is reached [TR-PRO §2.3.1]", async () => {
    const { session, server } = await opened({ maxMessages: 4 });
    const kinds: string[] = [];
    for (let i = 1; i < 20; i++) {
      const step = await session.receive(server.message([getMan], { statusFor: i, final: false }));
      if (step.kind === "done") {
        kinds.push(step.outcome);
        break;
      }
      kinds.push(step.last === true ? "last" : "send");
      // [TR-PRO §2.3.1] the abort carries what is due (SyncHdr Status, the Get's Status and Results).
      if (step.last === true) {
        expect(sentMessage(step).body.map((c) => c.kind)).toEqual(["Status", "Status", "Results", "Alert"]);
      }
    }
    expect(kinds).toEqual(["send", "send", "send", "last", "aborted"]);
  });

  it("aborts from the client side with Alert 1223 and Final", async () => {
    const { session } = await opened();
    lastMessage(session.abort("user pressed cancel"));
    expect(session.close()).toEqual({ kind: "done", outcome: "aborted", reason: "user pressed cancel" });
  });

  it("ends failed with the transport's reason when the orchestrator closes it", async () => {
    const { session } = await opened();
    expect(session.close("connection refused")).toEqual({
      kind: "done",
      outcome: "failed",
      reason: "connection refused",
    });
  });

  it("refuses misuse: receive before start, start twice", async () => {
    const { session } = harness();
    await expect(
      session.receive({ body: new Uint8Array(), contentType: "", headers: {} }),
    ).rejects.toBeInstanceOf(OmaDmError);
    await session.start();
    await expect(session.start()).rejects.toBeInstanceOf(OmaDmError);
  });

  it("answers 500 for a UI alert whose UI throws, and goes on", async () => {
    const ui = {
      ...headlessUi(),
      confirm: (): never => {
        throw new Error("screen broken");
      },
    };
    const { session, server } = await opened({ ui });
    const alert: Command = { kind: "Alert", cmdId: 2, data: 1101, items: [{ data: "" }, { data: "ok?" }] };
    const msg = sentMessage(await session.receive(server.message([alert, getMan], { statusFor: 1 })));
    expect(statusRows(msg).slice(1)).toEqual([
      ["Alert", 2, 500],
      ["Get", 4, 200],
    ]);
  });

  it("answers 500 for a command whose node handler throws", async () => {
    const { session, server, tree } = await opened();
    tree.define("./Vendor/Boom", { data: "x" }, { acl: "Get=*" });
    tree.mount("./Vendor/Boom", {
      get: () => {
        throw new Error("driver crashed");
      },
    });
    const msg = sentMessage(
      await session.receive(
        server.message([{ kind: "Get", cmdId: 3, items: [{ target: { locUri: "./Vendor/Boom" } }] }], {
          statusFor: 1,
        }),
      ),
    );
    expect(statusRows(msg)[1]).toEqual(["Get", 3, 500]);
  });
});

describe("properties", () => {
  it("turns any bytes from the server into a step, never an exception", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const { session } = await opened();
        const step = await session.receive({
          body: bytes,
          contentType: "application/vnd.syncml.dm+wbxml",
          headers: {},
        });
        expect(["send", "done"]).toContain(step.kind);
      }),
      { numRuns: 300 },
    );
  });

  it("ends every session within the message bound whatever mutated server messages it gets", async () => {
    const base = (server: ScriptedServer, i: number): IncomingMessage =>
      server.message(
        [
          getMan,
          {
            kind: "Add",
            cmdId: 5,
            items: [
              { target: { locUri: `./Vendor/N${i}` }, data: "v", moreData: i % 3 === 0, meta: { size: 10 } },
            ],
          },
        ],
        { statusFor: i, final: i % 2 === 0 },
      );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.constantFrom<"xml" | "wbxml">("xml", "wbxml"),
        async (flips, encoding) => {
          const h = harness({ encoding, maxMessages: 8 });
          await h.session.start();
          const server = new ScriptedServer(h.session.sessionId, encoding);
          let step: SessionStep = { kind: "done", outcome: "failed" };
          let rounds = 0;
          for (let i = 1; i <= 50; i++) {
            rounds = i;
            const m = base(server, i);
            const body = new Uint8Array(m.body);
            for (const [at, v] of flips) if (body.length > 0) body[at % body.length] = v;
            step = await h.session.receive({ ...m, body: i === 2 ? body : m.body });
            if (step.kind === "done") break;
            if (step.kind === "send") decodeSyncML(step.message.body);
          }
          expect(step.kind).toBe("done");
          expect(rounds).toBeLessThanOrEqual(10);
        },
      ),
      { numRuns: 80 },
    );
  });
});
