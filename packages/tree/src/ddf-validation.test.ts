import type { AccessType, DfProperties, MgmtTree, TndsNode } from "@omadm/protocol";
import { describe, expect, it } from "vitest";
import { createTree } from "./management-tree.js";
import type { ManagementTree } from "./management-tree.js";

function node(
  nodeName: string,
  df: Partial<DfProperties> & { accessType: readonly AccessType[] },
  children: TndsNode[] = [],
): TndsNode {
  return { nodeName, dfProperties: df, children };
}

/**
 * ./Acc (permanent, One) holding up to two CIS-named accounts <x>, each with Port (int), Secret
 * (no Get) and Name; ./Acc/Fixed is a named read-only leaf; ./Acc/Ext is open for vendors.
 */
const ddf: MgmtTree = {
  verDtd: "1.2",
  nodes: [
    node("Acc", { accessType: ["Get", "Add"], dfFormat: "node", scope: "Permanent" }, [
      node(
        "",
        {
          accessType: ["Add", "Delete", "Get", "Replace"],
          dfFormat: "node",
          occurrence: { kind: "ZeroOrN", n: 2 },
          caseSense: "CIS",
        },
        [
          node("Port", {
            accessType: ["Add", "Get", "Replace"],
            dfFormat: "int",
            dfType: { kind: "MIME", values: ["text/plain"] },
          }),
          node("Secret", { accessType: ["Add", "Replace"], dfFormat: "chr" }),
          node("Name", { accessType: ["Add", "Get", "Replace", "Delete", "Copy"], dfFormat: "chr" }),
          node("Run", { accessType: ["Add", "Get"], dfFormat: "chr" }),
        ],
      ),
      node("Fixed", { accessType: ["Get"], dfFormat: "chr", occurrence: { kind: "One" } }),
      node("Ext", { accessType: ["Add", "Get", "Delete", "Replace"], dfFormat: "node" }),
    ]),
  ],
};

function ddfTree(): ManagementTree {
  const tree = createTree({ ddf });
  expect(
    tree.define(
      "./Acc",
      { format: "node" },
      { acl: "Add=*&Delete=*&Exec=*&Get=*&Replace=*", permanent: false },
    ).status,
  ).toBe(200);
  expect(tree.define("./Acc/Fixed", { data: "f" }, { permanent: false }).status).toBe(200);
  return tree;
}

