import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTree } from "./management-tree.js";
import type { ManagementTree } from "./management-tree.js";
import { checkUriLimits, parseUri } from "./parse-uri.js";

describe("parseUri", () => {
  it.each([
    [".", []],
    ["./A", ["A"]],
    ["A", ["A"]],
    ["./A/B.c/d-e", ["A", "B.c", "d-e"]],
    ["./Ä/名前", ["Ä", "名前"]],
  ])("reads %j as the names %j", (uri, segments) => {
    expect(parseUri(uri)).toEqual({ base: uri, segments });
  });

  it.each(["", "./", "/", "/A", "A/", "A//B", "./A/..", "../A", "A/./B", "./.", ".//A"])(
    "refuses %j with 400",
    (uri) => {
      expect(parseUri(uri)).toBe(400);
    },
  );

  it.each([
    ["./A?prop=ACL", { kind: "prop", property: "ACL" }],
    ["./A?list=Struct", { kind: "list", list: "Struct" }],
    ["./A?list=StructData", { kind: "list", list: "StructData" }],
    ["./A?list=TNDS", { kind: "list", list: "TNDS" }],
    [
      "./A?list=TNDS+ACL+Value",
      { kind: "list", list: "TNDS", selection: { mode: "+", properties: ["ACL", "Value"] } },
    ],
    [
      "./A?list=TNDS-Format",
      { kind: "list", list: "TNDS", selection: { mode: "-", properties: ["Format"] } },
    ],
  ])("reads the query of %j", (uri, query) => {
    expect(parseUri(uri)).toMatchObject({ segments: ["A"], query });
  });

  it.each([
    ["./A?prop=Color", 406],
    ["./A?what=1", 406],
    ["./A?list=Tree", 406],
    ["./A?list=TNDS+ACL-Value", 400],
    ["./A?list=TNDS+", 400],
    ["./A?prop", 400],
  ])("answers %j with %i", (uri, status) => {
    expect(parseUri(uri)).toBe(status);
  });

  it("agrees with the in-place walk of a plain Get on every URI", () => {
    const tree = createTree();
    tree.add("./A/B", { data: "x" }, undefined);
    const segment = fc.constantFrom("A", "B", ".", "..", "", "C");
    const uri = fc
      .tuple(fc.boolean(), fc.array(segment, { maxLength: 4 }))
      .map(([dot, s]) => (dot ? "./" : "") + s.join("/"));
    fc.assert(
      fc.property(uri, (u) => {
        const parsed = parseUri(u);
        const got = tree.get(u, undefined).status;
        if (typeof parsed === "number") expect(got).toBe(parsed);
        else expect(got).not.toBe(400);
      }),
    );
  });
});

describe("the DevDetail/URI limits", () => {
  function limited(depth: string, tot: string, seg: string): ManagementTree {
    const tree = createTree();
    tree.define("./DevDetail/URI/MaxDepth", { data: depth });
    tree.define("./DevDetail/URI/MaxTotLen", { data: tot });
    tree.define("./DevDetail/URI/MaxSegLen", { data: seg });
    return tree;
  }

  it("counts depth in names below the root (414 beyond MaxDepth)", () => {
    const tree = limited("3", "0", "0");
    expect(tree.add("./a/b/c", { data: "x" }, undefined).status).toBe(200);
    expect(tree.add("./a/b/c2/d", { data: "x" }, undefined).status).toBe(414);
    expect(tree.get("./a/b/c/d", undefined).status).toBe(414);
    expect(tree.get("./a/b/c", undefined).status).toBe(200);
  });

  it("counts the total length without the leading ./ (414 beyond MaxTotLen)", () => {
    const tree = limited("0", "5", "0");
    expect(tree.add("./ab/c", { data: "x" }, undefined).status).toBe(200);
    expect(tree.get("./ab/c", undefined).status).toBe(200);
    expect(tree.get("ab/cd", undefined).status).toBe(404);
    expect(tree.get("./ab/cde", undefined).status).toBe(414);
    expect(tree.replace("./ab/cde", { data: "y" }, undefined).status).toBe(414);
  });

  it("limits each name to MaxSegLen, renames included (414)", () => {
    const tree = limited("0", "0", "4");
    expect(tree.add("./abcd", { data: "x" }, undefined).status).toBe(200);
    expect(tree.add("./abcde", { data: "x" }, undefined).status).toBe(414);
    expect(tree.replace("./abcd?prop=Name", { data: "abcdef" }, undefined).status).toBe(414);
    expect(tree.delete("./abcdefg", undefined).status).toBe(414);
  });

  it("treats 0 as unlimited and follows changes of the limit leaves", () => {
    const tree = limited("0", "0", "0");
    expect(tree.add("./a/b/c/d/e/f/g/h", { data: "x" }, undefined).status).toBe(200);
    tree.replace("./DevDetail/URI/MaxDepth", { data: "2" }, undefined);
    expect(tree.get("./a/b/c", undefined).status).toBe(414);
  });

  it("applies no limits when the tree has no DevDetail/URI", () => {
    expect(checkUriLimits(["a".repeat(1000)], { maxDepth: 0, maxTotLen: 0, maxSegLen: 0 })).toBe(0);
    expect(createTree().add(`./${"a".repeat(300)}`, { data: "x" }, undefined).status).toBe(200);
  });
});
