import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  bootstrapKey,
  bootstrapMac,
  buildDmBootstrapMessage,
  cpCharacteristic,
  cpParm,
  dmBootstrapMessage,
  encodeCp,
  encodeSyncML,
} from "@omadm/protocol";
import type { CpDocument, DmAccount, SecMethod } from "@omadm/protocol";
import type { Device } from "../device/device-api.js";
import { openDevice } from "../device/open-device.js";
import { applyBootstrapPush } from "./bootstrap-push-intake.js";
import { applyCpBootstrap } from "./cp-bootstrap.js";
import { applyDmBootstrap } from "./dm-profile-bootstrap.js";
import { applyFactoryBootstrap } from "./factory-bootstrap.js";
import { applySmartcardBootstrap } from "./smartcard-bootstrap.js";

const imsi = "234150123456789";
const pin = "1234";
const manager = "com.first.dm";

/** A starter device managed by `manager`, stored in a fresh temp directory. */
async function tempDevice(): Promise<{ device: Device; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "omadm-bootstrap-"));
  const device = await openDevice(join(dir, "device.tree"), {
    clock: () => new Date(Date.UTC(2024, 1, 2, 3, 4, 5)),
    fsync: false,
    starter: {
      devId: "IMEI:493005100592800",
      man: "Acme",
      mod: "R1",
      account: {
        serverId: manager,
        serverUrl: "https://first.example/dm",
        clientAuth: { type: "DIGEST", name: "dev", secret: "c1" },
      },
    },
  });
  return { device, dir };
}

/** A DMAcc account as a bootstrap server would send it. */
function bootstrapAccount(serverId: string, extra: Partial<DmAccount> = {}): DmAccount {
  return {
    serverId,
    name: `Server ${serverId}`,
    appAddrs: [{ addr: `https://${serverId}/dm`, addrType: "URI", ports: [443] }],
    aauthPref: "DIGEST",
    appAuths: [
      {
        level: "CLCRED",
        type: "DIGEST",
        name: "IMEI:493005100592800",
        secret: "client-pw",
        data: new Uint8Array([1, 2, 3]),
      },
      { level: "SRVCRED", type: "DIGEST", name: serverId, secret: "server-pw", data: new Uint8Array(4) },
    ],
    ...extra,
  };
}

/** A DM-profile bootstrap message and its MAC under `method`. */
function dmBootstrap(
  account: DmAccount,
  method: Exclude<SecMethod, "USERPINMAC">,
  accountName = "Boot",
  extraNodes?: Parameters<typeof buildDmBootstrapMessage>[0]["extraNodes"],
) {
  const bytes = buildDmBootstrapMessage({
    account,
    accountName,
    deviceId: "IMEI:493005100592800",
    serverUri: "https://bootstrap.example:443/bs",
    ...(extraNodes === undefined ? {} : { extraNodes }),
  });
  const mac = bootstrapMac(bootstrapKey(method, { imsi, pin }), bytes);
  return { bytes, security: { method, mac } };
}

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function device(): Promise<Device> {
  const t = await tempDevice();
  dirs.push(t.dir);
  return t.device;
}
const keys = { imsi, pin };
const get = (d: Device, uri: string, server?: string) => d.tree.get(uri, server);

