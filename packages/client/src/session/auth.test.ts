/**
 * Authentication both ways [TR-PRO §2.4], [TR-SEC §5.1.3-§5.1.4], fact sheet §4: the client's
 * credentials (basic, MD5, HMAC) and the server's challenges (401/407 with Chal, 212, NextNonce);
 * the server's credentials when the account requires them, with no command run until they verify.
 */
import type { Chal, Command } from "@omadm/protocol";
import {
  basicCredential,
  decodeNonce,
  decodeSyncML,
  encodeNonce,
  formatHmacHeader,
  hmacMac,
  md5Credential,
  parseHmacHeader,
  verifyHmac,
} from "@omadm/protocol";
import { describe, expect, it } from "vitest";
import type { AuthCredential } from "../account/account-api.js";
import type { IncomingMessage, SessionStep } from "./session-api.js";
import {
  harness,
  ScriptedServer,
  sentMessage,
  statusRows,
  testAccount,
  TestAccounts,
} from "./session-test-kit.js";

const cred = (
  type: AuthCredential["type"],
  name: string,
  secret: string,
  nonce = new Uint8Array(),
): AuthCredential => ({
  type,
  name,
  secret,
  nonce,
});
const hdrStatus = (msgRef: number, data: number, chal?: Chal): Command => ({
  kind: "Status",
  cmdId: 1,
  msgRef,
  cmdRef: 0,
  cmd: "SyncHdr",
  targetRefs: [],
  sourceRefs: [],
  data,
  items: [],
  ...(chal !== undefined && { chal }),
});
const md5Chal = (nonce: Uint8Array): Chal => ({
  meta: { type: "syncml:auth-md5", format: "b64", nextNonce: encodeNonce(nonce) },
});
const getMan: Command = { kind: "Get", cmdId: 5, items: [{ target: { locUri: "./DevInfo/Man" } }] };
const addA: Command = { kind: "Add", cmdId: 6, items: [{ target: { locUri: "./Vendor/A" }, data: "1" }] };

function setup(client?: AuthCredential, server?: AuthCredential) {
  const account = testAccount({
    ...(client !== undefined && { client }),
    ...(server !== undefined && { server }),
  });
  const accounts = new TestAccounts([account]);
  const h = harness({ account, accounts });
  return { ...h, accounts, server: new ScriptedServer(h.session.sessionId) };
}

function send(step: SessionStep): {
  url: string;
  headers: Readonly<Record<string, string>>;
  body: Uint8Array;
} {
  if (step.kind !== "send") throw new Error(`session ended: ${step.outcome} ${step.reason ?? ""}`);
  return step.message;
}

