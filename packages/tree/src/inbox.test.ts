import { moId } from "@omadm/protocol";
import { describe, expect, it } from "vitest";
import { createTree } from "./management-tree.js";
import type { ManagementTree } from "./management-tree.js";
import type { MoRegistry } from "./tree-api.js";

const registry: MoRegistry = {
  placement: (moid) => (moid === moId.dmAcc ? "./DMAcc" : undefined),
};

function inboxTree(): ManagementTree {
  const tree = createTree({ moRegistry: registry });
  tree.define("./Inbox", { format: "node", type: moId.inbox }, { acl: "Add=*" });
  tree.define("./DMAcc", { format: "node" }, { acl: "Get=*" });
  return tree;
}

describe("./Inbox", () => {
  it("relocates an added MO by its identifier", () => {
    const tree = inboxTree();
    const out = tree.add("./Inbox/Acc1", { format: "node", type: moId.dmAcc }, "S1");
    expect(out).toEqual({ status: 200, uri: "./DMAcc/Acc1" });
    expect(tree.get("./DMAcc/Acc1?prop=Type", undefined).results?.[0]?.data).toBe(moId.dmAcc);
    expect(tree.get("./Inbox", undefined).results?.[0]?.data).toBe("");
  });

  it("gives the relocated MO the new-interior-node ACL of the adding server", () => {
    const tree = inboxTree();
    tree.add("./Inbox/Acc1", { format: "node", type: moId.dmAcc }, "S1");
    expect(tree.get("./DMAcc/Acc1?prop=ACL", undefined).results?.[0]?.data).toBe(
      "Add=S1&Delete=S1&Replace=S1",
    );
  });

  it("answers 405 to any Get at or below ./Inbox", () => {
    const tree = inboxTree();
    expect(tree.get("./Inbox", "S1").status).toBe(405);
    expect(tree.get("./Inbox?prop=ACL", "S1").status).toBe(405);
    expect(tree.get("./Inbox?list=Struct", "S1").status).toBe(405);
  });

  it("leaves ./Inbox out of listings", () => {
    const tree = inboxTree();
    expect(tree.get(".?list=Struct", "S1").results?.map((i) => i.uri)).toEqual([".", "./DMAcc"]);
  });

  it("refuses an MO the device does not know with 415", () => {
    expect(inboxTree().add("./Inbox/X", { format: "node", type: "urn:x:unknown:1.0" }, "S1").status).toBe(
      415,
    );
  });

  it("refuses every MO by default (no registry): 415", () => {
    const tree = createTree();
    tree.define("./Inbox", { format: "node" }, { acl: "Add=*" });
    expect(tree.add("./Inbox/A", { format: "node", type: moId.dmAcc }, "S1").status).toBe(415);
  });

  it("refuses an Add deeper than a direct child with 405", () => {
    expect(inboxTree().add("./Inbox/A/B", { data: "x" }, "S1").status).toBe(405);
  });

  it("answers 418 when the relocated name exists", () => {
    const tree = inboxTree();
    tree.add("./Inbox/Acc1", { format: "node", type: moId.dmAcc }, "S1");
    expect(tree.add("./Inbox/Acc1", { format: "node", type: moId.dmAcc }, "S1").status).toBe(418);
  });

  it("honours the ACL of ./Inbox (425)", () => {
    const tree = inboxTree();
    tree.replace("./Inbox?prop=ACL", { data: "Add=S2" }, undefined);
    expect(tree.add("./Inbox/Acc1", { format: "node", type: moId.dmAcc }, "S1").status).toBe(425);
  });

  it("places each top-level node of a TNDS object added to ./Inbox", () => {
    const tree = inboxTree();
    const tnds = `<MgmtTree xmlns="syncml:dmddf1.2"><VerDTD>1.2</VerDTD>
      <Node><NodeName>Srv</NodeName><RTProperties><Format><node/></Format><Type><DDFName>${moId.dmAcc}</DDFName></Type></RTProperties>
        <Node><NodeName>ServerID</NodeName><RTProperties><Type><MIME>text/plain</MIME></Type></RTProperties><Value>srv.example</Value></Node>
      </Node></MgmtTree>`;
    const out = tree.add("./Inbox", { type: "application/vnd.syncml.dmtnds+xml", data: tnds }, "S1");
    expect(out).toEqual({ status: 200, uri: "./DMAcc/Srv" });
    expect(tree.get("./DMAcc/Srv/ServerID", undefined).results?.[0]?.data).toBe("srv.example");
  });
});