describe("DM-profile bootstrap [TR-BOOT §3.1.4]", () => {
  for (const method of ["NETWPIN", "USERPIN", "USERNETWPIN"] as const) {
    it(`applies a message whose ${method} MAC verifies, placing the account through the Inbox`, async () => {
      const d = await device();
      const { bytes, security } = dmBootstrap(bootstrapAccount("new.server"), method);
      const out = await applyDmBootstrap(d, bytes, security, keys);
      expect(out).toMatchObject({ kind: "applied", removed: [], skipped: [] });
      if (out.kind !== "applied") return;
      expect(out.accounts).toEqual([
        {
          accountUri: "./DMAcc/Boot",
          serverId: "new.server",
          name: "Server new.server",
          addresses: ["https://new.server/dm"],
          prefAuth: "DIGEST",
          client: {
            type: "DIGEST",
            name: "IMEI:493005100592800",
            secret: "client-pw",
            nonce: new Uint8Array([1, 2, 3]),
          },
          server: { type: "DIGEST", name: "new.server", secret: "server-pw", nonce: new Uint8Array(4) },
        },
      ]);
      expect(d.accounts.byServerId("new.server")?.accountUri).toBe("./DMAcc/Boot");
    });
  }

  it("keeps the ACL the TNDS carries and saves the device", async () => {
    const d = await device();
    const { bytes, security } = dmBootstrap(bootstrapAccount("new.server"), "NETWPIN");
    expect((await applyDmBootstrap(d, bytes, security, keys)).kind).toBe("applied");
    expect(get(d, "./DMAcc/Boot?prop=ACL").results?.[0]?.data).toBe(
      "Get=new.server&Replace=new.server&Delete=new.server",
    );
    expect(get(d, "./DMAcc/Boot/AppAuth/CLCRED/AAuthData?prop=Format").results?.[0]?.data).toBe("bin");
    // The new server may read its account but not its secrets; the first server sees none of it.
    expect(get(d, "./DMAcc/Boot/ServerID", "new.server").status).toBe(200);
    expect(get(d, "./DMAcc/Boot/AppAuth/CLCRED/AAuthSecret", "new.server").status).toBe(405);
    expect(get(d, "./DMAcc/Boot/AppAuth/CLCRED/AAuthSecret", manager).status).toBe(425);
    expect(get(d, "./DMAcc/Boot/ServerID", manager).status).toBe(425);
    const reopened = await openDevice(d.paths.tree);
    expect(reopened.accounts.byServerId("new.server")?.client?.secret).toBe("client-pw");
    await reopened.close();
  });

  it("refuses a wrong MAC and leaves the tree file untouched", async () => {
    const d = await device();
    const before = await readFile(d.paths.tree);
    const mtime = (await stat(d.paths.tree)).mtimeMs;
    const state = JSON.stringify(d.tree.exportState());
    const { bytes, security } = dmBootstrap(bootstrapAccount("evil.server"), "NETWPIN");
    const wrongKey = await applyDmBootstrap(d, bytes, security, { imsi: "234150123456788" });
    expect(wrongKey).toMatchObject({ kind: "refused", reason: "mac-mismatch" });
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 5] = (flipped[flipped.length - 5] ?? 0) ^ 1;
    expect(await applyDmBootstrap(d, flipped, security, keys)).toMatchObject({
      kind: "refused",
      reason: "mac-mismatch",
    });
    expect(await applyDmBootstrap(d, bytes, { method: "USERPIN", mac: security.mac }, keys)).toMatchObject({
      kind: "refused",
      reason: "mac-mismatch",
    });
    expect(JSON.stringify(d.tree.exportState())).toBe(state);
    expect(Buffer.compare(await readFile(d.paths.tree), before)).toBe(0);
    expect((await stat(d.paths.tree)).mtimeMs).toBe(mtime);
  });

  it("refuses when the key is unknown or the method is USERPINMAC", async () => {
    const d = await device();
    const { bytes, security } = dmBootstrap(bootstrapAccount("new.server"), "NETWPIN");
    expect(await applyDmBootstrap(d, bytes, security, { pin })).toMatchObject({
      kind: "refused",
      reason: "no-key",
    });
    expect(await applyDmBootstrap(d, bytes, { method: "USERPINMAC", mac: security.mac }, keys)).toMatchObject(
      {
        kind: "refused",
        reason: "unsupported-security",
      },
    );
  });

  it("refuses an XML message even with a valid MAC (the DM profile is WBXML only)", async () => {
    const d = await device();
    const msg = dmBootstrapMessage({
      account: bootstrapAccount("new.server"),
      accountName: "Boot",
      deviceId: "IMEI:1",
      serverUri: "https://b/",
    });
    const xml = encodeSyncML(msg, { encoding: "xml" });
    const mac = bootstrapMac(bootstrapKey("USERPIN", { pin }), xml);
    expect(await applyDmBootstrap(d, xml, { method: "USERPIN", mac }, keys)).toMatchObject({
      kind: "refused",
      reason: "not-wbxml",
    });
  });

  it("refuses a message with commands other than Add, and garbage", async () => {
    const d = await device();
    const msg = dmBootstrapMessage({
      account: bootstrapAccount("x"),
      accountName: "B",
      deviceId: "I",
      serverUri: "u",
    });
    const withDelete = encodeSyncML(
      {
        ...msg,
        body: [
          ...msg.body,
          { kind: "Delete", cmdId: 2, items: [{ target: { locUri: "./DMAcc/" + manager } }] },
        ],
      },
      { encoding: "wbxml" },
    );
    const mac = (b: Uint8Array) => ({
      method: "USERPIN" as const,
      mac: bootstrapMac(bootstrapKey("USERPIN", { pin }), b),
    });
    expect(await applyDmBootstrap(d, withDelete, mac(withDelete), keys)).toMatchObject({
      kind: "refused",
      reason: "not-allowed",
    });
    const garbage = new Uint8Array([0x02, 0x00, 0x00, 0x6a, 0xff, 0xff]);
    expect(await applyDmBootstrap(d, garbage, mac(garbage), keys)).toMatchObject({
      kind: "refused",
      reason: "malformed",
    });
    expect(d.accounts.list().map((a) => a.serverId)).toEqual([manager]);
  });

  it("refuses a bootstrap for a server the device already has an account for, changing nothing", async () => {
    const d = await device();
    const state = JSON.stringify(d.tree.exportState());
    const { bytes, security } = dmBootstrap(bootstrapAccount(manager), "NETWPIN");
    expect(await applyDmBootstrap(d, bytes, security, keys)).toMatchObject({
      kind: "refused",
      reason: "server-exists",
    });
    expect(JSON.stringify(d.tree.exportState())).toBe(state);
  });

  it("renames an account whose node name is taken", async () => {
    const d = await device();
    const { bytes, security } = dmBootstrap(bootstrapAccount("new.server"), "NETWPIN", manager);
    const out = await applyDmBootstrap(d, bytes, security, keys);
    expect(out.kind === "applied" && out.accounts.map((a) => a.accountUri)).toEqual([`./DMAcc/${manager}_2`]);
  });

  it("places a ConnMO the device knows and rewrites the account's ./Inbox reference [TR-BOOT §3.1.4.5]", async () => {
    const d = await device();
    d.moRegistry.register("org.openmobilealliance/1.0/ConnMO", "./ConnMO");
    const connMo = {
      nodeName: "Internet",
      rtProperties: {
        format: "node" as const,
        type: { kind: "DDFName" as const, value: "org.openmobilealliance/1.0/ConnMO" },
      },
      children: [{ nodeName: "Addr", value: "internet.example", children: [] }],
    };
    const account = bootstrapAccount("new.server", { prefConRef: "./Inbox/Internet" });
    const { bytes, security } = dmBootstrap(account, "NETWPIN", "Boot", [connMo]);
    const out = await applyDmBootstrap(d, bytes, security, keys);
    expect(out.kind).toBe("applied");
    expect(get(d, "./ConnMO/Internet/Addr").results?.[0]?.data).toBe("internet.example");
    expect(get(d, "./DMAcc/Boot/PrefConRef").results?.[0]?.data).toBe("./ConnMO/Internet");
  });

  it("skips an MO the device does not know, and applies the rest", async () => {
    const d = await device();
    const unknown = {
      nodeName: "Internet",
      rtProperties: {
        format: "node" as const,
        type: { kind: "DDFName" as const, value: "com.vendor/1.0/Unknown" },
      },
      children: [],
    };
    const { bytes, security } = dmBootstrap(bootstrapAccount("new.server"), "NETWPIN", "Boot", [unknown]);
    const out = await applyDmBootstrap(d, bytes, security, keys);
    expect(out).toMatchObject({ kind: "applied", skipped: [{ what: "./Inbox/Internet" }] });
    expect(get(d, "./Internet").status).toBe(404);
  });
});