describe("client authentication [TR-PRO §2.4]", () => {
  it("answers a 407 basic challenge by sending Package 1 again with Cred, new MsgID, same SessionID; 212 ends the Cred", async () => {
    const { session, server } = setup(cred("HTTP-BASIC", "Bruce2", "OhBehave"));
    const p1 = sentMessage(await session.start());
    expect(p1.header.cred).toBeUndefined();
    const again = sentMessage(
      await session.receive(
        server.message([hdrStatus(1, 407, { meta: { type: "syncml:auth-basic", format: "b64" } })], {
          header: { respUri: "https://dm.example.com/s/9" },
        }),
      ),
    );
    expect(again.header).toMatchObject({
      msgId: 2,
      sessionId: p1.header.sessionId,
      cred: { data: "QnJ1Y2UyOk9oQmVoYXZl" },
    });
    expect(again.body.map((c) => (c.kind === "Alert" ? c.data : c.kind))).toEqual([
      "Status",
      1201,
      "Replace",
    ]);
    const after = await session.receive(server.message([getMan], { statusFor: 2, headerStatus: 212 }));
    expect(send(after).url).toBe("https://dm.example.com/s/9");
    expect(sentMessage(after).header.cred).toBeUndefined();
  });

  it("sends the challenge's resent package to the RespURI of the challenge [TR-PRO §2.4.1]", async () => {
    const { session, server } = setup(cred("BASIC", "u", "p"));
    await session.start();
    const step = await session.receive(
      server.message([hdrStatus(1, 401, { meta: { type: "syncml:auth-basic" } })], {
        header: { respUri: "https://dm.example.com/retry" },
      }),
    );
    expect(send(step).url).toBe("https://dm.example.com/retry");
  });

  it("answers an MD5 challenge with the new nonce, stores it, and stores the NextNonce that comes with 212 for the next session", async () => {
    const { session, server, accounts } = setup(cred("DIGEST", "Bruce2", "OhBehave", Uint8Array.of(9)));
    await session.start();
    const n1 = new TextEncoder().encode("Nonce");
    const again = sentMessage(await session.receive(server.message([hdrStatus(1, 401, md5Chal(n1))])));
    expect(again.header.cred?.data).toBe("Zz6EivR3yeaaENcRN6lpAQ==");
    expect(accounts.clientNonces).toEqual([n1]);
    const n2 = Uint8Array.of(1, 2, 3, 4);
    const step = await session.receive(server.message([hdrStatus(2, 212, md5Chal(n2)), getMan]));
    expect(sentMessage(step).header.cred).toBeUndefined();
    expect(accounts.clientNonces).toEqual([n1, n2]);
    expect(accounts.byServerId("omadm.test")?.client?.nonce).toEqual(n2);
  });

  it("keeps sending credentials after a 200, rebuilt with the NextNonce of the Chal [TR-PRO §2.4.1]", async () => {
    const { session, server } = setup(cred("DIGEST", "u", "p", Uint8Array.of(7)));
    await session.start();
    const n = Uint8Array.of(5, 5);
    const step = await session.receive(server.message([hdrStatus(1, 200, md5Chal(n)), getMan]));
    expect(sentMessage(step).header.cred?.data).toBe(md5Credential("u", "p", n));
  });

  it("signs every message with HMAC over the nonce of the previous Chal [TR-SEC §5.1.4]", async () => {
    const { session, server, accounts } = setup(cred("HMAC", "Robert Jordan", "secret", Uint8Array.of(1)));
    const first = send(await session.start());
    const h1 = parseHmacHeader(first.headers["x-syncml-hmac"] ?? "");
    expect(
      verifyHmac(h1, { username: "Robert Jordan", password: "secret" }, Uint8Array.of(1), first.body),
    ).toBe(true);
    const n2 = decodeNonce("ZG9iZWhhdmUNCg==");
    const second = send(
      await session.receive(
        server.message([
          hdrStatus(1, 200, {
            meta: { type: "syncml:auth-MAC", format: "b64", nextNonce: "ZG9iZWhhdmUNCg==" },
          }),
          getMan,
        ]),
      ),
    );
    const h2 = parseHmacHeader(second.headers["x-syncml-hmac"] ?? "");
    expect(h2.username).toBe("Robert Jordan");
    expect(verifyHmac(h2, { username: "Robert Jordan", password: "secret" }, n2, second.body)).toBe(true);
    expect(decodeSyncML(second.body).header.source.locName).toBe("Robert Jordan");
    expect(accounts.clientNonces).toEqual([n2]);
  });

  it("answers again when challenged in the management phase: the same Statuses and Results, new MsgID, new credentials", async () => {
    const { session, server } = setup(cred("DIGEST", "u", "p", Uint8Array.of(1)));
    await session.start();
    const p3 = sentMessage(await session.receive(server.message([hdrStatus(1, 200), getMan])));
    const n = Uint8Array.of(8, 8, 8);
    const again = sentMessage(await session.receive(server.message([hdrStatus(2, 401, md5Chal(n))])));
    expect(again.header.msgId).toBe(3);
    expect(again.header.cred?.data).toBe(md5Credential("u", "p", n));
    expect(again.body.slice(1)).toEqual(p3.body.slice(1));
  });

  it("gives up with auth-failed after a bounded number of challenges", async () => {
    const { session, server } = setup(cred("BASIC", "u", "wrong"));
    await session.start();
    let step: SessionStep = { kind: "done", outcome: "failed" };
    let sends = 0;
    for (let i = 1; i <= 10; i++) {
      step = await session.receive(
        server.message([hdrStatus(i, 401, { meta: { type: "syncml:auth-basic" } })]),
      );
      if (step.kind === "done") break;
      sends++;
    }
    expect(sends).toBe(3);
    expect(step).toMatchObject({ kind: "done", outcome: "auth-failed" });
  });

  it("ends auth-failed on a 401 without a Chal, or a challenge for a scheme it does not have", async () => {
    const a = setup(cred("BASIC", "u", "p"));
    await a.session.start();
    expect(await a.session.receive(a.server.message([hdrStatus(1, 401)]))).toMatchObject({
      kind: "done",
      outcome: "auth-failed",
    });
    const b = setup(cred("BASIC", "u", "p"));
    await b.session.start();
    expect(
      await b.session.receive(b.server.message([hdrStatus(1, 407, { meta: { type: "syncml:auth-X509" } })])),
    ).toMatchObject({
      kind: "done",
      outcome: "auth-failed",
    });
  });
});

