import { OmaDmError } from "@omadm/protocol";
import { describe, expect, it } from "vitest";
import { createTree } from "./management-tree.js";
import type { ManagementTree } from "./management-tree.js";
import type { TreeChange } from "./tree-api.js";

function tickingTree(): ManagementTree {
  let now = Date.UTC(2024, 0, 1);
  const tree = createTree({ clock: () => new Date((now += 1000)) });
  tree.add("./S", { format: "node" }, undefined);
  tree.replace("./S?prop=ACL", { data: "Add=*&Delete=*&Get=*&Replace=*" }, undefined);
  for (const n of ["a", "b", "c", "d"]) tree.add(`./S/${n}`, { data: n }, undefined);
  tree.add("./S/dir/x", { format: "int", data: "1" }, undefined);
  return tree;
}

const snapshot = (tree: ManagementTree): string => JSON.stringify(tree.exportState());

describe("transactions (Atomic)", () => {
  it("rolls back adds, replaces, deletes, renames and ACL changes to the exact prior state", () => {
    const tree = tickingTree();
    const before = snapshot(tree);
    const tx = tree.begin();
    expect(tree.add("./S/e", { data: "e" }, "S1").status).toBe(200);
    expect(tree.add("./S/new/deep/leaf", { data: "z" }, "S1").status).toBe(200);
    expect(tree.replace("./S/a", { data: "A" }, "S1").status).toBe(200);
    expect(tree.delete("./S/b", "S1").status).toBe(200);
    expect(tree.replace("./S/c?prop=Name", { data: "C" }, "S1").status).toBe(200);
    expect(tree.replace("./S/d?prop=Title", { data: "title" }, "S1").status).toBe(200);
    expect(tree.replace("./S/d?prop=ACL", { data: "Get=S1" }, "S1").status).toBe(200);
    expect(tree.delete("./S/dir", "S1").status).toBe(200);
    expect(tree.copy("./S/a2", "./S/a", "S1").status).toBe(200);
    expect(snapshot(tree)).not.toBe(before);
    expect(tx.rollback()).toEqual({ status: 200 });
    expect(snapshot(tree)).toBe(before);
    expect(tree.get("./S", "S1").results?.[0]?.data).toBe("a/b/c/d/dir");
    expect(tx.open).toBe(false);
  });

  it("restores a node deleted from the middle at its old position", () => {
    const tree = tickingTree();
    const before = snapshot(tree);
    const tx = tree.begin();
    tree.delete("./S/b", "S1");
    tree.add("./S/b", { data: "again" }, "S1");
    tx.rollback();
    expect(snapshot(tree)).toBe(before);
  });

  it("keeps the changes on commit", () => {
    const tree = tickingTree();
    const tx = tree.begin();
    tree.replace("./S/a", { data: "A" }, "S1");
    tx.commit();
    expect(tree.get("./S/a", "S1").results?.[0]?.data).toBe("A");
    expect(tree.inTransaction).toBe(false);
  });

  it("keeps earlier changes of the transaction when one command fails", () => {
    const tree = tickingTree();
    const tx = tree.begin();
    tree.replace("./S/a", { data: "A" }, "S1");
    expect(tree.add("./S/a/child", { data: "x" }, "S1").status).toBe(405);
    expect(tree.get("./S/a", "S1").results?.[0]?.data).toBe("A");
    tx.rollback();
    expect(tree.get("./S/a", "S1").results?.[0]?.data).toBe("a");
  });

  it("refuses a second transaction while one is open (no nested Atomic)", () => {
    const tree = tickingTree();
    const tx = tree.begin();
    expect(() => tree.begin()).toThrow(OmaDmError);
    tx.commit();
    expect(() => tree.begin().commit()).not.toThrow();
  });

  it("reports 516 when a handler will not take its old value back, and restores the rest", () => {
    const tree = tickingTree();
    let value = "h0";
    let refuse = false;
    tree.mount("./S/a", {
      get: () => ({ status: 200, data: value }),
      set: (_uri, v) => {
        if (refuse) return 500;
        value = String(v);
        return 200;
      },
    });
    const tx = tree.begin();
    tree.replace("./S/a", { data: "h1" }, "S1");
    tree.replace("./S/b", { data: "B" }, "S1");
    refuse = true;
    expect(tx.rollback()).toEqual({ status: 516 });
    expect(tree.get("./S/b", "S1").results?.[0]?.data).toBe("b");
  });

  it("calls a handler with the old value on rollback", () => {
    const tree = tickingTree();
    let value = "h0";
    tree.mount("./S/a", {
      get: () => ({ status: 200, data: value }),
      set: (_uri, v) => {
        value = String(v);
        return 200;
      },
    });
    const tx = tree.begin();
    tree.replace("./S/a", { data: "h1" }, "S1");
    expect(value).toBe("h1");
    expect(tx.rollback().status).toBe(200);
    expect(value).toBe("h0");
  });

  it("tells listeners where the transaction begins, and that it ended", () => {
    const tree = tickingTree();
    const seen: TreeChange[] = [];
    tree.onChange((c) => seen.push(c));
    const tx = tree.begin();
    tree.replace("./S/a", { data: "A" }, "S1");
    tx.rollback();
    expect(seen).toEqual([{ kind: "begin" }, { kind: "change", uri: "./S/a" }, { kind: "rollback" }]);
  });
});