describe("CP bootstrap (w7) [TR-BOOT §3.1.3]", () => {
  const w7 = (providerId: string) =>
    cpCharacteristic("APPLICATION", [
      cpParm("APPID", "w7"),
      cpParm("PROVIDER-ID", providerId),
      cpParm("NAME", "Mgmt Server"),
      cpParm("TO-NAPID", "ABCGPRS1"),
      cpCharacteristic("APPADDR", [
        cpParm("ADDR", `https://${providerId}/manage`),
        cpParm("ADDRTYPE", "URI"),
        cpCharacteristic("PORT", [cpParm("PORTNBR", "8080")]),
      ]),
      cpCharacteristic("APPAUTH", [
        cpParm("AAUTHLEVEL", "APPSRV"),
        cpParm("AAUTHTYPE", "DIGEST"),
        cpParm("AAUTHNAME", "device-1"),
        cpParm("AAUTHSECRET", "clientsecret"),
        cpParm("AAUTHDATA", "AAECAw=="),
      ]),
      cpCharacteristic("APPAUTH", [
        cpParm("AAUTHLEVEL", "CLIENT"),
        cpParm("AAUTHTYPE", "DIGEST"),
        cpParm("AAUTHNAME", providerId),
        cpParm("AAUTHSECRET", "serversecret"),
      ]),
    ]);
  const doc = (...apps: ReturnType<typeof w7>[]): CpDocument => ({
    version: "1.1",
    characteristics: [cpCharacteristic("NAPDEF", [cpParm("NAPID", "ABCGPRS1")]), ...apps],
  });

  it("maps every w7 application to an account with Get/Replace/Delete for its PROVIDER-ID", async () => {
    const d = await device();
    const cp = encodeCp(doc(w7("cp.one"), w7("cp.two")));
    const mac = bootstrapMac(bootstrapKey("USERPIN", { pin }), cp);
    const out = await applyCpBootstrap(d, cp, { method: "USERPIN", mac }, keys);
    expect(out).toMatchObject({ kind: "applied", skipped: [{ what: "NAPDEF" }] });
    if (out.kind !== "applied") return;
    expect(out.accounts.map((a) => [a.accountUri, a.serverId])).toEqual([
      ["./DMAcc/cp.one", "cp.one"],
      ["./DMAcc/cp.two", "cp.two"],
    ]);
    expect(out.accounts[0]?.client).toEqual({
      type: "DIGEST",
      name: "device-1",
      secret: "clientsecret",
      nonce: new Uint8Array([0, 1, 2, 3]),
    });
    expect(out.accounts[0]?.server?.secret).toBe("serversecret");
    expect(get(d, "./DMAcc/cp.one?prop=ACL").results?.[0]?.data).toBe(
      "Get=cp.one&Replace=cp.one&Delete=cp.one",
    );
    expect(get(d, "./DMAcc/cp.one/AppAuth/CLCRED/AAuthSecret", "cp.two").status).toBe(425);
    expect(get(d, "./DMAcc/cp.one/AppAddr/1/Port/1/PortNbr", "cp.one").results?.[0]?.data).toBe("8080");
  });

  it("accepts a CP document in XML from a trusted source (no MAC)", async () => {
    const d = await device();
    const out = await applyCpBootstrap(d, encodeCp(doc(w7("cp.xml")), { encoding: "xml" }));
    expect(out.kind === "applied" && out.accounts.map((a) => a.serverId)).toEqual(["cp.xml"]);
  });

  it("refuses a wrong MAC, a duplicate server and a malformed document", async () => {
    const d = await device();
    const cp = encodeCp(doc(w7("cp.one")));
    expect(await applyCpBootstrap(d, cp, { method: "USERPIN", mac: "0".repeat(40) }, keys)).toMatchObject({
      reason: "mac-mismatch",
    });
    expect(await applyCpBootstrap(d, encodeCp(doc(w7(manager))))).toMatchObject({ reason: "server-exists" });
    expect(await applyCpBootstrap(d, encodeCp(doc(w7("a"), w7("a"))))).toMatchObject({
      reason: "server-exists",
    });
    expect(await applyCpBootstrap(d, new Uint8Array([3, 0xb, 0x6a, 0, 0x45, 0xff]))).toMatchObject({
      reason: "malformed",
    });
    expect(d.accounts.list().map((a) => a.serverId)).toEqual([manager]);
  });

  it("creates the account of a real Windows enrollment (fleet dump)", async () => {
    const dump = readFileSync(
      new URL("../../../../../shared/fixtures/fleet/misc/mdm_ngrok_comm_dump.txt", import.meta.url),
      "utf8",
    );
    const m = /DeviceEnrollmentProvisionDoc"[^>]*>([A-Za-z0-9+/=\s]+)</.exec(dump);
    const cp = new Uint8Array(Buffer.from(m?.[1]?.replace(/\s+/g, "") ?? "", "base64"));
    const d = await device();
    const out = await applyCpBootstrap(d, cp);
    expect(out.kind).toBe("applied");
    const account = d.accounts.byServerId("DEMO MDM");
    expect(account).toMatchObject({
      accountUri: "./DMAcc/DEMO_MDM",
      name: "FleetDM Demo Server - Windows",
      addresses: ["https://windows.fleetdm.ngrok.io/ManagementServer/MDM.svc"],
      client: { type: "DIGEST", name: "dummy", secret: "dummy" },
      server: { type: "DIGEST", secret: "dummy" },
    });
    expect(Buffer.from(account?.client?.nonce ?? []).toString()).toBe("nonce");
    // "DEMO MDM" cannot be written in an ACL: the account inherits ./DMAcc's.
    expect(get(d, "./DMAcc/DEMO_MDM?prop=ACL").results?.[0]?.data).toBe("");
  });
});

