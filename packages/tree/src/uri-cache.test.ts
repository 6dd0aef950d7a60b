// The plain Get's URI memo (uri-cache.ts): it must answer exactly what the full walk answers,
// after every kind of structural change, limit change, rollback and import.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { cacheSwitch } from "./cache-switch.js";
import { createTree } from "./management-tree.js";
import type { ManagementTree } from "./management-tree.js";
import { noUriLimits } from "./parse-uri.js";
import type { GetOutcome, Principal, TreeOptions } from "./tree-api.js";
import { TreeNode } from "./tree-node.js";
import { ownSpelling, UriCache, uriCacheLimit } from "./uri-cache.js";

afterEach(() => {
  cacheSwitch.enabled = true;
});

/** A tree with ./V (everyone may do everything) holding ./V/D/K = "k". */
function vendorTree(options: TreeOptions = {}): ManagementTree {
  const tree = createTree(options);
  expect(tree.add("./V", { format: "node" }, undefined).status).toBe(200);
  expect(tree.replace("./V?prop=ACL", { data: "Add=*&Delete=*&Get=*&Replace=*" }, undefined).status).toBe(
    200,
  );
  expect(tree.add("./V/D/K", { data: "k" }, undefined).status).toBe(200);
  return tree;
}

const value = (tree: ManagementTree, uri: string, who: Principal = "S1"): unknown => {
  const r = tree.get(uri, who);
  return r.status === 200 ? r.results?.[0]?.data : r.status;
};

