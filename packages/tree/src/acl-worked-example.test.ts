// The ACL worked example of [TR-TND §8.3.7.1] (image 8.3.7.1.6, fact sheet §6.4), as a table.
import { describe, expect, it } from "vitest";
import { createTree } from "./management-tree.js";
import type { ManagementTree } from "./management-tree.js";

/** root Add=*&Get=*; the nodes of the figure with their ACLs. */
function exampleTree(): ManagementTree {
  const tree = createTree();
  const nodes: [string, "node" | "chr", string][] = [
    ["./NodeA", "node", "Get=ServerC&Replace=ServerC"],
    ["./NodeA/Node1", "chr", "Get=*"],
    ["./NodeB", "node", "Get=ServerA&Replace=ServerA"],
    ["./NodeB/Node2", "chr", ""],
    ["./NodeB/Node3", "node", "Get=ServerB&Replace=ServerB&Delete=ServerB"],
    ["./NodeB/Node3/Node4", "chr", ""],
    ["./NodeB/Node3/Node5", "chr", "Get=ServerA&Replace=ServerA&Get=ServerB"],
  ];
  for (const [uri, format, acl] of nodes) {
    expect(tree.add(uri, { format, data: format === "chr" ? "v" : undefined }, undefined).status).toBe(200);
    expect(tree.replace(`${uri}?prop=ACL`, { data: acl }, undefined).status).toBe(200);
  }
  return tree;
}

type Row = readonly [
  what: string,
  server: string,
  command: "Get" | "Replace" | "Delete" | "ReplaceACL",
  uri: string,
  status: number,
];

const table: readonly Row[] = [
  // Anyone can Get Node1's value.
  ["Node1 value is readable by everyone", "ServerA", "Get", "./NodeA/Node1", 200],
  ["Node1 value is readable by everyone", "ServerB", "Get", "./NodeA/Node1", 200],
  ["Node1 value is readable by everyone", "ServerC", "Get", "./NodeA/Node1", 200],
  ["Node1 value is readable by everyone", "ServerX", "Get", "./NodeA/Node1", 200],
  // Nobody can Replace or Delete Node1's value directly.
  ["Node1 value cannot be replaced", "ServerA", "Replace", "./NodeA/Node1", 425],
  ["Node1 value cannot be replaced", "ServerC", "Replace", "./NodeA/Node1", 425],
  ["Node1 cannot be deleted", "ServerC", "Delete", "./NodeA/Node1", 425],
  ["Node1 cannot be deleted", "ServerX", "Delete", "./NodeA/Node1", 425],
  // Only ServerC (Replace on the parent NodeA) can rewrite Node1's ACL in one step.
  ["ServerC rewrites Node1's ACL", "ServerC", "ReplaceACL", "./NodeA/Node1", 200],
  ["ServerA cannot rewrite Node1's ACL", "ServerA", "ReplaceACL", "./NodeA/Node1", 425],
  ["ServerB cannot rewrite Node1's ACL", "ServerB", "ReplaceACL", "./NodeA/Node1", 425],
  // ServerA can Replace Node5; ServerB may read it too (the two Get entries add up).
  ["ServerA replaces Node5", "ServerA", "Replace", "./NodeB/Node3/Node5", 200],
  ["ServerB reads Node5", "ServerB", "Get", "./NodeB/Node3/Node5", 200],
  ["ServerC cannot read Node5", "ServerC", "Get", "./NodeB/Node3/Node5", 425],
  // Node4 and Node2 inherit whole ACLs from their nearest ancestor with one.
  ["Node4 inherits Node3: ServerB reads it", "ServerB", "Get", "./NodeB/Node3/Node4", 200],
  ["Node4 inherits Node3, not NodeB: ServerA cannot read it", "ServerA", "Get", "./NodeB/Node3/Node4", 425],
  ["Node2 inherits NodeB: ServerA reads it", "ServerA", "Get", "./NodeB/Node2", 200],
  ["Node2 inherits NodeB: ServerB cannot read it", "ServerB", "Get", "./NodeB/Node2", 425],
  ["ServerB deletes Node3", "ServerB", "Delete", "./NodeB/Node3", 200],
  ["ServerA cannot delete Node3", "ServerA", "Delete", "./NodeB/Node3", 425],
  // A leaf's own Replace right does not cover its ACL; the parent's does.
  ["ServerA cannot rewrite the ACL of the leaf Node5", "ServerA", "ReplaceACL", "./NodeB/Node3/Node5", 425],
  ["ServerB (Replace on Node3) rewrites Node5's ACL", "ServerB", "ReplaceACL", "./NodeB/Node3/Node5", 200],
  // An interior node's own Replace right covers its ACL.
  ["ServerA rewrites the ACL of the interior NodeB", "ServerA", "ReplaceACL", "./NodeB", 200],
  ["ServerB cannot rewrite NodeB's ACL", "ServerB", "ReplaceACL", "./NodeB", 425],
];

describe("the ACL worked example of TND 1.2", () => {
  it.each(table)("%s (%s %s %s -> %i)", (_what, server, command, uri, status) => {
    const tree = exampleTree();
    const outcome =
      command === "Get"
        ? tree.get(uri, server)
        : command === "Replace"
          ? tree.replace(uri, { data: "new" }, server)
          : command === "Delete"
            ? tree.delete(uri, server)
            : tree.replace(`${uri}?prop=ACL`, { data: `Get=${server}&Replace=${server}` }, server);
    expect(outcome.status).toBe(status);
  });

  it("returns Node1's own ACL Get=*", () => {
    expect(exampleTree().get("./NodeA/Node1?prop=ACL", "ServerA").results?.[0]?.data).toBe("Get=*");
  });

  it("returns Node4's own, empty ACL, not the inherited one", () => {
    const r = exampleTree().get("./NodeB/Node3/Node4?prop=ACL", "ServerB");
    expect(r.status).toBe(200);
    expect(r.results?.[0]?.data).toBe("");
  });

  it("lets ServerC take over Node1: first rewrite its ACL, then replace its value", () => {
    const tree = exampleTree();
    expect(tree.replace("./NodeA/Node1", { data: "x" }, "ServerC").status).toBe(425);
    expect(tree.replace("./NodeA/Node1?prop=ACL", { data: "Get=*&Replace=ServerC" }, "ServerC").status).toBe(
      200,
    );
    expect(tree.replace("./NodeA/Node1", { data: "x" }, "ServerC").status).toBe(200);
  });
});
