import { describe, expect, it } from "vitest";
import { moId, tndsMediaTypes, tndsToElement } from "@omadm/protocol";
import type { DmAccount } from "@omadm/protocol";
import { createTree } from "@omadm/tree";
import { createStarterDevice, deviceTreeOptions } from "../objects/starter-device.js";
import { accountsOf } from "./accounts-of.js";
import { accountAcl, addAccount, dmAccountOf, removeServer } from "./add-account.js";

const first = "com.first.dm";
const second = "org.second-server";

function deviceWithTwoServers() {
  const tree = createStarterDevice({
    devId: "IMEI:493005100592800",
    man: "Acme",
    mod: "Rocket 1",
    account: {
      serverId: first,
      serverUrl: "https://first.example/dm",
      clientAuth: { type: "HMAC", name: "dev", secret: "client-secret-1" },
      serverAuth: { type: "HMAC", name: first, secret: "server-secret-1" },
    },
  });
  const added = addAccount(
    tree,
    dmAccountOf({
      serverId: second,
      serverUrl: "https://second.example/dm",
      clientAuth: { type: "BASIC", name: "dev2", secret: "client-secret-2" },
    }),
  );
  expect(added.status).toBe(200);
  return tree;
}

const bytes = (...b: number[]) => new Uint8Array(b);

