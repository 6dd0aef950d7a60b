// Property tests: random command sequences never throw and keep the tree's invariants.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byteLength } from "./leaf-value.js";
import { createTree } from "./management-tree.js";
import type { ManagementTree } from "./management-tree.js";
import type { NodeState, Principal } from "./tree-api.js";

const name = fc.constantFrom("a", "b", "c", "A", "Inbox", "DevDetail", "URI", "MaxDepth");
const path = fc.array(name, { minLength: 1, maxLength: 4 }).map((s) => `./${s.join("/")}`);
const uri = fc.oneof(
  { weight: 8, arbitrary: path },
  { weight: 1, arbitrary: fc.constantFrom(".", "./", "a//b", "./a/../b", "") },
);
const principal: fc.Arbitrary<Principal> = fc.constantFrom(undefined, "S1", "S2");
const format = fc.constantFrom(
  undefined,
  "chr",
  "int",
  "node",
  "b64",
  "bin",
  "bool",
  "xml",
  "float",
  "weird",
);
const data = fc.oneof(
  fc.constantFrom(undefined, "", "1", "true", "AAEC", "-5", "x y", "héllo"),
  fc.string({ maxLength: 6 }),
  fc.uint8Array({ maxLength: 4 }),
);
const acl = fc.constantFrom(
  "",
  "Get=*",
  "Add=*&Get=*&Replace=S1",
  "Get=S1+S2&Delete=S2",
  "Exec=*",
  "bad=",
  "Add=S1",
);
const query = fc.constantFrom(
  "",
  "?prop=ACL",
  "?prop=Size",
  "?prop=Name",
  "?list=Struct",
  "?list=StructData",
  "?list=TNDS+Value",
  "?list=TNDS-ACL",
);

type Op =
  | {
      readonly op: "add";
      readonly uri: string;
      readonly format: string | undefined;
      readonly data: string | Uint8Array | undefined;
      readonly who: Principal;
    }
  | {
      readonly op: "replace";
      readonly uri: string;
      readonly data: string | Uint8Array | undefined;
      readonly who: Principal;
    }
  | { readonly op: "acl"; readonly uri: string; readonly acl: string; readonly who: Principal }
  | { readonly op: "rename"; readonly uri: string; readonly to: string; readonly who: Principal }
  | { readonly op: "delete"; readonly uri: string; readonly who: Principal }
  | { readonly op: "copy"; readonly uri: string; readonly from: string; readonly who: Principal }
  | { readonly op: "get"; readonly uri: string; readonly query: string; readonly who: Principal }
  | { readonly op: "exec"; readonly uri: string; readonly who: Principal }
  | { readonly op: "permanent"; readonly uri: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("add" as const), uri, format, data, who: principal }),
  fc.record({ op: fc.constant("replace" as const), uri, data, who: principal }),
  fc.record({ op: fc.constant("acl" as const), uri, acl, who: principal }),
  fc.record({ op: fc.constant("rename" as const), uri, to: name, who: principal }),
  fc.record({ op: fc.constant("delete" as const), uri, who: principal }),
  fc.record({ op: fc.constant("copy" as const), uri, from: uri, who: principal }),
  fc.record({ op: fc.constant("get" as const), uri, query, who: principal }),
  fc.record({ op: fc.constant("exec" as const), uri, who: principal }),
  fc.record({ op: fc.constant("permanent" as const), uri }),
);

const knownStatuses = new Set([200, 202, 400, 403, 404, 405, 406, 413, 414, 415, 418, 425, 500]);

function apply(tree: ManagementTree, o: Op): number {
  switch (o.op) {
    case "add":
      return tree.add(o.uri, { format: o.format, data: o.data }, o.who).status;
    case "replace":
      return tree.replace(o.uri, { data: o.data }, o.who).status;
    case "acl":
      return tree.replace(`${o.uri}?prop=ACL`, { data: o.acl }, o.who).status;
    case "rename":
      return tree.replace(`${o.uri}?prop=Name`, { data: o.to }, o.who).status;
    case "delete":
      return tree.delete(o.uri, o.who).status;
    case "copy":
      return tree.copy(o.uri, o.from, o.who).status;
    case "get":
      return tree.get(o.uri + o.query, o.who).status;
    case "exec":
      return tree.exec(o.uri, undefined, o.who).status;
    case "permanent": {
      const s = tree.setPermanent(o.uri).status;
      return s === 405 ? 200 : s;
    }
  }
}

function newTree(): ManagementTree {
  let now = Date.UTC(2024, 0, 1);
  const tree = createTree({ clock: () => new Date((now += 1000)) });
  tree.define("./Inbox", { format: "node" }, { acl: "Add=*", permanent: false });
  tree.mount("./Inbox", { exec: () => ({ status: 200 }) });
  return tree;
}

function checkInvariants(tree: ManagementTree): void {
  const state = tree.exportState();
  const visit = (n: NodeState): void => {
    if (n.format === "node") {
      expect(n.value).toBeUndefined();
      expect(n.valueB64).toBeUndefined();
      const names = (n.children ?? []).map((c) => c.name);
      expect(new Set(names).size).toBe(names.length);
      for (const c of n.children ?? []) visit(c);
    } else {
      expect(n.children).toBeUndefined();
      expect(n.format).not.toBe("b64");
    }
  };
  visit(state.root);
  for (const item of tree.get(".?list=StructData", undefined).results ?? []) {
    if (item.format === "node") expect(item.data).toBeUndefined();
    else {
      const value = item.data as string | Uint8Array;
      expect(item.size).toBe(byteLength(value));
      expect(tree.get(`${item.uri}?prop=Size`, undefined).results?.[0]?.data).toBe(String(byteLength(value)));
    }
  }
  const copy = createTree();
  copy.importState(JSON.parse(JSON.stringify(state)));
  expect(JSON.stringify(copy.exportState())).toBe(JSON.stringify(state));
}

describe("random command sequences", () => {
  it("never throw, answer known statuses and keep the invariants", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const tree = newTree();
        for (const o of ops) expect(knownStatuses).toContain(apply(tree, o));
        checkInvariants(tree);
      }),
      { numRuns: 300 },
    );
  });

  it("are undone exactly by a rollback", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 15 }), fc.array(op, { maxLength: 25 }), (setup, inside) => {
        const tree = newTree();
        for (const o of setup) apply(tree, o);
        const before = JSON.stringify(tree.exportState());
        const tx = tree.begin();
        for (const o of inside) apply(tree, o);
        expect(tx.rollback().status).toBe(200);
        expect(JSON.stringify(tree.exportState())).toBe(before);
        checkInvariants(tree);
      }),
      { numRuns: 300 },
    );
  });

  it("leave no trace when they fail", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 20 }), op, (setup, last) => {
        const tree = newTree();
        for (const o of setup) apply(tree, o);
        const before = JSON.stringify(tree.exportState());
        const status = apply(tree, last);
        if (status >= 300) expect(JSON.stringify(tree.exportState())).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});
