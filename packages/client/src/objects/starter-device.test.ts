import { describe, expect, it } from "vitest";
import { moId } from "@omadm/protocol";
import { accountsOf } from "../account/accounts-of.js";
import { createTree } from "@omadm/tree";
import { defineStandardObjects } from "./standard-objects.js";
import { createStarterDevice, deviceTreeOptions, starterAcls } from "./starter-device.js";

const fixedClock = () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5));

export function starter(serverId = "com.mgmtsrv.manage") {
  return createStarterDevice({
    devId: "IMEI:493005100592800",
    man: "Acme",
    mod: "Rocket 1",
    fwV: "2.1",
    clock: fixedClock,
    account: {
      serverId,
      serverUrl: "https://dm.example.com/manage",
      clientAuth: { type: "DIGEST", name: "dev-user", secret: "dev-secret" },
      serverAuth: { type: "DIGEST", name: serverId, secret: "srv-secret" },
    },
  });
}

const value = (tree: ReturnType<typeof starter>, uri: string, serverId?: string) => {
  const out = tree.get(uri, serverId);
  return out.status === 200 ? out.results?.[0]?.data : out.status;
};

describe("the starter device", () => {
  it("has DevInfo, DevDetail, DMAcc and Inbox with their MOID Types", () => {
    const tree = starter();
    expect(value(tree, ".")).toBe("DevInfo/DevDetail/DMAcc/Inbox");
    expect(tree.get("./DevInfo?prop=Type", undefined).results?.[0]?.data).toBe(moId.devInfo);
    expect(tree.get("./DevDetail?prop=Type", undefined).results?.[0]?.data).toBe(moId.devDetail);
    expect(tree.get("./Inbox?prop=Type", undefined).results?.[0]?.data).toBe(moId.inbox);
    expect(tree.findByType(moId.dmAcc)).toEqual(["./DMAcc/com.mgmtsrv.manage"]);
  });

  it("reports the identity in DevInfo and DevDetail", () => {
    const tree = starter();
    expect(value(tree, "./DevInfo/DevId")).toBe("IMEI:493005100592800");
    expect(value(tree, "./DevInfo/Man")).toBe("Acme");
    expect(value(tree, "./DevInfo/Mod")).toBe("Rocket 1");
    expect(value(tree, "./DevInfo/DmV")).toBe("omadm-1.2");
    expect(value(tree, "./DevInfo/Lang")).toBe("en-US");
    expect(value(tree, "./DevDetail/FwV")).toBe("2.1");
    expect(value(tree, "./DevDetail/OEM")).toBe("Acme");
    expect(value(tree, "./DevDetail/URI/MaxDepth")).toBe("20");
    expect(tree.get("./DevDetail/LrgObj", undefined).results?.[0]).toMatchObject({
      format: "bool",
      data: "true",
    });
  });

  it("answers 425 when the managing server tries to change DevInfo or remove a standard object", () => {
    const tree = starter();
    for (const uri of ["./DevInfo", "./DevDetail/FwV", "./DMAcc", "./Inbox"]) {
      expect(tree.delete(uri, "com.mgmtsrv.manage").status).toBe(425);
    }
    expect(tree.replace("./DevInfo/DevId", { data: "IMEI:1" }, "com.mgmtsrv.manage").status).toBe(425);
  });

  it("gives the managing server the root ACL and every server read access to DevInfo", () => {
    const tree = starter();
    expect(value(tree, ".?prop=ACL")).toBe(starterAcls("com.mgmtsrv.manage").root);
    expect(value(tree, ".?prop=ACL")).toBe(
      "Add=*&Delete=com.mgmtsrv.manage&Exec=com.mgmtsrv.manage&Get=com.mgmtsrv.manage&Replace=com.mgmtsrv.manage",
    );
    expect(value(tree, "./DevInfo/DevId", "another.server")).toBe("IMEI:493005100592800");
    expect(value(tree, "./DevDetail/FwV", "another.server")).toBe("2.1");
  });

  it("lets the managing server add, read, replace and delete its own nodes", () => {
    const tree = starter();
    const s = "com.mgmtsrv.manage";
    expect(tree.add("./Vendor", { format: "node" }, s).status).toBe(200);
    expect(tree.add("./Vendor/Setting", { format: "int", data: "5" }, s).status).toBe(200);
    expect(tree.replace("./Vendor/Setting", { format: "int", data: "6" }, s).status).toBe(200);
    expect(value(tree, "./Vendor/Setting", s)).toBe("6");
    expect(tree.delete("./Vendor", s).status).toBe(200);
  });

  it("keeps the standard objects permanent and read-only through the DDF even where the ACL allows (405)", () => {
    const tree = createTree(deviceTreeOptions());
    tree.define(".", { format: "node" }, { acl: "Add=*&Delete=*&Exec=*&Get=*&Replace=*" });
    defineStandardObjects(
      tree,
      { devId: "IMEI:1", man: "Acme", mod: "R1" },
      { devInfo: "", devDetail: "", dmAcc: "", inbox: "" },
    );
    for (const uri of ["./DevInfo", "./DevDetail/FwV", "./DMAcc", "./Inbox"]) {
      expect(tree.delete(uri, "any.server").status).toBe(405);
    }
    expect(tree.replace("./DevInfo/DevId", { data: "IMEI:2" }, "any.server").status).toBe(405);
    expect(tree.replace("./DevDetail/URI/MaxDepth", { data: "99" }, "any.server").status).toBe(405);
    expect(tree.add("./DevInfo/Extra", { data: "x" }, "any.server").status).toBe(405);
    expect(tree.add("./DevInfo/Ext", { format: "node" }, "any.server").status).toBe(405);
    expect(tree.get("./Inbox", "any.server").status).toBe(405);
    expect(value(tree, "./DevInfo/DevId", "any.server")).toBe("IMEI:1");
  });

  it("holds an account for the server with both credentials", () => {
    const tree = starter();
    const account = accountsOf(tree).byServerId("com.mgmtsrv.manage");
    expect(account).toEqual({
      accountUri: "./DMAcc/com.mgmtsrv.manage",
      serverId: "com.mgmtsrv.manage",
      addresses: ["https://dm.example.com/manage"],
      prefAuth: "DIGEST",
      client: { type: "DIGEST", name: "dev-user", secret: "dev-secret", nonce: new Uint8Array(0) },
      server: { type: "DIGEST", name: "com.mgmtsrv.manage", secret: "srv-secret", nonce: new Uint8Array(0) },
    });
  });

  it("refuses a server id that no ACL can name", () => {
    expect(() => starter("DEMO MDM")).toThrow(/ACL/);
    expect(() => starter("*")).toThrow(/ACL/);
  });
});