describe("DDF-driven validation", () => {
  it("matches the unnamed placeholder <x> for any name", () => {
    const tree = ddfTree();
    expect(tree.add("./Acc/first", { format: "node" }, "S1").status).toBe(200);
    expect(tree.add("./Acc/first/Port", { format: "int", data: "80" }, "S1").status).toBe(200);
  });

  it("refuses a node the DDF does not describe (405)", () => {
    const tree = ddfTree();
    tree.add("./Acc/first", { format: "node" }, "S1");
    expect(tree.add("./Acc/first/Colour", { data: "red" }, "S1").status).toBe(405);
  });

  it("lets vendors extend an interior node the DDF leaves empty (Ext)", () => {
    const tree = ddfTree();
    expect(tree.add("./Acc/Ext/Vendor", { data: "x" }, "S1").status).toBe(200);
  });

  it("refuses more instances than the Occurrence allows (405)", () => {
    const tree = ddfTree();
    expect(tree.add("./Acc/a", { format: "node" }, "S1").status).toBe(200);
    expect(tree.add("./Acc/b", { format: "node" }, "S1").status).toBe(200);
    expect(tree.add("./Acc/c", { format: "node" }, "S1").status).toBe(405);
    tree.delete("./Acc/a", "S1");
    expect(tree.add("./Acc/c", { format: "node" }, "S1").status).toBe(200);
  });

  it("refuses a Format other than DFFormat (415) and takes DFFormat when Meta Format is absent", () => {
    const tree = ddfTree();
    tree.add("./Acc/a", { format: "node" }, "S1");
    expect(tree.add("./Acc/a/Port", { format: "chr", data: "80" }, "S1").status).toBe(415);
    expect(tree.add("./Acc/a/Port", { data: "80" }, "S1").status).toBe(200);
    expect(tree.get("./Acc/a/Port?prop=Format", "S1").results?.[0]?.data).toBe("int");
    expect(tree.replace("./Acc/a/Port", { format: "chr", data: "x" }, "S1").status).toBe(415);
  });

  it("refuses a Type outside the DFType MIME list (415)", () => {
    const tree = ddfTree();
    tree.add("./Acc/a", { format: "node" }, "S1");
    expect(tree.add("./Acc/a/Port", { format: "int", type: "text/html", data: "80" }, "S1").status).toBe(415);
  });

  it("refuses a leaf where the DDF describes an interior node (415)", () => {
    const tree = ddfTree();
    expect(tree.add("./Acc/a", { format: "chr", data: "x" }, "S1").status).toBe(415);
  });

  it("enforces AccessType for servers (405) but not for the device", () => {
    const tree = ddfTree();
    tree.add("./Acc/a", { format: "node" }, "S1");
    tree.add("./Acc/a/Secret", { data: "pw" }, "S1");
    expect(tree.get("./Acc/a/Secret", "S1").status).toBe(405);
    expect(tree.get("./Acc/a/Secret", undefined).results?.[0]?.data).toBe("pw");
    expect(tree.replace("./Acc/Fixed", { data: "g" }, "S1").status).toBe(405);
    expect(tree.delete("./Acc/Fixed", "S1").status).toBe(405);
    tree.add("./Acc/a/Run", { data: "" }, "S1");
    tree.mount("./Acc/a/Run", { exec: () => ({ status: 200 }) });
    expect(tree.exec("./Acc/a/Run", undefined, "S1").status).toBe(405);
  });

  it("protects a node without Delete from a direct Delete but not from its ancestor's", () => {
    const tree = ddfTree();
    tree.add("./Acc/a", { format: "node" }, "S1");
    tree.add("./Acc/a/Port", { data: "80" }, "S1");
    expect(tree.delete("./Acc/a/Port", "S1").status).toBe(405);
    expect(tree.delete("./Acc/a", "S1").status).toBe(200);
  });

  it("treats Scope Permanent as permanent: no Delete (405)", () => {
    const tree = ddfTree();
    expect(tree.delete("./Acc", "S1").status).toBe(405);
  });

  it("finds CaseSense CIS nodes by any casing and keeps the created case", () => {
    const tree = ddfTree();
    expect(tree.add("./Acc/Alpha", { format: "node" }, "S1").status).toBe(200);
    expect(tree.get("./Acc/ALPHA", "S1").status).toBe(200);
    expect(tree.add("./Acc/alpha", { format: "node" }, "S1").status).toBe(418);
    expect(tree.get("./Acc", "S1").results?.[0]?.data).toBe("Fixed/Alpha");
  });

  it("keeps names case-sensitive where the DDF does not say CIS", () => {
    const tree = ddfTree();
    expect(tree.get("./Acc/fixed", "S1").status).toBe(404);
  });

  it("refuses to rename a node whose name the DDF fixes (405) but renames a placeholder instance", () => {
    const tree = ddfTree();
    tree.add("./Acc/a", { format: "node" }, "S1");
    tree.add("./Acc/a/Name", { data: "n" }, "S1");
    expect(tree.replace("./Acc/a/Name?prop=Name", { data: "Other" }, "S1").status).toBe(405);
    expect(tree.replace("./Acc/a?prop=Name", { data: "b" }, "S1").status).toBe(200);
    expect(tree.get("./Acc/b/Name", "S1").status).toBe(200);
  });

  it("refuses a Copy onto a target whose AccessType lacks Copy (405)", () => {
    const tree = ddfTree();
    tree.add("./Acc/a", { format: "node" }, "S1");
    tree.add("./Acc/a/Name", { data: "n" }, "S1");
    tree.add("./Acc/a/Port", { data: "1" }, "S1");
    expect(tree.copy("./Acc/a/Port", "./Acc/a/Name", "S1").status).toBe(405);
  });

  it("checks each node of a TNDS object against the DDF", () => {
    const tree = ddfTree();
    const tnds = (port: string) =>
      `<MgmtTree xmlns="syncml:dmddf1.2"><VerDTD>1.2</VerDTD><Node><NodeName>n1</NodeName><RTProperties><Format><node/></Format><Type><DDFName/></Type></RTProperties><Node><NodeName>Port</NodeName><RTProperties><Type><MIME>text/plain</MIME></Type></RTProperties><Value>${port}</Value></Node></Node></MgmtTree>`;
    const type = "application/vnd.syncml.dmtnds+xml";
    expect(tree.add("./Acc", { type, data: tnds("x") }, "S1").status).toBe(400);
    expect(tree.add("./Acc", { type, data: tnds("8080") }, "S1").status).toBe(200);
    expect(tree.get("./Acc/n1/Port?prop=Format", "S1").results?.[0]?.data).toBe("int");
  });
});

describe("a case-insensitive tree", () => {
  it("finds every node by any casing and keeps the created case", () => {
    const tree = createTree({ caseSensitive: false });
    tree.add("./DevInfo", { format: "node" }, undefined);
    tree.add("./DevInfo/Man", { data: "ACME" }, undefined);
    expect(tree.get("./devinfo/MAN", undefined).results?.[0]?.data).toBe("ACME");
    expect(tree.add("./DEVINFO/man", { data: "x" }, undefined).status).toBe(418);
    expect(tree.get("./DevInfo", undefined).results?.[0]?.data).toBe("Man");
    expect(tree.replace("./devinfo/man?prop=Name", { data: "Manufacturer" }, undefined).status).toBe(200);
    expect(tree.get("./DevInfo", undefined).results?.[0]?.data).toBe("Manufacturer");
  });
});
