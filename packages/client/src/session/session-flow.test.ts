/**
 * A whole session, package by package [TR-PRO §2.3], [TR-PRO §2.6.1]: Package 1, the server's
 * Package 2 with 212 and commands, Package 3, and the server's closing package.
 */
import type { Command } from "@omadm/protocol";
import { describe, expect, it } from "vitest";
import { harness, ScriptedServer, sentMessage, statusRows } from "./session-test-kit.js";

describe("a client-initiated session", () => {
  it("numbers messages from 1, references the server's MsgIDs, and ends on a Status-only package", async () => {
    const h = harness({ trigger: { kind: "client", sessionId: "7F" } });
    const server = new ScriptedServer(h.session.sessionId);
    const p1 = sentMessage(await h.session.start());
    expect(p1.header.msgId).toBe(1);

    const pkg2: Command[] = [
      {
        kind: "Status",
        cmdId: 2,
        msgRef: 1,
        cmdRef: 1,
        cmd: "Alert",
        targetRefs: [],
        sourceRefs: [],
        data: 200,
        items: [],
      },
      {
        kind: "Status",
        cmdId: 3,
        msgRef: 1,
        cmdRef: 2,
        cmd: "Replace",
        targetRefs: [],
        sourceRefs: [],
        data: 200,
        items: [],
      },
      { kind: "Replace", cmdId: 4, items: [{ target: { locUri: "./DevDetail/Bearer/GSM" }, data: "on" }] },
      { kind: "Get", cmdId: 5, items: [{ target: { locUri: "./DevDetail/Bearer/GSM" } }] },
    ];
    const p3 = sentMessage(
      await h.session.receive(server.message(pkg2, { statusFor: 1, headerStatus: 212 })),
    );
    expect(p3.header).toMatchObject({ sessionId: "7F", msgId: 2 });
    expect(statusRows(p3)).toEqual([
      ["SyncHdr", 0, 200],
      ["Replace", 4, 200],
      ["Get", 5, 200],
    ]);
    expect(p3.body.every((c) => c.kind !== "Status" || c.msgRef === 1)).toBe(true);
    expect(p3.body[3]).toMatchObject({ kind: "Results", msgRef: 1, cmdRef: 5, items: [{ data: "on" }] });
    expect(p3.final).toBe(true);

    // Package 4 only acknowledges: the client must not answer it. [TR-PRO §2.3]
    const step = await h.session.receive(
      server.message(
        [
          {
            kind: "Status",
            cmdId: 2,
            msgRef: 2,
            cmdRef: 3,
            cmd: "Replace",
            targetRefs: [],
            sourceRefs: [],
            data: 200,
            items: [],
          },
        ],
        { statusFor: 2 },
      ),
    );
    expect(step).toEqual({ kind: "done", outcome: "completed", reason: "the server ended the session" });
    expect(h.session.outcome).toBe("completed");
  });

  it("logs through the injected logger with the session id and message id", async () => {
    const lines: [string, object, string | undefined][] = [];
    const log = {
      debug: (o: object, m?: string) => lines.push(["debug", o, m]),
      info: (o: object, m?: string) => lines.push(["info", o, m]),
      warn: (o: object, m?: string) => lines.push(["warn", o, m]),
      error: (o: object, m?: string) => lines.push(["error", o, m]),
    };
    const h = harness({ log });
    await h.session.start();
    expect(lines.find((l) => l[2] === "message sent")?.[1]).toMatchObject({
      sessionId: "1",
      msgId: 1,
      serverId: "omadm.test",
    });
  });
});
