import { OmaDmError } from "@omadm/protocol";
import { describe, expect, it } from "vitest";
import { createTree } from "./management-tree.js";
import type { ManagementTree } from "./management-tree.js";

function sample(): ManagementTree {
  const tree = createTree({ clock: () => new Date(Date.UTC(2024, 1, 3)) });
  tree.define("./DevInfo/Man", { data: "ACME" }, { acl: "Get=*&Delete=*" });
  tree.add("./Vendor/bin", { format: "b64", type: "application/octet-stream", data: "AAEC" }, undefined);
  tree.add("./Vendor/n", { format: "int", data: "5" }, undefined);
  tree.replace("./Vendor?prop=ACL", { data: "Get=*&Replace=S1" }, undefined);
  tree.replace("./Vendor?prop=Title", { data: "Vendor" }, undefined);
  return tree;
}

describe("exportState / importState", () => {
  it("writes nodes with a stable key order", () => {
    const state = sample().exportState();
    expect(Object.keys(state)).toEqual(["version", "root"]);
    expect(Object.keys(state.root)).toEqual([
      "name",
      "format",
      "type",
      "acl",
      "tStamp",
      "verNo",
      "permanent",
      "children",
    ]);
    const vendor = state.root.children?.[1];
    expect(vendor && Object.keys(vendor)).toEqual([
      "name",
      "format",
      "type",
      "acl",
      "title",
      "tStamp",
      "verNo",
      "children",
    ]);
    expect(vendor?.children?.[0]).toEqual({
      name: "bin",
      format: "bin",
      type: "application/octet-stream",
      acl: "",
      tStamp: Date.UTC(2024, 1, 3),
      verNo: 0,
      valueB64: "AAEC",
    });
    expect(state.root.children?.[0]?.children?.[0]).toMatchObject({
      name: "Man",
      permanent: true,
      value: "ACME",
    });
  });

  it("round-trips to byte-identical JSON, permanence and child order included", () => {
    const tree = sample();
    const json = JSON.stringify(tree.exportState());
    const other = createTree();
    other.importState(JSON.parse(json));
    expect(JSON.stringify(other.exportState())).toBe(json);
    expect(other.delete("./DevInfo/Man", "S1").status).toBe(405);
    expect(other.get("./Vendor/bin", undefined).results?.[0]?.data).toEqual(new Uint8Array([0, 1, 2]));
  });

  it.each([
    ["not an object", 42],
    ["a wrong version", { version: 2, root: {} }],
    [
      "a root with another name",
      { version: 1, root: { name: "x", format: "node", type: "", acl: "Get=*", tStamp: 0, verNo: 0 } },
    ],
    [
      "a root without ACL",
      { version: 1, root: { name: ".", format: "node", type: "", acl: "", tStamp: 0, verNo: 0 } },
    ],
    [
      "a bad ACL",
      {
        version: 1,
        root: { name: ".", format: "node", type: "", acl: "Get=", tStamp: 0, verNo: 0 },
      },
    ],
    [
      "a leaf with children",
      {
        version: 1,
        root: {
          name: ".",
          format: "node",
          type: "",
          acl: "Get=*",
          tStamp: 0,
          verNo: 0,
          children: [
            { name: "a", format: "chr", type: "", acl: "", tStamp: 0, verNo: 0, value: "", children: [] },
          ],
        },
      },
    ],
    [
      "duplicate names",
      {
        version: 1,
        root: {
          name: ".",
          format: "node",
          type: "",
          acl: "Get=*",
          tStamp: 0,
          verNo: 0,
          children: [
            { name: "a", format: "chr", type: "", acl: "", tStamp: 0, verNo: 0, value: "" },
            { name: "a", format: "chr", type: "", acl: "", tStamp: 0, verNo: 0, value: "" },
          ],
        },
      },
    ],
    [
      "a VerNo out of range",
      {
        version: 1,
        root: { name: ".", format: "node", type: "", acl: "Get=*", tStamp: 0, verNo: 70000 },
      },
    ],
  ])("refuses %s with INVALID_ARGUMENT and keeps the tree", (_what, state) => {
    const tree = sample();
    const before = JSON.stringify(tree.exportState());
    expect(() => tree.importState(state)).toThrow(OmaDmError);
    try {
      tree.importState(state);
    } catch (e) {
      expect((e as OmaDmError).code).toBe("INVALID_ARGUMENT");
    }
    expect(JSON.stringify(tree.exportState())).toBe(before);
  });

  it("refuses importState during a transaction", () => {
    const tree = sample();
    const tx = tree.begin();
    expect(() => tree.importState(tree.exportState())).toThrow(OmaDmError);
    tx.commit();
  });
});