describe("factory bootstrap [TR-BOOT §3.1.1]", () => {
  it("creates the profile's accounts once", async () => {
    const d = await device();
    const profile = {
      accounts: [
        {
          serverId: "factory.server",
          serverUrl: "https://f/",
          clientAuth: { type: "BASIC" as const, name: "u", secret: "p" },
          permanent: true,
        },
        { serverId: manager, serverUrl: "https://ignored/" },
      ],
    };
    const first = await applyFactoryBootstrap(d, profile);
    expect(first).toMatchObject({ kind: "applied", skipped: [{ what: manager }] });
    expect(first.kind === "applied" && first.accounts.map((a) => a.serverId)).toEqual(["factory.server"]);
    expect(d.tree.delete("./DMAcc/factory.server", "factory.server").status).toBe(405);
    d.accounts.setClientNonce("factory.server", new Uint8Array([5]));
    const again = await applyFactoryBootstrap(d, profile);
    expect(again.kind === "applied" && again.accounts).toEqual([]);
    expect(d.accounts.byServerId("factory.server")?.client?.nonce).toEqual(new Uint8Array([5]));
    expect(d.accounts.byServerId(manager)?.addresses).toEqual(["https://first.example/dm"]);
  });
});

describe("smartcard bootstrap [TR-BOOT §3.1.4.6]", () => {
  it("adds the card's accounts, keeps them while the card is unchanged, and removes them with the card", async () => {
    const d = await device();
    const card = join(d.paths.tree, "..", "card.bin");
    await writeFile(card, dmBootstrap(bootstrapAccount("card.server"), "NETWPIN", "Card").bytes);
    const first = await applySmartcardBootstrap(d, card);
    expect(first.kind === "applied" && first.accounts.map((a) => a.serverId)).toEqual(["card.server"]);
    expect(JSON.parse(await readFile(`${d.paths.tree}.smartcard.json`, "utf8"))).toMatchObject({
      serverIds: ["card.server"],
    });

    d.accounts.setClientNonce("card.server", new Uint8Array([9]));
    const again = await applySmartcardBootstrap(d, card);
    expect(again).toEqual({ kind: "applied", accounts: [], removed: [], skipped: [] });
    expect(d.accounts.byServerId("card.server")?.client?.nonce).toEqual(new Uint8Array([9]));

    // Another card: the first card's account goes, the new one comes (here a CP document).
    const cp = encodeCp({
      characteristics: [
        cpCharacteristic("APPLICATION", [
          cpParm("APPID", "w7"),
          cpParm("PROVIDER-ID", "card.two"),
          cpCharacteristic("APPADDR", [cpParm("ADDR", "https://two/")]),
        ]),
      ],
    });
    await writeFile(card, cp);
    const swapped = await applySmartcardBootstrap(d, card);
    expect(swapped).toMatchObject({ kind: "applied", removed: ["card.server"] });
    expect(d.accounts.list().map((a) => a.serverId)).toEqual([manager, "card.two"]);

    await unlink(card);
    const gone = await applySmartcardBootstrap(d, card);
    expect(gone).toMatchObject({ kind: "applied", accounts: [], removed: ["card.two"] });
    expect(d.accounts.list().map((a) => a.serverId)).toEqual([manager]);
    const reopened = await openDevice(d.paths.tree);
    expect(reopened.accounts.list().map((a) => a.serverId)).toEqual([manager]);
    await reopened.close();
  });

  it("does not let a card take over an account it did not create", async () => {
    const d = await device();
    const card = join(d.paths.tree, "..", "card.bin");
    await writeFile(card, dmBootstrap(bootstrapAccount(manager), "NETWPIN", "Card").bytes);
    expect(await applySmartcardBootstrap(d, card)).toMatchObject({
      kind: "refused",
      reason: "server-exists",
    });
    await unlink(card);
    expect(await applySmartcardBootstrap(d, card)).toMatchObject({ kind: "applied", removed: [] });
    expect(d.accounts.list().map((a) => a.serverId)).toEqual([manager]);
  });
});

describe("bootstrap over push", () => {
  it("applies a pushed DM-profile bootstrap and refuses one without SEC and MAC", async () => {
    const d = await device();
    const { bytes, security } = dmBootstrap(bootstrapAccount("pushed.server"), "USERPIN");
    expect(
      await applyBootstrapPush(d, { profile: "cp", document: encodeCp({ characteristics: [] }) }, keys),
    ).toMatchObject({
      kind: "refused",
      reason: "unsupported-security",
    });
    const out = await applyBootstrapPush(
      d,
      { profile: "dm", document: bytes, sec: security.method, mac: security.mac },
      keys,
    );
    expect(out.kind === "applied" && out.accounts.map((a) => a.serverId)).toEqual(["pushed.server"]);
  });
});
