import {
  bootstrapKey,
  bootstrapSecurityOf,
  cpCharacteristicsOf,
  decodeCp,
  decodeNonce,
  decodeSyncML,
  dmAccountFromW7,
  isW7Application,
  userPassHash,
  verifyBootstrapMac,
} from "@omadm/protocol";
import { describe, expect, it } from "vitest";
import type { NewDevice } from "../store/store-api.js";
import {
  countingRandom,
  fakeTime,
  memoryNotifyStore,
} from "../../../../tests/support/memory-notify-store.js";
import type { PushContent, PushSender, SendOutcome } from "../notification/push-content.js";
import { accountNodeName, buildBootstrap } from "./bootstrap-package.js";
import { createBootstrapService } from "./bootstrap-service.js";

const server = { serverId: "omadm.example", serverUrl: "https://dm.example/dm" };
const fresh: NewDevice = {
  id: "IMEI:490154203237518",
  msisdn: "+15551234567",
  clientAuth: { scheme: "hmac", username: "dev-1", secretHash: userPassHash("dev-1", "old") },
  serverAuth: { scheme: "md5", serverId: "old.server", secretHash: userPassHash("old.server", "old") },
};
const imsi = "001010123456789";

function setup(outcome: SendOutcome = { ok: true, detail: "accepted" }) {
  const time = fakeTime();
  const store = memoryNotifyStore(time.now, [fresh]);
  const sent: { address: string; content: PushContent }[] = [];
  const push: PushSender = {
    send(address, content) {
      sent.push({ address, content });
      return Promise.resolve(outcome);
    },
  };
  const service = createBootstrapService({ store, clock: time.now, random: countingRandom(), server, push });
  return { store, service, sent, time };
}

describe("bootstrap package", () => {
  it("builds a DM-profile message whose NETWPIN MAC verifies and whose account carries the new secrets", () => {
    const time = fakeTime();
    const device = memoryNotifyStore(time.now, [fresh]).deviceMap.get(fresh.id)!;
    const pkg = buildBootstrap(
      device,
      {
        profile: "dm",
        security: { method: "NETWPIN", imsi },
        clientSecret: "c-secret",
        serverSecret: "s-secret",
      },
      server,
      { random: countingRandom(), clock: time.now },
    );
    expect(verifyBootstrapMac(bootstrapKey("NETWPIN", { imsi }), pkg.document, pkg.mac!)).toBe(true);
    expect(bootstrapSecurityOf(pkg.contentType)).toEqual({ sec: "NETWPIN", mac: pkg.mac });
    expect(pkg.contentType.code).toBe(0x42);
    expect(pkg.applicationId).toBe(7);
    const msg = decodeSyncML(pkg.document);
    expect(msg.header).toMatchObject({
      sessionId: "0",
      target: { locUri: fresh.id },
      source: { locUri: server.serverUrl },
    });
    expect(pkg.account.appAuths).toMatchObject([
      { level: "CLCRED", type: "HMAC", name: "dev-1", secret: "c-secret" },
      { level: "SRVCRED", type: "DIGEST", name: "omadm.example", secret: "s-secret" },
    ]);
    // The record keeps digest inputs only, and the nonces the account hands out.
    expect(pkg.devicePatch).toMatchObject({
      clientAuth: { scheme: "hmac", username: "dev-1", secretHash: userPassHash("dev-1", "c-secret") },
      serverAuth: {
        scheme: "md5",
        serverId: "omadm.example",
        secretHash: userPassHash("omadm.example", "s-secret"),
      },
      authFailures: 0,
      lockedUntil: null,
    });
    expect(pkg.devicePatch.serverAuth).not.toHaveProperty("secretPlain");
    expect(decodeNonce(pkg.devicePatch.clientNonce!)).toEqual(pkg.account.appAuths[0]!.data);
    expect(decodeNonce(pkg.devicePatch.serverNonce!)).toEqual(pkg.account.appAuths[1]!.data);
    expect(pkg.generated).toEqual({ clientSecret: false, serverSecret: false });
  });

  it("builds a CP w7 document with a USERPIN MAC and no application id", () => {
    const time = fakeTime();
    const device = memoryNotifyStore(time.now, [fresh]).deviceMap.get(fresh.id)!;
    const pkg = buildBootstrap(
      device,
      { profile: "cp", security: { method: "USERPIN", pin: "1234" } },
      server,
      {
        random: countingRandom(),
        clock: time.now,
      },
    );
    expect(verifyBootstrapMac(bootstrapKey("USERPIN", { pin: "1234" }), pkg.document, pkg.mac!)).toBe(true);
    expect(pkg.contentType.code).toBe(0x36);
    expect(pkg.applicationId).toBeUndefined();
    const app = decodeCp(pkg.document).characteristics.find(isW7Application)!;
    // w7 has no AAuthPref; everything else survives the mapping.
    const { aauthPref: _pref, ...carried } = pkg.account;
    expect(dmAccountFromW7(app)).toEqual(carried);
    expect(cpCharacteristicsOf(app, "APPAUTH")).toHaveLength(2);
    // Generated secrets: 24 base64url characters each, different.
    const [cl, sr] = pkg.account.appAuths;
    expect(cl!.secret).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(cl!.secret).not.toBe(sr!.secret);
    expect(pkg.generated).toEqual({ clientSecret: true, serverSecret: true });
  });

  it("keeps the plain server secret only for Basic", () => {
    const time = fakeTime();
    const store = memoryNotifyStore(time.now, [
      { ...fresh, serverAuth: { scheme: "basic", serverId: "x", secretHash: "" } },
    ]);
    const pkg = buildBootstrap(
      store.deviceMap.get(fresh.id)!,
      { profile: "dm", serverSecret: "pw" },
      server,
      {
        random: countingRandom(),
        clock: time.now,
      },
    );
    expect(pkg.devicePatch.serverAuth).toMatchObject({ scheme: "basic", secretPlain: "pw" });
    expect(pkg.mac).toBeUndefined();
    expect(pkg.contentType.params).toBeUndefined();
  });

  it("refuses a security method without its key material", () => {
    const time = fakeTime();
    const device = memoryNotifyStore(time.now, [fresh]).deviceMap.get(fresh.id)!;
    expect(() =>
      buildBootstrap(device, { profile: "dm", security: { method: "NETWPIN" } }, server, {
        random: countingRandom(),
        clock: time.now,
      }),
    ).toThrow(/IMSI/);
  });

  it.each([
    ["omadm.example", "omadm_example"],
    ["a/b c", "a_b_c"],
    ["", "omadm"],
  ])("names the account node of %j %j", (id, name) => {
    expect(accountNodeName(id)).toBe(name);
  });
});

