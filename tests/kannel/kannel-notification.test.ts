// Package 0 through a real Kannel PPG (PAP) to its fake SMSC, read the way a phone would get it.
// Fails (does not skip) when Kannel is not installed: /work/shared/kannel.md.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodePackage0, encodeNonce, parseUserData, userPassHash, verifyPackage0 } from "@omadm/protocol";
import type { NewDevice, PushContent, PushSender } from "@omadm/server";
import { createNotificationDispatcher, kannelSmsSender, package0Content, papSender } from "@omadm/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectSmscReader,
  receivePush,
  startKannel,
  type Kannel,
  type SmscReader,
} from "../support/kannel.js";
import { countingRandom, memoryNotifyStore } from "../support/memory-notify-store.js";

const msisdn = "+15551234567";
const serverId = "omadm.kannel.test";
const serverSecret = "server-secret";
const nonce = new Uint8Array([9, 8, 7, 6, 5, 4, 3, 2]);

let kannel: Kannel;
let reader: SmscReader;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "omadm-kannel-"));
  kannel = await startKannel({ dir });
  reader = await connectSmscReader(kannel.smscPort);
});

afterAll(async () => {
  await reader?.close();
  await kannel?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

function ppg() {
  return papSender({
    url: kannel.ppgUrl,
    username: kannel.username,
    password: kannel.password,
    timeoutMs: 5000,
  });
}

function device(id: string): NewDevice {
  return {
    id,
    msisdn,
    clientAuth: { scheme: "md5", username: id, secretHash: userPassHash(id, "client") },
    serverAuth: { scheme: "md5", serverId, secretHash: userPassHash(serverId, serverSecret) },
    serverNonce: encodeNonce(nonce),
  };
}

describe("Package 0 through Kannel's PPG", () => {
  it("arrives as one SMS to WDP port 2948 whose WSP push carries the Package 0 byte for byte", async () => {
    const store = memoryNotifyStore(Date.now, [device("IMEI:100000000000001")]);
    const pap = ppg();
    const given: PushContent[] = [];
    const recording: PushSender = {
      send(address, content) {
        given.push(content);
        return pap.send(address, content);
      },
    };
    const dispatcher = createNotificationDispatcher({
      store,
      clock: Date.now,
      random: countingRandom(),
      senders: { ppg: recording },
    });
    const result = await dispatcher.notify("IMEI:100000000000001", {
      uiMode: "background",
      initiator: "server",
    });
    expect(result).toMatchObject({ outcome: "sent", channel: "ppg", attempts: 1 });
    expect(result.detail).toMatch(/^PAP 1001 /);
    expect(store.attempts).toMatchObject([{ channel: "ppg", attempt: 1, outcome: "sent" }]);

    const received = await receivePush(reader);
    expect(received.parts).toHaveLength(1);
    const sms = received.parts[0]!;
    expect(sms.receiver).toBe(msisdn);
    expect(Buffer.from(sms.udh!).toString("hex")).toBe("0605040b8423f0");
    expect(received.message.ports).toEqual({ destination: 2948, source: 9200, bits: 16 });
    const { push } = received;
    // Kannel writes the content type as text (kannel.md); an intake must accept it.
    expect(push.contentType.mediaType).toBe("application/vnd.syncml.notification");
    expect(push.applicationId).toBe(7);
    const pkg = decodePackage0(push.body);
    expect(pkg.sessionId.toString(16).toUpperCase()).toBe(result.sessionId);
    expect(verifyPackage0(pkg, { serverPassword: serverSecret }, nonce)).toBe("stored");
    expect(given).toHaveLength(1);
    expect(Buffer.from(push.body).equals(Buffer.from(given[0]!.body))).toBe(true);
    // node:http with explicit headers: nothing of the HTTP request leaks into the push PDU.
    expect(push.headers?.map((h) => h.name)).toEqual(["Content-Length", "Encoding-Version"]);
    expect(push.headers?.[0]?.value).toBe(push.body.length);
  });

  it("delivers the exact bytes given to the PAP sender", async () => {
    const body = new Uint8Array(40).map((_, i) => (i * 37) & 0xff);
    expect(await ppg().send(msisdn, package0Content(body))).toMatchObject({ ok: true });
    const { push, parts } = await receivePush(reader);
    expect(parts).toHaveLength(1);
    expect(Buffer.from(push.body).equals(Buffer.from(body))).toBe(true);
  });

  it("delivers a Package 0 through smsbox with the content type as its well-known code", async () => {
    const sms = kannelSmsSender({
      url: kannel.sendsmsUrl,
      username: kannel.sendsmsUser,
      password: kannel.sendsmsPassword,
    });
    const body = new Uint8Array(30).map((_, i) => 255 - i);
    expect(await sms.send(msisdn, package0Content(body))).toMatchObject({ ok: true });
    const { push, parts, message } = await receivePush(reader);
    expect(parts).toHaveLength(1);
    expect(parseUserData(Buffer.concat([parts[0]!.udh!, parts[0]!.data])).header.ports?.destination).toBe(
      2948,
    );
    expect(message.ports?.destination).toBe(2948);
    // [TR-NOT §6.3] the well-known code 0x44, as the spec asks (Kannel's PPG sends the text).
    expect(push.contentType).toEqual({ mediaType: "application/vnd.syncml.notification", code: 0x44 });
    expect(push.applicationId).toBe(7);
    expect(Buffer.from(push.body).equals(Buffer.from(body))).toBe(true);
  });
});
