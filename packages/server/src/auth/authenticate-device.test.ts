import { describe, expect, it } from "vitest";
import type { SyncHdr } from "@omadm/protocol";
import {
  basicCredential,
  decodeNonce,
  encodeNonce,
  formatHmacHeader,
  hmacMac,
  md5Credential,
} from "@omadm/protocol";
import type { AuthenticateInput } from "./authenticate-device.js";
import { authenticateDevice } from "./authenticate-device.js";
import { clientAuthOf, serverAuthOf } from "./device-secrets.js";
import { issueNonce, nonceIssuedAt } from "./issued-nonce.js";
import { readServerAuthAnswer, serverCred, serverHmacHeader } from "./server-credentials.js";

const now = Date.UTC(2025, 0, 1);
const fixedRandom = (n: number) => new Uint8Array(n).fill(7);
const header: SyncHdr = {
  verDtd: "1.2",
  verProto: "DM/1.2",
  sessionId: "1",
  msgId: 1,
  target: { locUri: "https://s" },
  source: { locUri: "IMEI:1", locName: "Bruce2" },
};

function input(over: Partial<AuthenticateInput> & Pick<AuthenticateInput, "device">): AuthenticateInput {
  return {
    header,
    headers: {},
    body: new Uint8Array(0),
    sessionAuthenticated: false,
    now,
    nonceTtlMs: 60_000,
    random: fixedRandom,
    ...over,
  };
}

describe("device authentication (fact sheet §4.2 vectors)", () => {
  const basic = { clientAuth: clientAuthOf("basic", "Bruce2", "OhBehave"), clientNonce: "" };

  it("stores only B64(H(user:password)) [TR-SEC §5.1.3.2]", () => {
    expect(basic.clientAuth.secretHash).toBe("PtEdr8lBQ45IbT1bZIkrOQ==");
  });

  it("accepts the spec's Basic credential with 212", () => {
    const cred = { meta: { type: "syncml:auth-basic", format: "b64" }, data: "QnJ1Y2UyOk9oQmVoYXZl" };
    expect(authenticateDevice(input({ device: basic, header: { ...header, cred } }))).toEqual({
      ok: true,
      code: 212,
    });
  });

  it("accepts a Basic Cred without Meta (the type defaults to basic)", () => {
    const cred = { data: basicCredential("Bruce2", "OhBehave") };
    expect(authenticateDevice(input({ device: basic, header: { ...header, cred } })).ok).toBe(true);
  });

  it("refuses the right password under another user name", () => {
    const other = { clientAuth: clientAuthOf("basic", "Other", "OhBehave"), clientNonce: "" };
    const cred = { data: basicCredential("Bruce2", "OhBehave") };
    expect(authenticateDevice(input({ device: other, header: { ...header, cred } }))).toMatchObject({
      ok: false,
      code: 401,
      reason: "invalid",
      countsAsFailure: true,
    });
  });

  it("accepts the spec's MD5 digest for the nonce 'Nonce' and hands over a new nonce with 212", () => {
    const device = {
      clientAuth: clientAuthOf("md5", "Bruce2", "OhBehave"),
      clientNonce: encodeNonce(new TextEncoder().encode("Nonce")),
    };
    const cred = { meta: { type: "syncml:auth-md5", format: "b64" }, data: "Zz6EivR3yeaaENcRN6lpAQ==" };
    const v = authenticateDevice(input({ device, header: { ...header, cred } }));
    expect(v).toMatchObject({
      ok: true,
      code: 212,
      chal: { meta: { type: "syncml:auth-md5", format: "b64" } },
    });
    expect(v.nextNonce).toBeDefined();
    expect(v.chal?.meta.nextNonce).toBe(v.nextNonce);
  });

  it("answers a missing credential with 407 and a Chal of the provisioned scheme, without counting it", () => {
    const device = { clientAuth: clientAuthOf("md5", "Bruce2", "OhBehave"), clientNonce: "" };
    expect(authenticateDevice(input({ device }))).toMatchObject({
      ok: false,
      code: 407,
      reason: "missing",
      countsAsFailure: false,
      chal: { meta: { type: "syncml:auth-md5", format: "b64", nextNonce: expect.any(String) } },
    });
  });

  it("accepts a message without Cred after 212 in the same session (200)", () => {
    expect(authenticateDevice(input({ device: basic, sessionAuthenticated: true }))).toEqual({
      ok: true,
      code: 200,
    });
  });

  it("refuses everything from a locked device without a Chal", () => {
    const cred = { data: basicCredential("Bruce2", "OhBehave") };
    const v = authenticateDevice(
      input({ device: { ...basic, lockedUntil: now + 1 }, header: { ...header, cred } }),
    );
    expect(v).toEqual({ ok: false, code: 401, reason: "locked", countsAsFailure: false });
  });

  it("verifies the researcher-made HMAC vector over the exact body", () => {
    const nonce = "ZG9iZWhhdmUNCg==";
    const device = { clientAuth: clientAuthOf("hmac", "Robert Jordan", "secret"), clientNonce: nonce };
    const body = new TextEncoder().encode("<SyncML xmlns='SYNCML:SYNCML1.2'></SyncML>");
    const headers = {
      "X-SyncML-HMAC": 'algorithm=MD5, username="Robert Jordan", mac=ZZ2F+369bp7Fcg13Nxgjog==',
    };
    const v = authenticateDevice(input({ device, headers, body }));
    expect(v).toMatchObject({ ok: true, code: 200, chal: { meta: { type: "syncml:auth-MAC" } } });
    const changed = body.slice();
    changed[2] = 0x41;
    expect(authenticateDevice(input({ device, headers, body: changed }))).toMatchObject({
      ok: false,
      code: 401,
      reason: "invalid",
    });
  });

  it("refuses an HMAC header naming another user, and a garbled header, as wrong credentials", () => {
    const device = { clientAuth: clientAuthOf("hmac", "a", "s"), clientNonce: "" };
    const body = new Uint8Array([1]);
    const other = {
      "x-syncml-hmac": formatHmacHeader({ username: "b", mac: hmacMac("a", "s", new Uint8Array(0), body) }),
    };
    expect(authenticateDevice(input({ device, headers: other, body })).ok).toBe(false);
    expect(
      authenticateDevice(input({ device, headers: { "x-syncml-hmac": "garbage" }, body })),
    ).toMatchObject({ code: 401, reason: "invalid" });
  });

  it("challenges a digest over a stale nonce of ours again, not counting it", () => {
    const issued = issueNonce(fixedRandom, now - 120_000);
    const device = { clientAuth: clientAuthOf("md5", "u", "p"), clientNonce: issued };
    const cred = { meta: { type: "syncml:auth-md5" }, data: md5Credential("u", "p", decodeNonce(issued)) };
    expect(authenticateDevice(input({ device, header: { ...header, cred } }))).toMatchObject({
      ok: false,
      code: 401,
      reason: "stale-nonce",
      countsAsFailure: false,
    });
  });
});