describe("bootstrap service", () => {
  it("pushes to the device's MSISDN and stores the new credentials once the push was accepted", async () => {
    const { service, store, sent } = setup();
    const result = await service.push(fresh.id, { profile: "dm", security: { method: "NETWPIN", imsi } });
    expect(result).toMatchObject({ outcome: "sent", sec: "NETWPIN", profile: "dm" });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.address).toBe("+15551234567");
    expect(bootstrapSecurityOf(sent[0]!.content.contentType)).toEqual({ sec: "NETWPIN", mac: result.mac });
    const device = store.deviceMap.get(fresh.id)!;
    expect(device.serverAuth?.serverId).toBe("omadm.example");
    expect(device.clientNonce).not.toBe("");
    expect(store.eventList).toMatchObject([
      { kind: "device", data: { action: "bootstrap", delivery: "push" } },
    ]);
  });

  it("changes nothing when the push fails", async () => {
    const { service, store } = setup({ ok: false, permanent: true, detail: "refused" });
    const before = store.deviceMap.get(fresh.id);
    const result = await service.push(fresh.id, { profile: "cp", security: { method: "USERPIN", pin: "1" } });
    expect(result).toMatchObject({ outcome: "failed", detail: "refused" });
    expect(store.deviceMap.get(fresh.id)).toBe(before);
    expect(store.eventList).toMatchObject([{ kind: "device", data: { outcome: "failed" } }]);
  });

  it("refuses a push without security, and an unknown device", async () => {
    const { service } = setup();
    await expect(service.push(fresh.id, { profile: "dm" })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    await expect(
      service.push("IMEI:0", { profile: "dm", security: { method: "USERPIN", pin: "1" } }),
    ).rejects.toMatchObject({ code: "STORE_NOT_FOUND" });
  });

  it("prepares without storing, and commits for a file delivery", async () => {
    const { service, store } = setup();
    const pkg = await service.prepare(fresh.id, { profile: "dm", clientSecret: "c" });
    expect(store.deviceMap.get(fresh.id)?.clientAuth.secretHash).toBe(userPassHash("dev-1", "old"));
    const device = await service.commit(pkg, "file");
    expect(device.clientAuth.secretHash).toBe(userPassHash("dev-1", "c"));
    expect(store.eventList.at(-1)).toMatchObject({ data: { delivery: "file" } });
  });
});
