import { decodeSyncML, md5Credential } from "@omadm/protocol";
import { describe, expect, it } from "vitest";
import { memoryAlertQueue } from "./memory-alert-queue.js";
import { devId, harness, sentMessage, serverUrl, testAccount } from "./session-test-kit.js";

describe("Package 1 [TR-PRO §2.3.3]", () => {
  it("opens a client-initiated session with Alert 1201, the DevInfo Replace and Final", async () => {
    const { session } = harness({ trigger: { kind: "client", sessionId: "2A" } });
    const step = await session.start();
    expect(step.kind).toBe("send");
    if (step.kind !== "send") return;
    expect(step.message.url).toBe(serverUrl);
    expect(step.message.contentType).toBe("application/vnd.syncml.dm+xml");
    const msg = decodeSyncML(step.message.body);
    expect(msg.header).toMatchObject({
      verDtd: "1.2",
      verProto: "DM/1.2",
      sessionId: "2A",
      msgId: 1,
      target: { locUri: serverUrl },
      source: { locUri: devId },
      meta: { maxMsgSize: 65536, maxObjSize: 1048576 },
    });
    expect(msg.header.cred).toBeUndefined();
    expect(msg.final).toBe(true);
    expect(msg.body.map((c) => c.kind)).toEqual(["Alert", "Replace"]);
    expect(msg.body[0]).toMatchObject({ kind: "Alert", cmdId: 1, data: 1201 });
    const replace = msg.body[1];
    expect(replace?.kind).toBe("Replace");
    if (replace?.kind !== "Replace") return;
    expect(replace.cmdId).toBe(2);
    expect(replace.items.map((i) => [i.source?.locUri, i.meta?.format, i.meta?.type, i.data])).toEqual([
      ["./DevInfo/DevId", "chr", "text/plain", devId],
      ["./DevInfo/Man", "chr", "text/plain", "omadm"],
      ["./DevInfo/Mod", "chr", "text/plain", "test-device"],
      ["./DevInfo/DmV", "chr", "text/plain", "1.2"],
      ["./DevInfo/Lang", "chr", "text/plain", "en-US"],
    ]);
  });

  it("answers a notification with Alert 1200 and the notification's session id in hex without leading zeros [TR-NOT §6.2.2.10]", async () => {
    const { session } = harness({
      trigger: { kind: "server", sessionId: 0x00ab, uiMode: "background", initiator: "server" },
    });
    expect(session.sessionId).toBe("AB");
    const msg = sentMessage(await session.start());
    expect(msg.header.sessionId).toBe("AB");
    expect(msg.body[0]).toMatchObject({ kind: "Alert", data: 1200 });
  });

  it("picks a fresh session id from the injected randomness when the client starts", () => {
    const a = harness({ trigger: { kind: "client" }, random: () => Uint8Array.of(0, 0, 0x12, 0x34) });
    expect(a.session.sessionId).toBe("1234");
    const b = harness({ trigger: { kind: "client" }, random: () => Uint8Array.of(0xde, 0xad, 0xbe, 0xef) });
    expect(b.session.sessionId).toBe("DEADBEEF");
  });

  it("carries the pending client alerts for this server after DevInfo", async () => {
    const alerts = memoryAlertQueue();
    alerts.add({
      serverId: "omadm.test",
      alert: 1226,
      correlator: "c-7",
      items: [
        {
          source: { locUri: "./FUMO" },
          meta: { type: "org.openmobilealliance.dm.firmwareupdate.update", format: "int" },
          data: "200",
        },
      ],
    });
    alerts.add({
      serverId: "other.server",
      alert: 1224,
      items: [{ meta: { type: "x", format: "chr" }, data: "no" }],
    });
    alerts.add({
      alert: 1224,
      items: [{ meta: { type: "com.example/Login", format: "chr" }, data: "user" }],
    });
    const { session } = harness({ alerts });
    const msg = sentMessage(await session.start());
    expect(msg.body.map((c) => (c.kind === "Alert" ? c.data : c.kind))).toEqual([
      1201,
      "Replace",
      1226,
      1224,
    ]);
    expect(msg.body[2]).toMatchObject({
      correlator: "c-7",
      items: [{ data: "200", meta: { format: "int" } }],
    });
  });

  it("sends the basic credential and the user name in Source LocName [TR-PRO §2.4.4.1], [TR-REP §4.1.1.9]", async () => {
    const account = testAccount({
      client: { type: "BASIC", name: "Bruce2", secret: "OhBehave", nonce: new Uint8Array() },
    });
    const msg = sentMessage(await harness({ account }).session.start());
    expect(msg.header.cred).toEqual({
      meta: { type: "syncml:auth-basic", format: "b64" },
      data: "QnJ1Y2UyOk9oQmVoYXZl",
    });
    expect(msg.header.source).toEqual({ locUri: devId, locName: "Bruce2" });
  });

  it("sends the MD5 digest over the stored client nonce [TR-SEC §5.1.3.2]", async () => {
    const nonce = new TextEncoder().encode("Nonce");
    const account = testAccount({ client: { type: "DIGEST", name: "Bruce2", secret: "OhBehave", nonce } });
    const msg = sentMessage(await harness({ account }).session.start());
    expect(msg.header.cred).toEqual({
      meta: { type: "syncml:auth-md5", format: "b64" },
      data: "Zz6EivR3yeaaENcRN6lpAQ==",
    });
    expect(md5Credential("Bruce2", "OhBehave", nonce)).toBe("Zz6EivR3yeaaENcRN6lpAQ==");
  });

  it("signs the exact body with x-syncml-hmac and sends no Cred for HMAC [TR-SEC §5.1.4.3]", async () => {
    const account = testAccount({
      client: { type: "HMAC", name: "Robert Jordan", secret: "secret", nonce: Uint8Array.of(1, 2) },
    });
    const step = await harness({ account }).session.start();
    if (step.kind !== "send") throw new Error("no message");
    expect(decodeSyncML(step.message.body).header.cred).toBeUndefined();
    expect(step.message.headers["x-syncml-hmac"]).toMatch(
      /^algorithm=MD5, username="Robert Jordan", mac=[A-Za-z0-9+/]+=*$/,
    );
  });

  it("writes WBXML with the WBXML content type when configured", async () => {
    const step = await harness({ encoding: "wbxml" }).session.start();
    if (step.kind !== "send") throw new Error("no message");
    expect(step.message.contentType).toBe("application/vnd.syncml.dm+wbxml");
    expect(step.message.body[0]).toBe(0x02);
    expect(decodeSyncML(step.message.body).body[0]).toMatchObject({ kind: "Alert", data: 1201 });
  });

  it("ends failed when the tree has no DevId to send", async () => {
    const { createTree } = await import("@omadm/tree");
    const step = await harness({ tree: createTree() }).session.start();
    expect(step).toMatchObject({ kind: "done", outcome: "failed" });
  });
});