describe("DMAcc accounts [TR-STD §7.1.3.1]", () => {
  it("reads back every field an account was created with", () => {
    const tree = createTree(deviceTreeOptions());
    const account: DmAccount = {
      serverId: "srv",
      name: "Server",
      appAddrs: [
        { addr: "https://a.example/dm", addrType: "URI" },
        { addr: "10.0.0.7", addrType: "IPv4", ports: [8080, 8081] },
        { addr: "fe80::1", addrType: "IPv6", ports: [443] },
      ],
      aauthPref: "DIGEST",
      appAuths: [
        { level: "CLCRED", type: "BASIC", name: "u0", secret: "p0" },
        { level: "CLCRED", type: "DIGEST", name: "u1", secret: "p1", data: bytes(1, 2, 3) },
        { level: "SRVCRED", type: "DIGEST", name: "srv", secret: "s1", data: bytes(0, 255) },
      ],
    };
    const out = addAccount(tree, account, { name: "Main" });
    expect(out.status).toBe(200);
    expect(out.account).toEqual({
      accountUri: "./DMAcc/Main",
      serverId: "srv",
      name: "Server",
      addresses: ["https://a.example/dm", "http://10.0.0.7:8080/", "http://[fe80::1]:443/"],
      prefAuth: "DIGEST",
      client: { type: "DIGEST", name: "u1", secret: "p1", nonce: bytes(1, 2, 3) },
      server: { type: "DIGEST", name: "srv", secret: "s1", nonce: bytes(0, 255) },
    });
    expect(accountsOf(tree).list()).toEqual([out.account]);
  });

  it("stores the tree nodes with the DMAcc Formats, Types and the server's ACL", () => {
    const tree = deviceWithTwoServers();
    const get = (uri: string) => tree.get(uri, undefined).results?.[0]?.data;
    expect(get(`./DMAcc/${first}?prop=Type`)).toBe(moId.dmAcc);
    expect(get(`./DMAcc/${first}?prop=ACL`)).toBe(accountAcl(first));
    expect(accountAcl(first)).toBe(`Add=${first}&Delete=${first}&Get=${first}&Replace=${first}`);
    expect(get(`./DMAcc/${first}/AppID`)).toBe("w7");
    expect(get(`./DMAcc/${first}/AppAddr/1/AddrType`)).toBe("URI");
    expect(get(`./DMAcc/${first}/AppAuth/CLCRED/AAuthLevel`)).toBe("CLCRED");
    expect(get(`./DMAcc/${first}/AppAuth/CLCRED/AAuthData?prop=Format`)).toBe("bin");
  });

  it("writes nonces as binary AAuthData and reads them back", () => {
    const tree = deviceWithTwoServers();
    const store = accountsOf(tree);
    store.setClientNonce(first, bytes(9, 8, 7));
    store.setServerNonce(first, bytes(0, 0, 0, 0));
    expect(store.byServerId(first)?.client?.nonce).toEqual(bytes(9, 8, 7));
    expect(store.byServerId(first)?.server?.nonce).toEqual(bytes(0, 0, 0, 0));
    const raw = tree.get(`./DMAcc/${first}/AppAuth/CLCRED/AAuthData`, undefined).results?.[0];
    expect(raw).toMatchObject({ format: "bin", type: "application/octet-stream", data: bytes(9, 8, 7) });
    // The second server has no SRVCRED: nothing to write, nothing created.
    store.setServerNonce(second, bytes(1));
    expect(store.byServerId(second)?.server).toBeUndefined();
    store.setClientNonce("unknown", bytes(1));
    expect(store.list().map((a) => a.serverId)).toEqual([first, second]);
  });

  it("sees changes a server makes to its own account", () => {
    const tree = deviceWithTwoServers();
    expect(
      tree.replace(`./DMAcc/${first}/AppAddr/1/Addr`, { data: "https://moved.example/dm" }, first).status,
    ).toBe(200);
    expect(
      tree.replace(`./DMAcc/${first}/AppAuth/CLCRED/AAuthSecret`, { data: "rotated" }, first).status,
    ).toBe(200);
    const account = accountsOf(tree).byServerId(first);
    expect(account?.addresses).toEqual(["https://moved.example/dm"]);
    expect(account?.client?.secret).toBe("rotated");
  });

  it("never lets a server read a secret back, not even its own (405, AccessType without Get)", () => {
    const tree = deviceWithTwoServers();
    expect(tree.get(`./DMAcc/${first}/AppAuth/CLCRED/AAuthSecret`, first).status).toBe(405);
    expect(tree.get(`./DMAcc/${first}/AppAuth/CLCRED/AAuthData`, first).status).toBe(405);
    expect(tree.get(`./DMAcc/${first}/AppAuth/CLCRED/AAuthName`, first).status).toBe(200);
  });

  it("finds accounts by MOID outside ./DMAcc, as libdmclient does", () => {
    const tree = createTree(deviceTreeOptions());
    const account = dmAccountOf({ serverId: "elsewhere", serverUrl: "https://e.example/" });
    expect(addAccount(tree, account, { parentUri: "./Vendor/Accounts", name: "E" }).status).toBe(200);
    // An account added as a TNDS with the w7 DDFName is found too.
    const w7 = {
      verDtd: "1.2",
      nodes: [
        {
          nodeName: "W",
          rtProperties: {
            format: "node" as const,
            type: { kind: "DDFName" as const, value: "org.openmobilealliance/1.0/w7" },
          },
          children: [
            { nodeName: "ServerID", value: "w7-server", children: [] },
            {
              nodeName: "AppAddr",
              children: [
                {
                  nodeName: "1",
                  children: [{ nodeName: "Addr", value: "https://w.example/", children: [] }],
                },
              ],
            },
          ],
        },
      ],
    };
    const data = tndsToElement(w7);
    expect(tree.add("./Other", { format: "xml", type: tndsMediaTypes.tndsXml, data }, undefined).status).toBe(
      200,
    );
    expect(
      accountsOf(tree)
        .list()
        .map((a) => [a.accountUri, a.serverId, a.addresses[0]]),
    ).toEqual([
      ["./Vendor/Accounts/E", "elsewhere", "https://e.example/"],
      ["./Other/W", "w7-server", "https://w.example/"],
    ]);
  });

  it("refuses a second account for the same ServerID (418)", () => {
    const tree = deviceWithTwoServers();
    expect(addAccount(tree, dmAccountOf({ serverId: first, serverUrl: "https://x/" })).status).toBe(418);
  });

  it("picks a free node name when the ServerID's name is taken or unusable", () => {
    const tree = createTree(deviceTreeOptions());
    expect(
      addAccount(tree, dmAccountOf({ serverId: "a/b c", serverUrl: "https://x/" })).account?.accountUri,
    ).toBe("./DMAcc/a_b_c");
    expect(
      addAccount(tree, dmAccountOf({ serverId: "a_b_c", serverUrl: "https://x/" })).account?.accountUri,
    ).toBe("./DMAcc/a_b_c_2");
  });

  it("removes a server: its accounts and its ServerID in every ACL", () => {
    const tree = deviceWithTwoServers();
    const removed = removeServer(tree, first);
    expect(removed.accounts).toEqual([`./DMAcc/${first}`]);
    expect(removed.aclsChanged).toBeGreaterThan(0);
    expect(
      accountsOf(tree)
        .list()
        .map((a) => a.serverId),
    ).toEqual([second]);
    expect(tree.get(".?prop=ACL", undefined).results?.[0]?.data).toBe("Add=*&Get=*");
    expect(tree.get("./DMAcc?prop=ACL", undefined).results?.[0]?.data).toBe("");
  });
});

