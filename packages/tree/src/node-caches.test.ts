// The facts a Get reads from a node instead of recomputing them: the inherited ACL and Inbox
// membership (TreeCore.refreshAccess) and the Size of the stored value (TreeNode.valueSize).
import { describe, expect, it } from "vitest";
import { createTree } from "./management-tree.js";
import type { ManagementTree } from "./management-tree.js";
import type { Principal } from "./tree-api.js";

/** ./V (ACL Get=S1 for S1 only) holding ./V/D/K = "k", which inherit it. */
function aclTree(): ManagementTree {
  const tree = createTree();
  expect(tree.define("./V/D/K", { data: "k" }, { permanent: false }).status).toBe(200);
  expect(tree.replace("./V?prop=ACL", { data: "Get=S1&Replace=S1" }, undefined).status).toBe(200);
  return tree;
}

const status = (tree: ManagementTree, uri: string, who: Principal): number => tree.get(uri, who).status;

describe("the inherited ACL a Get reads from the node", () => {
  it("follows an ACL change on an ancestor at once, and its rollback", () => {
    const tree = aclTree();
    expect(status(tree, "./V/D/K", "S1")).toBe(200);
    expect(status(tree, "./V/D/K", "S2")).toBe(425);
    const tx = tree.begin();
    expect(tree.replace("./V?prop=ACL", { data: "Get=S2&Replace=S2" }, "S1").status).toBe(200);
    expect(status(tree, "./V/D/K", "S1")).toBe(425);
    expect(status(tree, "./V/D/K", "S2")).toBe(200);
    expect(tx.rollback().status).toBe(200);
    expect(status(tree, "./V/D/K", "S1")).toBe(200);
    expect(status(tree, "./V/D/K", "S2")).toBe(425);
  });

  it("follows an ACL set on the node itself and on the parent in between, and their removal", () => {
    const tree = aclTree();
    expect(status(tree, "./V/D/K", "S2")).toBe(425);
    expect(tree.replace("./V/D/K?prop=ACL", { data: "Get=S2" }, undefined).status).toBe(200);
    expect(status(tree, "./V/D/K", "S2")).toBe(200);
    expect(status(tree, "./V/D", "S2")).toBe(425);
    expect(tree.replace("./V/D?prop=ACL", { data: "Get=*" }, undefined).status).toBe(200);
    expect(status(tree, "./V/D", "S2")).toBe(200);
    expect(tree.replace("./V/D/K?prop=ACL", { data: "" }, undefined).status).toBe(200);
    expect(status(tree, "./V/D/K", "S2")).toBe(200);
    expect(tree.replace("./V/D?prop=ACL", { data: "" }, undefined).status).toBe(200);
    expect(status(tree, "./V/D/K", "S2")).toBe(425);
  });

  it("follows removeServer and importState", () => {
    const tree = aclTree();
    expect(tree.replace(".?prop=ACL", { data: "Add=*" }, undefined).status).toBe(200);
    expect(status(tree, "./V/D/K", "S1")).toBe(200);
    // ./V's ACL loses its only id and becomes "": ./V/D/K now inherits the root's Add=*.
    tree.removeServer("S1");
    expect(status(tree, "./V/D/K", "S1")).toBe(425);
    const other = aclTree();
    tree.importState(other.exportState());
    expect(status(tree, "./V/D/K", "S1")).toBe(200);
  });

  it("makes a subtree unreadable for servers once it becomes ./Inbox, and readable again after", () => {
    const tree = createTree();
    expect(tree.define("./X/Y", { data: "y" }, { permanent: false }).status).toBe(200);
    expect(status(tree, "./X/Y", "S1")).toBe(200);
    expect(tree.replace("./X?prop=Name", { data: "Inbox" }, undefined).status).toBe(200);
    expect(status(tree, "./Inbox/Y", "S1")).toBe(405);
    expect(status(tree, "./Inbox/Y", undefined)).toBe(200);
    expect(tree.replace("./Inbox?prop=Name", { data: "X" }, undefined).status).toBe(200);
    expect(status(tree, "./X/Y", "S1")).toBe(200);
  });

  it("gives a node below ./Inbox the Inbox fact of an ancestor whose facts are current", () => {
    const tree = createTree();
    expect(tree.define("./Inbox/Y/Z", { data: "z" }, { permanent: false }).status).toBe(200);
    // Any ACL change makes every node's facts stale; then the ancestors are checked first.
    expect(tree.replace(".?prop=ACL", { data: "Add=*&Get=*&Replace=*" }, undefined).status).toBe(200);
    expect(status(tree, "./Inbox", "S1")).toBe(405);
    expect(status(tree, "./Inbox/Y", "S1")).toBe(405);
    expect(status(tree, "./Inbox/Y/Z", "S1")).toBe(405);
  });

  it("makes a subtree readable once the ./Inbox above it is deleted and a new ./Inbox is not its parent", () => {
    const tree = createTree();
    expect(tree.define("./Inbox/Y", { data: "y" }, { permanent: false }).status).toBe(200);
    expect(tree.define("./Z", { data: "z" }, { permanent: false }).status).toBe(200);
    expect(status(tree, "./Inbox/Y", "S1")).toBe(405);
    expect(status(tree, "./Z", "S1")).toBe(200);
    const tx = tree.begin();
    expect(tree.delete("./Inbox", undefined).status).toBe(200);
    expect(tree.define("./Inbox", { format: "node" }, { permanent: false }).status).toBe(200);
    expect(status(tree, "./Inbox", "S1")).toBe(405);
    expect(status(tree, "./Z", "S1")).toBe(200);
    expect(tx.rollback().status).toBe(200);
    expect(status(tree, "./Inbox/Y", "S1")).toBe(405);
  });
});