describe("nonces", () => {
  it("carry 128 random bits and their issue time", () => {
    const n = decodeNonce(issueNonce(fixedRandom, 1_700_000_000_123));
    expect(n.length).toBe(22);
    expect(nonceIssuedAt(n)).toBe(1_700_000_000_123);
    expect(nonceIssuedAt(new Uint8Array(16))).toBeUndefined();
  });
});

describe("server credentials", () => {
  it("builds Basic with the plain secret and MD5 from the hash and the device's nonce", () => {
    expect(serverCred(serverAuthOf("basic", "srv", "pw"), "")?.data).toBe(basicCredential("srv", "pw"));
    const nonce = encodeNonce(new Uint8Array([9, 9]));
    expect(serverCred(serverAuthOf("md5", "srv", "pw"), nonce)?.data).toBe(
      md5Credential("srv", "pw", new Uint8Array([9, 9])),
    );
    expect(serverCred(serverAuthOf("hmac", "srv", "pw"), nonce)).toBeUndefined();
    expect(serverCred(undefined, nonce)).toBeUndefined();
  });

  it("signs a body for HMAC devices only", () => {
    const body = new Uint8Array([1, 2, 3]);
    expect(serverHmacHeader(serverAuthOf("hmac", "srv", "pw"), "", body)).toBe(
      formatHmacHeader({ username: "srv", mac: hmacMac("srv", "pw", new Uint8Array(0), body) }),
    );
    expect(serverHmacHeader(serverAuthOf("md5", "srv", "pw"), "", body)).toBeUndefined();
  });

  it("reads acceptance, refusal and the device's NextNonce from its SyncHdr Status", () => {
    const base = {
      kind: "Status",
      cmdId: 1,
      msgRef: 1,
      cmdRef: 0,
      cmd: "SyncHdr",
      targetRefs: [],
      sourceRefs: [],
      items: [],
    } as const;
    expect(readServerAuthAnswer({ ...base, data: 212 })).toEqual({ accepted: true, refused: false });
    expect(readServerAuthAnswer({ ...base, data: 401, chal: { meta: { nextNonce: "AAEC" } } })).toEqual({
      accepted: false,
      refused: true,
      nextNonce: "AAEC",
    });
    expect(readServerAuthAnswer({ ...base, data: 200, chal: { meta: { nextNonce: "*bad*" } } })).toEqual({
      accepted: true,
      refused: false,
    });
  });
});