describe("the URI memo of plain Get", () => {
  it("forgets a renamed node's old URI and finds it under the new one", () => {
    const tree = vendorTree();
    expect(value(tree, "./V/D/K")).toBe("k");
    expect(tree.replace("./V/D?prop=Name", { data: "E" }, "S1").status).toBe(200);
    expect(value(tree, "./V/D/K")).toBe(404);
    expect(value(tree, "./V/E/K")).toBe("k");
    expect(tree.replace("./V/E?prop=Name", { data: "D" }, "S1").status).toBe(200);
    expect(value(tree, "./V/E/K")).toBe(404);
    expect(value(tree, "./V/D/K")).toBe("k");
  });

  it("forgets a deleted node, and a node added again at the URI is the new node", () => {
    const tree = vendorTree();
    expect(value(tree, "./V/D/K")).toBe("k");
    expect(tree.delete("./V/D", "S1").status).toBe(200);
    expect(value(tree, "./V/D/K")).toBe(404);
    expect(tree.add("./V/D/K", { format: "int", data: "7" }, "S1").status).toBe(200);
    expect(tree.get("./V/D/K", "S1")).toEqual({
      status: 200,
      results: [{ uri: "./V/D/K", format: "int", type: "text/plain", data: "7", size: 1 }],
    });
  });

  it("in a case-insensitive tree, finds a node added again with other case under every casing", () => {
    const tree = vendorTree({ caseSensitive: false });
    expect(value(tree, "./V/D/K")).toBe("k");
    expect(value(tree, "./v/d/k")).toBe("k");
    expect(tree.delete("./v/D/k", "S1").status).toBe(200);
    expect(value(tree, "./V/D/K")).toBe(404);
    expect(value(tree, "./v/d/k")).toBe(404);
    expect(tree.add("./V/d/k", { data: "again" }, "S1").status).toBe(200);
    for (const u of ["./V/D/K", "./v/d/k", "./V/d/k", "V/D/K", "v/d/K"]) expect(value(tree, u)).toBe("again");
    expect(value(tree, "./V/D")).toBe("k");
    expect(tree.get("./V/D", "S1").results?.[0]).toEqual({
      uri: "./V/D",
      format: "node",
      type: "",
      data: "k",
    });
  });

  it("finds a DDF CaseSense CIS node by any casing, before and after it is renamed", () => {
    const tree = createTree({
      ddf: {
        verDtd: "1.2",
        nodes: [
          {
            nodeName: "Acc",
            dfProperties: { accessType: ["Get", "Add"], dfFormat: "node" },
            children: [
              {
                nodeName: "",
                dfProperties: {
                  accessType: ["Add", "Delete", "Get", "Replace"],
                  dfFormat: "node",
                  caseSense: "CIS",
                },
                children: [],
              },
            ],
          },
        ],
      },
    });
    tree.define("./Acc", { format: "node" }, { acl: "Add=*&Delete=*&Get=*&Replace=*", permanent: false });
    expect(tree.add("./Acc/Alpha", { format: "node" }, "S1").status).toBe(200);
    expect(value(tree, "./Acc/Alpha")).toBe("");
    expect(value(tree, "./Acc/ALPHA")).toBe("");
    expect(tree.replace("./Acc/alpha?prop=Name", { data: "Beta" }, "S1").status).toBe(200);
    expect(value(tree, "./Acc/ALPHA")).toBe(404);
    expect(value(tree, "./Acc/Alpha")).toBe(404);
    expect(value(tree, "./Acc/bETA")).toBe("");
    expect(value(tree, "./Acc/Beta")).toBe("");
  });

  it("follows the rollback of a delete and of an add", () => {
    const tree = vendorTree();
    let tx = tree.begin();
    expect(value(tree, "./V/D/K")).toBe("k");
    expect(tree.delete("./V/D", "S1").status).toBe(200);
    expect(value(tree, "./V/D/K")).toBe(404);
    expect(tx.rollback().status).toBe(200);
    expect(value(tree, "./V/D/K")).toBe("k");

    tx = tree.begin();
    expect(tree.add("./V/N", { data: "n" }, "S1").status).toBe(200);
    expect(value(tree, "./V/N")).toBe("n");
    expect(value(tree, "V/N")).toBe("n");
    expect(tx.rollback().status).toBe(200);
    expect(value(tree, "./V/N")).toBe(404);
    expect(value(tree, "V/N")).toBe(404);
  });

  it("follows the rollback of a rename", () => {
    const tree = vendorTree();
    const tx = tree.begin();
    expect(tree.replace("./V/D?prop=Name", { data: "E" }, "S1").status).toBe(200);
    expect(value(tree, "./V/E/K")).toBe("k");
    expect(tx.rollback().status).toBe(200);
    expect(value(tree, "./V/E/K")).toBe(404);
    expect(value(tree, "./V/D/K")).toBe("k");
  });

  it("follows importState", () => {
    const tree = vendorTree();
    const other = vendorTree();
    expect(other.delete("./V/D", undefined).status).toBe(200);
    expect(other.add("./V/X", { data: "x" }, undefined).status).toBe(200);
    expect(value(tree, "./V/D/K")).toBe("k");
    tree.importState(other.exportState());
    expect(value(tree, "./V/D/K")).toBe(404);
    expect(value(tree, "./V/X")).toBe("x");
    // The imported nodes are new objects: a Replace through them shows in Get.
    expect(tree.replace("./V/X", { data: "y" }, "S1").status).toBe(200);
    expect(value(tree, "./V/X")).toBe("y");
  });

  it("answers 414 as soon as a URI limit's value tightens, and 200 again when it is lifted", () => {
    const tree = vendorTree();
    for (const u of ["./V/D/E/F", "./V/LongerName12", "./V/TotalLengthIsOverTheLimit"])
      expect(tree.add(u, { data: "x" }, undefined).status).toBe(200);
    for (const leaf of ["MaxDepth", "MaxSegLen", "MaxTotLen"])
      expect(tree.define(`./DevDetail/URI/${leaf}`, { data: "0" }).status).toBe(200);
    // [leaf, tight value (the limit leaves' own URIs stay within it), a URI over it, one within it]
    const cases = [
      ["MaxDepth", "3", "./V/D/E/F", "./V/D/K"],
      ["MaxSegLen", "9", "./V/LongerName12", "./V/D/K"],
      ["MaxTotLen", "24", "V/TotalLengthIsOverTheLimit", "./V/D/K"],
    ] as const;
    for (const [leaf, tight, over, within] of cases) {
      expect(value(tree, over)).not.toBe(414);
      expect(value(tree, within)).not.toBe(414);
      // A value Replace, not a structural change: only the limits tell the memo to forget.
      expect(tree.replace(`./DevDetail/URI/${leaf}`, { data: tight }, undefined).status).toBe(200);
      expect(value(tree, over)).toBe(414);
      expect(value(tree, within)).not.toBe(414);
      expect(tree.replace(`./DevDetail/URI/${leaf}`, { data: "0" }, undefined).status).toBe(200);
      expect(value(tree, over)).not.toBe(414);
    }
  });

  it("keeps serving a remembered URI across value Replaces that leave the limits as they were", () => {
    const tree = vendorTree();
    tree.define("./DevDetail/URI/MaxDepth", { data: "3" });
    expect(value(tree, "./V/D/K")).toBe("k");
    expect(tree.replace("./V/D/K", { data: "k2" }, "S1").status).toBe(200);
    expect(tree.replace("./DevDetail/URI/MaxDepth", { data: " 3" }, undefined).status).toBe(200);
    expect(value(tree, "./V/D/K")).toBe("k2");
    expect(tree.replace("./DevDetail/URI/MaxDepth", { data: "2" }, undefined).status).toBe(200);
    expect(value(tree, "./V/D/K")).toBe(414);
  });

  it("answers ./A/B and A/B alike, echoes the URI as given, and leaves queries to the query path", () => {
    const tree = vendorTree();
    expect(tree.get("V/D/K", "S1").results?.[0]?.uri).toBe("V/D/K");
    expect(tree.get("./V/D/K", "S1").results?.[0]?.uri).toBe("./V/D/K");
    expect(tree.get("V/D/K", "S1").results?.[0]?.uri).toBe("V/D/K");
    expect(value(tree, "./V/D/K?prop=Name")).toBe("K");
    expect(value(tree, "./V/D/K?prop=Nope")).toBe(406);
    for (const bad of ["./V/D/K/", "./V//D/K", "./V/./D/K", "/V/D/K", "./", ""])
      expect(value(tree, bad)).toBe(400);
    expect(value(tree, ".")).toBe("V");
  });
});