describe("the Size a Get reads from the node", () => {
  const size = (tree: ManagementTree, uri: string): unknown => tree.get(uri, undefined).results?.[0]?.size;
  const sizeProp = (tree: ManagementTree, uri: string): unknown =>
    tree.get(`${uri}?prop=Size`, undefined).results?.[0]?.data;

  it("follows every value change and its rollback, counting UTF-8 bytes", () => {
    const tree = createTree();
    expect(tree.define("./L", { data: "abc" }).status).toBe(200);
    expect(size(tree, "./L")).toBe(3);
    expect(tree.replace("./L", { data: "€" }, undefined).status).toBe(200);
    expect(size(tree, "./L")).toBe(3);
    expect(sizeProp(tree, "./L")).toBe("3");
    expect(tree.replace("./L", { data: "héllo" }, undefined).status).toBe(200);
    expect(size(tree, "./L")).toBe(6);
    const tx = tree.begin();
    expect(tree.replace("./L", { data: "" }, undefined).status).toBe(200);
    expect(size(tree, "./L")).toBe(0);
    expect(tx.rollback().status).toBe(200);
    expect(size(tree, "./L")).toBe(6);
    expect(tree.replace("./L", { format: "b64", data: "AAECAw==" }, undefined).status).toBe(200);
    expect(size(tree, "./L")).toBe(4);
    expect(sizeProp(tree, "./L")).toBe("4");
    expect(tree.get(".?list=StructData", undefined).results?.find((r) => r.uri === "./L")?.size).toBe(4);
  });

  it("is a handler's value's size when a handler supplies the value", () => {
    const tree = createTree();
    expect(tree.define("./H", { data: "stored" }).status).toBe(200);
    expect(size(tree, "./H")).toBe(6);
    let live = "é";
    expect(tree.mount("./H", { get: () => ({ status: 200, data: live }) }).status).toBe(200);
    expect(size(tree, "./H")).toBe(2);
    live = "live value";
    expect(size(tree, "./H")).toBe(10);
    expect(sizeProp(tree, "./H")).toBe("10");
    expect(tree.unmount("./H").status).toBe(200);
    expect(size(tree, "./H")).toBe(6);
  });
});
