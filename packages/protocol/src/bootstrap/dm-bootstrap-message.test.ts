import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isElement } from "../element.js";
import { decodeSyncML } from "../syncml/index.js";
import { tndsFromElement } from "../tnds/index.js";
import { bootstrapKey } from "./bootstrap-keys.js";
import { bootstrapMac, verifyBootstrapMac } from "./bootstrap-mac.js";
import type { DmAccount } from "./dm-account.js";
import { dmAccountFromNode, dmAccountNode } from "./dm-account-tnds.js";
import { buildDmBootstrapMessage, dmBootstrapMessage } from "./dm-bootstrap-message.js";

const account: DmAccount = {
  serverId: "com.mgmtsrv.manage",
  name: "Mgmt Server",
  prefConRef: "./Inbox/Internet",
  appAddrs: [{ addr: "https://dm.example.com/manage", addrType: "URI", ports: [443] }],
  aauthPref: "DIGEST",
  appAuths: [
    {
      level: "CLCRED",
      type: "DIGEST",
      name: "IMEI:493005100592800",
      secret: "clientsecret",
      data: new Uint8Array([1, 2, 3]),
    },
    {
      level: "SRVCRED",
      type: "DIGEST",
      name: "com.mgmtsrv.manage",
      secret: "srvsecret",
      data: new Uint8Array(16),
    },
  ],
};
const input = {
  account,
  accountName: "MgmtServer",
  deviceId: "IMEI:493005100592800",
  serverUri: "https://dm.example.com:443/manage",
};

describe("DM-profile bootstrap message [TR-BOOT §3.1.4]", () => {
  it("is WBXML: a SyncML 1.2 document", () => {
    const bytes = buildDmBootstrapMessage(input);
    expect(bytes[0]).toBe(0x02);
    const msg = decodeSyncML(bytes);
    expect(msg.header).toMatchObject({
      verDtd: "1.2",
      verProto: "DM/1.2",
      sessionId: "0",
      msgId: 1,
      target: { locUri: "IMEI:493005100592800" },
      source: { locUri: "https://dm.example.com:443/manage" },
    });
    expect(msg.header.cred).toBeUndefined();
    expect(msg.final).toBe(true);
  });

  it("carries one Add of the account TNDS to ./Inbox, as embedded WBXML", () => {
    const msg = decodeSyncML(buildDmBootstrapMessage(input));
    expect(msg.body).toHaveLength(1);
    const add = msg.body[0]!;
    expect(add.kind).toBe("Add");
    if (add.kind !== "Add") return;
    expect(add.cmdId).toBe(1);
    const item = add.items[0]!;
    expect(item.target?.locUri).toBe("./Inbox");
    expect(item.meta?.type).toBe("application/vnd.syncml.dmtnds+wbxml");
    const data = item.data;
    if (data === undefined || typeof data === "string" || data instanceof Uint8Array || !isElement(data)) {
      throw new Error("TNDS Data was not decoded as an embedded document");
    }
    const tree = tndsFromElement(data);
    const node = tree.nodes[0]!;
    expect(node.nodeName).toBe("MgmtServer");
    expect(node.rtProperties?.type).toEqual({ kind: "DDFName", value: "org.openmobilealliance/1.0/w7" });
    expect(node.rtProperties?.acl).toBe(
      "Get=com.mgmtsrv.manage&Replace=com.mgmtsrv.manage&Delete=com.mgmtsrv.manage",
    );
    expect(node.children.find((c) => c.nodeName === "AppID")?.value).toBe("w7");
    expect(dmAccountFromNode(node)).toEqual(account);
  });

  it("takes another MsgID when asked (Funambol sends 0)", () => {
    expect(dmBootstrapMessage({ ...input, msgId: 0 }).header.msgId).toBe(0);
  });

  it("is covered by a MAC the device can verify", () => {
    const bytes = buildDmBootstrapMessage(input);
    const key = bootstrapKey("NETWPIN", { imsi: "262019876543210" });
    expect(verifyBootstrapMac(key, bytes, bootstrapMac(key, bytes))).toBe(true);
  });

  it("names dynamic nodes by number and AppAuth nodes by level", () => {
    const node = dmAccountNode({ ...account, appAuths: [{ level: "CLCRED" }, { level: "CLCRED" }] }, "A");
    const appAuth = node.children.find((c) => c.nodeName === "AppAuth");
    expect(appAuth?.children.map((c) => c.nodeName)).toEqual(["CLCRED", "CLCRED2"]);
    const appAddr = node.children.find((c) => c.nodeName === "AppAddr");
    expect(appAddr?.children.map((c) => c.nodeName)).toEqual(["1"]);
  });
});

const work = mkdtempSync(join(tmpdir(), "omadm-boot-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function wbxml2xml(bytes: Uint8Array): string | undefined {
  const file = join(work, "boot.wbxml");
  writeFileSync(file, bytes);
  try {
    return execFileSync("wbxml2xml", ["-o", "-", file], { stdio: ["ignore", "pipe", "ignore"] }).toString();
  } catch {
    return undefined;
  }
}

describe("interoperability", () => {
  const xml = wbxml2xml(buildDmBootstrapMessage(input));

  it("is read by libwbxml as a SyncML message with an Add to ./Inbox", () => {
    expect(xml, "wbxml2xml (libwbxml2-utils) must be installed").toBeDefined();
    expect(xml).toContain("<SyncML");
    expect(xml).toContain("<SessionID>0</SessionID>");
    expect(xml).toContain("./Inbox");
  });
});
