import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aclFor, aclGrants, aclWithoutServer, formatAcl, isValidAcl, parseAcl } from "./acl.js";
import { createTree } from "./management-tree.js";

describe("the ACL grammar", () => {
  it.each([
    ["", true],
    ["Get=*", true],
    ["Add=www.sonera.fi-8765&Delete=www.sonera.fi-8765&Replace=www.sonera.fi-8765+321_ibm.com&Get=*", true],
    ["Get=A&Get=B", true],
    ["Exec=srv:1", true],
    ["Copy=*", false],
    ["Get=", false],
    ["Get", false],
    ["=A", false],
    ["Get=A+", false],
    ["Get=A B", false],
    ["Get=A&", false],
    ["get=*", false],
    ["Get=A*", false],
    ["Get=A=B", false],
  ])("accepts %j: %s", (acl, valid) => {
    expect(isValidAcl(acl)).toBe(valid);
  });

  it("parses entries in order and formats them back", () => {
    const text = "Get=A+B&Replace=*";
    const entries = parseAcl(text);
    expect(entries).toEqual([
      { command: "Get", serverIds: ["A", "B"] },
      { command: "Replace", serverIds: ["*"] },
    ]);
    expect(formatAcl(entries ?? [])).toBe(text);
  });

  it("round-trips every valid ACL through parse and format", () => {
    const id = fc.oneof(fc.constant("*"), fc.stringMatching(/^[A-Za-z0-9._:-]{1,8}$/));
    const entry = fc.record({
      command: fc.constantFrom("Add", "Delete", "Exec", "Get", "Replace" as const),
      serverIds: fc.array(id, { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 5 }), (entries) => {
        const text = formatAcl(entries);
        expect(parseAcl(text)).toEqual(entries);
      }),
    );
  });
});

describe("ACL evaluation", () => {
  it("grants * to every server and listed ids only to them", () => {
    expect(aclGrants("Get=*", "Get", "X")).toBe(true);
    expect(aclGrants("Get=A+B", "Get", "B")).toBe(true);
    expect(aclGrants("Get=A+B", "Get", "C")).toBe(false);
    expect(aclGrants("Get=A+B", "Replace", "A")).toBe(false);
    expect(aclGrants("Get=A&Get=B", "Get", "B")).toBe(true);
    expect(aclGrants("Get=A+*", "Get", "Z")).toBe(true);
  });

  it("grants nothing from an ACL that does not parse", () => {
    expect(aclGrants("Get=*&", "Get", "A")).toBe(false);
  });

  it("writes the new-interior-node ACL for a server", () => {
    expect(aclFor("S1", ["Add", "Delete", "Replace"])).toBe("Add=S1&Delete=S1&Replace=S1");
    expect(aclFor("bad id", ["Add"])).toBe("");
  });
});

describe("removing a server from ACLs", () => {
  it.each([
    ["Get=A+B&Replace=A", "A", false, "Get=B"],
    ["Get=A&Replace=A", "A", false, ""],
    ["Get=B", "A", false, "Get=B"],
    ["Add=*&Get=*&Replace=A", "A", true, "Add=*&Get=*"],
    ["Add=A&Get=A", "A", true, "Add=*&Get=*"],
    ["Exec=A", "A", true, "Add=*&Get=*"],
  ])("%j without %s (root: %s) is %j", (acl, server, isRoot, expected) => {
    expect(aclWithoutServer(acl, server, isRoot)).toBe(expected);
  });

  it("strips the server from every node and stamps the changed nodes", () => {
    const tree = createTree();
    tree.add("./A", { format: "node" }, undefined);
    tree.add("./A/B", { data: "x" }, undefined);
    tree.replace("./A?prop=ACL", { data: "Get=S1+S2&Replace=S1" }, undefined);
    tree.replace("./A/B?prop=ACL", { data: "Get=S1" }, undefined);
    expect(tree.removeServer("S1")).toBe(2);
    expect(tree.get("./A?prop=ACL", undefined).results?.[0]?.data).toBe("Get=S2");
    expect(tree.get("./A/B?prop=ACL", undefined).results?.[0]?.data).toBe("");
    expect(tree.get("./A/B", "S1").status).toBe(425);
    expect(tree.get("./A/B", "S2").status).toBe(200);
  });
});

describe("changing ACLs", () => {
  it("answers 400 for an ACL that does not follow the grammar", () => {
    const tree = createTree();
    tree.add("./A", { format: "node" }, undefined);
    expect(tree.replace("./A?prop=ACL", { data: "Get=&Add=*" }, undefined).status).toBe(400);
  });

  it("keeps the root ACL non-empty with Add for everyone (405)", () => {
    const tree = createTree();
    tree.replace(".?prop=ACL", { data: "Add=*&Get=*&Replace=S1" }, undefined);
    expect(tree.replace(".?prop=ACL", { data: "Add=S1&Get=*&Replace=S1" }, "S1").status).toBe(405);
    expect(tree.replace(".?prop=ACL", { data: "" }, "S1").status).toBe(405);
    expect(tree.replace(".?prop=ACL", { data: "Add=*&Get=S1&Replace=S1" }, "S1").status).toBe(200);
  });

  it("lets a server that adds an interior node without Replace on the parent manage it", () => {
    const tree = createTree();
    expect(tree.add("./Mine", { format: "node" }, "S1").status).toBe(200);
    expect(tree.get("./Mine?prop=ACL", undefined).results?.[0]?.data).toBe("Add=S1&Delete=S1&Replace=S1");
    expect(tree.add("./Mine/x", { data: "1" }, "S1").status).toBe(200);
    expect(tree.add("./Mine/y", { data: "1" }, "S2").status).toBe(425);
    expect(tree.delete("./Mine", "S1").status).toBe(200);
  });

  it("leaves the ACL of a new interior node empty when the server has Replace on the parent", () => {
    const tree = createTree();
    tree.add("./P", { format: "node" }, undefined);
    tree.replace("./P?prop=ACL", { data: "Add=S1&Replace=S1&Get=S1" }, undefined);
    expect(tree.add("./P/C", { format: "node" }, "S1").status).toBe(200);
    expect(tree.get("./P/C?prop=ACL", "S1").results?.[0]?.data).toBe("");
  });

  it("gives implicitly created parents the same exception, so the leaf can be added", () => {
    const tree = createTree();
    expect(tree.add("./X/Y/leaf", { data: "1" }, "S1").status).toBe(200);
    expect(tree.get("./X?prop=ACL", undefined).results?.[0]?.data).toBe("Add=S1&Delete=S1&Replace=S1");
    expect(tree.get("./X/Y?prop=ACL", undefined).results?.[0]?.data).toBe("");
    expect(tree.get("./X/Y/leaf?prop=ACL", undefined).results?.[0]?.data).toBe("");
  });

  it("gives new leaves an empty ACL", () => {
    const tree = createTree();
    tree.add("./L", { data: "1" }, "S1");
    expect(tree.get("./L?prop=ACL", undefined).results?.[0]?.data).toBe("");
  });

  it("answers 425 for Add without the Add right on the parent", () => {
    const tree = createTree();
    tree.add("./P", { format: "node" }, undefined);
    tree.replace("./P?prop=ACL", { data: "Get=*" }, undefined);
    expect(tree.add("./P/C", { data: "1" }, "S1").status).toBe(425);
    expect(tree.add("./P/C/D", { data: "1" }, "S1").status).toBe(425);
  });
});
