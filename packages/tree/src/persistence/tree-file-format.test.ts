import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OmaDmError } from "@omadm/protocol";
import { createTree } from "../management-tree.js";
import type { ManagementTree } from "../management-tree.js";
import type { TreeState } from "../tree-api.js";
import { decodeTreeFile, encodeTreeFile, treeFileFormat } from "./tree-file-format.js";

const t0 = Date.UTC(2024, 0, 2, 3, 4, 5);

function sampleTree(): ManagementTree {
  const tree = createTree({ clock: () => new Date(t0) });
  const statuses = [
    tree.define("./DevInfo/DevId", { data: "IMEI:490154203237518" }, { acl: "Get=*" }),
    tree.define("./DevInfo/Lang", { data: "fr-FR, déjà vu \u{1F600}" }),
    tree.define("./Vendor/Blob", { format: "bin", data: new Uint8Array([0, 1, 2, 254, 255]) }),
    tree.define(
      "./Vendor/Area",
      { format: "node" },
      { acl: "Add=S1&Get=S1&Replace=S1", title: "Area", permanent: false },
    ),
    tree.add("./Vendor/Area/Leaf", { format: "int", data: "42" }, "S1"),
  ].map((o) => o.status);
  expect(statuses).toEqual([200, 200, 200, 200, 200]);
  return tree;
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof OmaDmError) return e.code;
    throw e;
  }
}

describe("encodeTreeFile", () => {
  it("writes the versioned envelope with the state's digest, state last, compact, one final newline", () => {
    const file = text(encodeTreeFile(sampleTree().exportState()));
    expect(file).toMatch(
      /^\{"format":"omadm-tree","version":1,"sha256":"[0-9a-f]{64}","state":\{"version":1,"root":\{/,
    );
    expect(file.endsWith("}}\n")).toBe(true);
    expect(file.split("\n")).toHaveLength(2);
    expect(treeFileFormat).toEqual({ name: "omadm-tree", version: 1 });
  });

  it("gives byte-identical files for equal trees", () => {
    expect(encodeTreeFile(sampleTree().exportState())).toEqual(encodeTreeFile(sampleTree().exportState()));
  });

  it("gives different files for trees that differ in one value", () => {
    const other = sampleTree();
    expect(other.replace("./Vendor/Area/Leaf", { data: "43" }, "S1").status).toBe(200);
    expect(text(encodeTreeFile(other.exportState()))).not.toBe(
      text(encodeTreeFile(sampleTree().exportState())),
    );
  });
});

describe("decodeTreeFile", () => {
  it("round-trips a state: text, bin values, titles, ACLs, permanence", () => {
    const state = sampleTree().exportState();
    expect(decodeTreeFile(encodeTreeFile(state))).toEqual(state);
    const again = createTree();
    again.importState(decodeTreeFile(encodeTreeFile(state)));
    expect(JSON.stringify(again.exportState())).toBe(JSON.stringify(state));
  });

  it("accepts a hand-edited file without the sha256 field", () => {
    const state = sampleTree().exportState();
    const edited = `{"format":"omadm-tree","version":1,"state":${JSON.stringify(state)}}`;
    expect(decodeTreeFile(bytes(edited))).toEqual(state);
  });

  const good = text(encodeTreeFile(sampleTree().exportState()));
  const cases: readonly (readonly [string, string, string])[] = [
    ["an empty file", "", "TREE_FILE_INVALID"],
    ["a file cut in half", good.slice(0, good.length >> 1), "TREE_FILE_INVALID"],
    ["a file without its last brace", good.slice(0, -2), "TREE_FILE_INVALID"],
    ["JSON that is not an object", "[1,2]", "TREE_FILE_INVALID"],
    ["another format", good.replace('"omadm-tree"', '"other-tree"'), "TREE_FILE_INVALID"],
    ["no version", good.replace('"version":1,"sha256"', '"sha256"'), "TREE_FILE_INVALID"],
    ["a version that is not a number", good.replace('"version":1,', '"version":"1",'), "TREE_FILE_INVALID"],
    [
      "a changed value (digest mismatch)",
      good.replace("IMEI:490154203237518", "IMEI:490154203237519"),
      "TREE_FILE_INVALID",
    ],
    [
      "a digest that is not hex",
      good.replace(/"sha256":"[0-9a-f]{64}"/, '"sha256":"xyz"'),
      "TREE_FILE_INVALID",
    ],
    ["no state", '{"format":"omadm-tree","version":1}', "TREE_FILE_INVALID"],
    [
      "a state without a root",
      '{"format":"omadm-tree","version":1,"state":{"version":1}}',
      "TREE_FILE_INVALID",
    ],
    [
      "a newer envelope version",
      good.replace('"version":1,"sha256"', '"version":2,"sha256"'),
      "TREE_FILE_VERSION",
    ],
    [
      "a newer state version",
      '{"format":"omadm-tree","version":1,"state":{"version":2,"root":{}}}',
      "TREE_FILE_VERSION",
    ],
  ];

  it.each(cases)("refuses %s", (_name, file, code) => {
    expect(codeOf(() => decodeTreeFile(bytes(file)))).toBe(code);
  });

  it("refuses bytes that are not UTF-8", () => {
    const b = encodeTreeFile(sampleTree().exportState());
    const at = text(b).indexOf("IMEI");
    const bad = new Uint8Array(b);
    bad[at] = 0xff;
    expect(codeOf(() => decodeTreeFile(bad))).toBe("TREE_FILE_INVALID");
  });

  it("refuses every truncation of a file", () => {
    const b = encodeTreeFile(sampleTree().exportState());
    // The final newline may go; anything more is a truncated file.
    for (let n = 0; n < b.length - 1; n++)
      expect(codeOf(() => decodeTreeFile(b.subarray(0, n)))).toBe("TREE_FILE_INVALID");
  });

  it("gives the same state or a TREE_FILE error for any one changed byte", () => {
    const b = encodeTreeFile(sampleTree().exportState());
    const state = JSON.stringify(decodeTreeFile(b));
    fc.assert(
      fc.property(fc.nat(b.length - 1), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const m = new Uint8Array(b);
        m[at] = value;
        let decoded: TreeState;
        try {
          decoded = decodeTreeFile(m);
        } catch (e) {
          return (
            e instanceof OmaDmError && (e.code === "TREE_FILE_INVALID" || e.code === "TREE_FILE_VERSION")
          );
        }
        return JSON.stringify(decoded) === state;
      }),
      { numRuns: 2000 },
    );
  });

  it("gives a value or a TREE_FILE error for random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        try {
          decodeTreeFile(b);
          return true;
        } catch (e) {
          return e instanceof OmaDmError && e.code.startsWith("TREE_FILE_");
        }
      }),
    );
  });
});