describe("server authentication [TR-PRO §2.4], [TR-SEC §5.1.3]", () => {
  it("runs no command of a server that sends no credentials: SyncHdr 407 with our Chal, 407 for each command", async () => {
    const { session, server, tree } = setup(undefined, cred("BASIC", "srv", "pw"));
    await session.start();
    const reply = sentMessage(await session.receive(server.message([addA, getMan], { statusFor: 1 })));
    expect(statusRows(reply)).toEqual([
      ["SyncHdr", 0, 407],
      ["Add", 6, 407],
      ["Get", 5, 407],
    ]);
    expect(reply.body[0]).toMatchObject({ chal: { meta: { type: "syncml:auth-basic", format: "b64" } } });
    expect(reply.body.some((c) => c.kind === "Results")).toBe(false);
    expect(tree.get("./Vendor/A", undefined).status).toBe(404);
    // The server sends its commands again with credentials: 212, and they run.
    const ok = sentMessage(
      await session.receive(
        server.message([addA], {
          statusFor: 2,
          cred: { meta: { type: "syncml:auth-basic", format: "b64" }, data: basicCredential("srv", "pw") },
        }),
      ),
    );
    expect(statusRows(ok)).toEqual([
      ["SyncHdr", 0, 212],
      ["Add", 6, 200],
    ]);
    expect(tree.get("./Vendor/A", undefined).status).toBe(200);
  });

  it("verifies MD5 with the stored server nonce, hands over a fresh one with 212, and challenges a wrong digest with a new nonce", async () => {
    const n0 = Uint8Array.of(4, 4, 4, 4);
    const { session, server, accounts } = setup(undefined, cred("DIGEST", "srv", "pw", n0));
    await session.start();
    const bad = sentMessage(
      await session.receive(
        server.message([addA], {
          statusFor: 1,
          cred: { meta: { type: "syncml:auth-md5", format: "b64" }, data: md5Credential("srv", "nope", n0) },
        }),
      ),
    );
    expect(statusRows(bad)[0]).toEqual(["SyncHdr", 0, 401]);
    const n1 = decodeNonce((bad.body[0] as { chal?: Chal }).chal?.meta.nextNonce ?? "");
    expect(n1.byteLength).toBe(16);
    expect(accounts.serverNonces).toEqual([n1]);
    const good = sentMessage(
      await session.receive(
        server.message([addA], {
          statusFor: 2,
          cred: { meta: { type: "syncml:auth-md5", format: "b64" }, data: md5Credential("srv", "pw", n1) },
        }),
      ),
    );
    expect(statusRows(good)).toEqual([
      ["SyncHdr", 0, 212],
      ["Add", 6, 200],
    ]);
    const next = decodeNonce((good.body[0] as { chal?: Chal }).chal?.meta.nextNonce ?? "");
    expect(accounts.byServerId("omadm.test")?.server?.nonce).toEqual(next);
  });

  it("keeps the server nonce the server knows when the session ends before our Chal could be sent (MD5)", async () => {
    const n0 = Uint8Array.of(4, 4, 4, 4);
    const { session, server, accounts } = setup(undefined, cred("DIGEST", "srv", "pw", n0));
    await session.start();
    // Authenticated, nothing to do, Final: no reply is sent, so the 212's Chal never leaves.
    const end = await session.receive(
      server.message([], {
        statusFor: 1,
        cred: { meta: { type: "syncml:auth-md5", format: "b64" }, data: md5Credential("srv", "pw", n0) },
      }),
    );
    expect(end).toMatchObject({ kind: "done", outcome: "completed" });
    expect(accounts.serverNonces).toEqual([]);
    expect(accounts.byServerId("omadm.test")?.server?.nonce).toEqual(n0);
  });

  it("keeps the server nonce the server knows when an HMAC session ends on the server's last message", async () => {
    const n0 = Uint8Array.of(2, 2);
    const { session, server, accounts } = setup(undefined, cred("HMAC", "srv", "pw", n0));
    await session.start();
    const m = server.message([], { statusFor: 1 });
    const end = await session.receive({
      ...m,
      headers: {
        "X-SyncML-HMAC": formatHmacHeader({ username: "srv", mac: hmacMac("srv", "pw", n0, m.body) }),
      },
    });
    expect(end).toMatchObject({ kind: "done", outcome: "completed" });
    expect(accounts.byServerId("omadm.test")?.server?.nonce).toEqual(n0);
  });

  it("verifies the server's x-syncml-hmac on every message and answers 200 with a new NextNonce each time", async () => {
    const n0 = Uint8Array.of(2, 2);
    const { session, server } = setup(undefined, cred("HMAC", "srv", "pw", n0));
    await session.start();
    const signed = (m: IncomingMessage, nonce: Uint8Array): IncomingMessage => ({
      ...m,
      headers: {
        "X-SyncML-HMAC": formatHmacHeader({ username: "srv", mac: hmacMac("srv", "pw", nonce, m.body) }),
      },
    });
    const r1 = sentMessage(await session.receive(signed(server.message([getMan], { statusFor: 1 }), n0)));
    expect(statusRows(r1)[0]).toEqual(["SyncHdr", 0, 200]);
    const n1 = decodeNonce((r1.body[0] as { chal?: Chal }).chal?.meta.nextNonce ?? "");
    // The old nonce no longer works: 401, nothing runs.
    const stale = sentMessage(await session.receive(signed(server.message([addA], { statusFor: 2 }), n0)));
    expect(statusRows(stale)).toEqual([
      ["SyncHdr", 0, 401],
      ["Add", 6, 401],
    ]);
    const n2 = decodeNonce((stale.body[0] as { chal?: Chal }).chal?.meta.nextNonce ?? "");
    expect(n2).not.toEqual(n1);
    const r3 = sentMessage(await session.receive(signed(server.message([addA], { statusFor: 3 }), n2)));
    expect(statusRows(r3)).toEqual([
      ["SyncHdr", 0, 200],
      ["Add", 6, 200],
    ]);
  });

  it("ends auth-failed when a server that must authenticate sends a Status-only package without credentials (no Status-only challenge)", async () => {
    const { session, server } = setup(undefined, cred("BASIC", "srv", "pw"));
    await session.start();
    expect(await session.receive(server.message([], { statusFor: 1 }))).toMatchObject({
      kind: "done",
      outcome: "auth-failed",
    });
  });

  it("ends auth-failed, sending nothing more, after a server fails to authenticate a bounded number of times", async () => {
    const { session, server } = setup(undefined, cred("BASIC", "srv", "pw"));
    await session.start();
    const outcomes: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const step = await session.receive(server.message([addA], { statusFor: i }));
      outcomes.push(step.kind === "send" ? "send" : step.outcome);
      if (step.kind === "done") break;
    }
    expect(outcomes).toEqual(["send", "send", "send", "auth-failed"]);
  });

  it("uses a NextNonce from a server that has not authenticated, but does not store it [TR-SEC §5.1.3.4]", async () => {
    const { session, server, accounts } = setup(
      cred("DIGEST", "u", "p", Uint8Array.of(1)),
      cred("BASIC", "srv", "pw"),
    );
    await session.start();
    const n = Uint8Array.of(3, 3, 3);
    const again = sentMessage(await session.receive(server.message([hdrStatus(1, 401, md5Chal(n))])));
    expect(again.header.cred?.data).toBe(md5Credential("u", "p", n));
    expect(statusRows(again)[0]).toEqual(["SyncHdr", 0, 407]);
    expect(accounts.clientNonces).toEqual([]);
  });
});