describe("UriCache", () => {
  const node = (name: string): TreeNode => new TreeNode(name, "chr", "", "", 0, undefined);

  it("keys a URI only when it spells the node's own path, with or without ./", () => {
    const root = node(".");
    const a = node("A");
    a.parent = root;
    const k = node("K");
    k.parent = a;
    expect(ownSpelling("./A/K", k)).toBe("./A/K");
    expect(ownSpelling("A/K", k)).toBe("A/K");
    for (const other of ["./a/K", "a/K", "A/K/", "./A/K/", ".//A/K", "./K", "K", "."])
      expect(ownSpelling(other, k), other).toBeUndefined();
    expect(ownSpelling(".", root)).toBe(".");
    expect(ownSpelling("./", root)).toBeUndefined();
    const c = new UriCache();
    expect(c.get("./A/K", noUriLimits)).toBeUndefined();
    c.remember("./A/K", k, noUriLimits);
    c.remember("A/K", k, noUriLimits);
    expect(c.size).toBe(2);
    expect(c.get("./A/K", noUriLimits)).toBe(k);
    expect(c.get("A/K", noUriLimits)).toBe(k);
    expect(c.get("./a/K", noUriLimits)).toBeUndefined();
  });

  it("forgets everything when the limits object changes", () => {
    const c = new UriCache();
    const n = node("K");
    c.get("./K", noUriLimits);
    c.remember("./K", n, noUriLimits);
    expect(c.get("./K", { maxDepth: 1, maxSegLen: 0, maxTotLen: 0 })).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it("never holds more than its bound", () => {
    const c = new UriCache();
    const n = node("K");
    c.get("./K", noUriLimits);
    for (let i = 0; i <= uriCacheLimit + 10; i++) {
      const u = `./K${i}`;
      c.remember(u, n, noUriLimits);
      expect(c.size).toBeLessThanOrEqual(uriCacheLimit);
    }
    expect(c.get(`./K${uriCacheLimit + 10}`, noUriLimits)).toBe(n);
  });

  it("remembers nothing while switched off", () => {
    const c = new UriCache();
    cacheSwitch.enabled = false;
    c.get("./K", noUriLimits);
    c.remember("./K", node("K"), noUriLimits);
    expect(c.size).toBe(0);
  });
});

// ---- random operation sequences: the caches on, the caches off, and a fresh copy agree ----

// "Inbox" exercises the Inbox facts; "A" collides with "a" in a case-insensitive tree.
const names = ["a", "A", "Inbox"] as const;
const nameArb = fc.constantFrom(...names);
const pathArb = fc.array(nameArb, { minLength: 1, maxLength: 3 }).map((s) => `./${s.join("/")}`);
const principalArb: fc.Arbitrary<Principal> = fc.constantFrom(undefined, undefined, "S1", "S2");

type Step =
  | {
      readonly op: "add";
      readonly uri: string;
      readonly interior: boolean;
      readonly data: string;
      readonly who: Principal;
    }
  | { readonly op: "replace"; readonly uri: string; readonly data: string; readonly who: Principal }
  | { readonly op: "delete"; readonly uri: string; readonly who: Principal }
  | { readonly op: "rename"; readonly uri: string; readonly to: string; readonly who: Principal }
  | { readonly op: "acl"; readonly uri: string; readonly acl: string; readonly who: Principal }
  | { readonly op: "limit"; readonly leaf: "MaxDepth" | "MaxSegLen" | "MaxTotLen"; readonly data: string }
  | { readonly op: "get"; readonly uri: string; readonly who: Principal }
  | { readonly op: "begin" | "commit" | "rollback" | "reimport" };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("add" as const),
      uri: pathArb,
      interior: fc.boolean(),
      data: fc.constantFrom("x", "€uro"),
      who: principalArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("replace" as const),
      uri: pathArb,
      // Sizes 0, 2, 7: unlike every added value's (1, 6), so a stale Size shows.
      data: fc.constantFrom("", "yy", "héllo!"),
      who: principalArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant("delete" as const), uri: pathArb, who: principalArb }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("rename" as const),
      uri: pathArb,
      to: nameArb,
      who: principalArb,
    }),
  },
  fc.record({
    op: fc.constant("acl" as const),
    uri: pathArb,
    acl: fc.constantFrom("", "Get=S1", "Get=S2&Replace=*", "Add=*&Delete=*&Get=*&Replace=*"),
    who: principalArb,
  }),
  fc.record({
    op: fc.constant("limit" as const),
    leaf: fc.constantFrom("MaxDepth" as const, "MaxSegLen" as const, "MaxTotLen" as const),
    data: fc.constantFrom("0", "1", "2", "3", "5"),
  }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant("get" as const), uri: pathArb, who: principalArb }) },
  fc.record({
    op: fc.constantFrom("begin" as const, "commit" as const, "rollback" as const, "reimport" as const),
  }),
);