describe("ACL between two servers [TR-TND §8.3.7.1]", () => {
  const secretsOfFirst = [
    `./DMAcc/${first}/AppAuth/CLCRED/AAuthSecret`,
    `./DMAcc/${first}/AppAuth/CLCRED/AAuthData`,
    `./DMAcc/${first}/AppAuth/SRVCRED/AAuthSecret`,
  ];
  const otherNodesOfFirst = [
    `./DMAcc/${first}`,
    `./DMAcc/${first}/ServerID`,
    `./DMAcc/${first}/AppAddr/1/Addr`,
    `./DMAcc/${first}/AppAuth/CLCRED/AAuthName`,
  ];

  it("answers 425 when the second server reads the first server's account, secrets included", () => {
    const tree = deviceWithTwoServers();
    for (const uri of [...otherNodesOfFirst, ...secretsOfFirst])
      expect(tree.get(uri, second).status, uri).toBe(425);
    expect(tree.get(`./DMAcc/${first}?list=TNDS`, second).status).toBe(425);
  });

  it("answers 425 when the second server changes or deletes the first server's account", () => {
    const tree = deviceWithTwoServers();
    const before = JSON.stringify(tree.exportState());
    for (const uri of [...secretsOfFirst, `./DMAcc/${first}/AppAddr/1/Addr`]) {
      expect(tree.replace(uri, { data: "stolen" }, second).status, uri).toBe(425);
    }
    expect(tree.replace(`./DMAcc/${first}?prop=ACL`, { data: `Get=${second}` }, second).status).toBe(425);
    expect(tree.add(`./DMAcc/${first}/AppAuth/EXTRA`, { format: "node" }, second).status).toBe(425);
    expect(tree.delete(`./DMAcc/${first}`, second).status).toBe(425);
    expect(tree.get("./Vendor", second).status).toBe(404);
    expect(JSON.stringify(tree.exportState())).toBe(before);
  });

  it("answers 425 when the second server reads or changes what the root ACL gives only to the first", () => {
    const tree = deviceWithTwoServers();
    expect(tree.add("./Vendor", { format: "node" }, first).status).toBe(200);
    expect(tree.add("./Vendor/Key", { data: "v" }, first).status).toBe(200);
    expect(tree.get("./Vendor/Key", second).status).toBe(425);
    expect(tree.replace("./Vendor/Key", { data: "w" }, second).status).toBe(425);
    expect(tree.delete("./Vendor", second).status).toBe(425);
    expect(tree.get("./Vendor/Key", first).results?.[0]?.data).toBe("v");
  });

  it("lets each server manage its own account", () => {
    const tree = deviceWithTwoServers();
    expect(tree.get(`./DMAcc/${second}/AppAddr/1/Addr`, second).results?.[0]?.data).toBe(
      "https://second.example/dm",
    );
    expect(tree.replace(`./DMAcc/${second}/AppAuth/CLCRED/AAuthSecret`, { data: "new" }, second).status).toBe(
      200,
    );
    expect(tree.get(`./DMAcc/${second}/AppAddr/1/Addr`, first).status).toBe(425);
    expect(tree.delete(`./DMAcc/${second}`, second).status).toBe(200);
  });
});