/** Every URI the steps can name, in both spellings, plus the limit leaves and the root. */
const probeUris: readonly string[] = (() => {
  const out = [".", "./DevDetail/URI/MaxDepth", "DevDetail/URI/MaxTotLen"];
  const walk = (prefix: string, depth: number): void => {
    if (depth === 3) return;
    for (const n of names) {
      const p = prefix === "" ? n : `${prefix}/${n}`;
      out.push(`./${p}`, p);
      walk(p, depth + 1);
    }
  };
  walk("", 0);
  return out;
})();
const probePrincipals: readonly Principal[] = [undefined, "S1", "S2"];

function run(tree: ManagementTree, step: Step, tx: { current?: ReturnType<ManagementTree["begin"]> }): void {
  switch (step.op) {
    case "add":
      tree.add(step.uri, step.interior ? { format: "node" } : { data: step.data }, step.who);
      return;
    case "replace":
      tree.replace(step.uri, { data: step.data }, step.who);
      return;
    case "delete":
      tree.delete(step.uri, step.who);
      return;
    case "rename":
      tree.replace(`${step.uri}?prop=Name`, { data: step.to }, step.who);
      return;
    case "acl":
      tree.replace(`${step.uri}?prop=ACL`, { data: step.acl }, step.who);
      return;
    case "limit":
      tree.define(`./DevDetail/URI/${step.leaf}`, { data: step.data }, { permanent: false });
      return;
    case "get":
      tree.get(step.uri, step.who);
      return;
    case "begin":
      if (tx.current === undefined) tx.current = tree.begin();
      return;
    case "commit":
    case "rollback":
      if (step.op === "commit") tx.current?.commit();
      else tx.current?.rollback();
      tx.current = undefined;
      return;
    case "reimport":
      if (tx.current === undefined) tree.importState(tree.exportState());
      return;
  }
}

function sameGets(tree: ManagementTree, options: TreeOptions): void {
  const on: GetOutcome[] = [];
  for (const uri of probeUris)
    for (const who of probePrincipals) {
      const got = tree.get(uri, who);
      cacheSwitch.enabled = false;
      const off = tree.get(uri, who);
      cacheSwitch.enabled = true;
      expect(got, `${uri} as ${String(who)}`).toEqual(off);
      on.push(got);
    }
  // Built only now: building a tree makes every node's access facts stale (a global epoch),
  // which must not hide stale facts from the checks above.
  const copy = createTree(options);
  copy.importState(tree.exportState());
  let i = 0;
  for (const uri of probeUris)
    for (const who of probePrincipals)
      expect(copy.get(uri, who), `${uri} as ${String(who)} in a fresh copy`).toEqual(on[i++]);
}

describe("random operation sequences", () => {
  for (const caseSensitive of [true, false]) {
    it(`give the same Gets with the caches on, off and in a fresh copy (caseSensitive ${caseSensitive})`, () => {
      const options: TreeOptions = { caseSensitive, clock: () => new Date(Date.UTC(2024, 0, 1)) };
      fc.assert(
        fc.property(fc.boolean(), fc.array(stepArb, { maxLength: 30 }), (withInbox, steps) => {
          const tree = createTree(options);
          tree.define("./a", { format: "node" }, { acl: "Add=*&Delete=*&Get=*&Replace=*", permanent: false });
          if (withInbox) tree.define("./Inbox/a", { data: "x" }, { permanent: false });
          const tx: { current?: ReturnType<ManagementTree["begin"]> } = {};
          sameGets(tree, options);
          for (const step of steps) {
            run(tree, step, tx);
            sameGets(tree, options);
          }
        }),
        { numRuns: 100 },
      );
    });
  }
});
