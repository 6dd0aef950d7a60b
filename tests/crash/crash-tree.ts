/**
 * The device and the TNDS object of the crash-safety test: a small starter-like device whose
 * ./Vendor/Apps area belongs to server S1, and a 1,000-node TNDS Add into it (the shape a server
 * sends to install an application's configuration). The clock is fixed, so the tree after the
 * Add is the same in every process and every trial.
 */
import type { MgmtTree, TndsNode } from "@omadm/protocol";
import { encodeTnds, tndsMediaTypes } from "@omadm/protocol";
import type { ManagementTree, NodeContent, TreeOptions } from "@omadm/tree";
import { createTree } from "@omadm/tree";

/** The ServerID that sends the Add. */
export const crashServerId = "S1";

/** Where the TNDS object is added (its top node lands under it). */
export const crashAddTarget = "./Vendor/Apps";

/** The URI of the top node of the added object. */
export const crashAddedRoot = `${crashAddTarget}/Pkg`;

/** Nodes in the TNDS object. */
export const crashTndsNodeCount = 1000;

const fixedNow = Date.UTC(2024, 5, 1, 12, 0, 0);

/** A fixed clock: the TStamps the Add writes are the same in every process. */
export const crashTreeOptions: TreeOptions = { clock: () => new Date(fixedNow) };

/** A new tree with the fixed clock. */
export function crashTree(): ManagementTree {
  return createTree(crashTreeOptions);
}

/**
 * The markers the child prints (`<phase> <turn> <ms>`), in the order of a turn: `save-after`
 * starts the save of the tree after the Add, `saved-after` follows its end; the same for the
 * save of the tree before.
 */
export const crashPhases = [
  "ready",
  "load",
  "apply",
  "save-after",
  "saved-after",
  "save-before",
  "saved-before",
] as const;
export type CrashPhase = (typeof crashPhases)[number];

/** The device before the Add: DevInfo, DevDetail, a DMAcc for S1, and ./Vendor/Apps owned by S1. */
export function buildCrashDevice(tree: ManagementTree): void {
  const define = (uri: string, content: NodeContent, acl?: string): void => {
    const outcome = tree.define(uri, content, acl === undefined ? {} : { acl });
    if (outcome.status !== 200) throw new Error(`define ${uri}: ${outcome.status}`);
  };
  define("./DevInfo/DevId", { data: "IMEI:490154203237518" }, "Get=*");
  define("./DevInfo/Man", { data: "omadm" });
  define("./DevInfo/Mod", { data: "crash-test" });
  define("./DevInfo/DmV", { data: "1.2" });
  define("./DevInfo/Lang", { data: "en-US" });
  define("./DevDetail/FwV", { data: "1.0.0" }, "Get=*");
  define("./DMAcc/S1/ServerID", { data: crashServerId }, "Get=S1&Replace=S1");
  define("./DMAcc/S1/Name", { data: "Crash test server" });
  define("./DMAcc/S1/AppAuth/1/AAuthSecret", { data: "s3cret" });
  define("./Vendor/Apps", { format: "node" }, "Add=S1&Delete=S1&Get=S1&Replace=S1");
}

/** The TNDS object: Pkg with 111 interior nodes of 8 leaves each (1 + 111 + 888 = 1,000 nodes). */
export function crashTnds(): MgmtTree {
  const groups: TndsNode[] = [];
  for (let g = 0; g < 111; g++) {
    const leaves: TndsNode[] = [];
    for (let l = 0; l < 8; l++) {
      leaves.push({
        nodeName: `Setting${l}`,
        rtProperties: { format: "chr", type: { kind: "MIME", value: "text/plain" } },
        value: `value ${g}.${l} of the crash-test application configuration`,
        children: [],
      });
    }
    groups.push({
      nodeName: `Group${g}`,
      rtProperties: { format: "node", type: { kind: "DDFName", value: "" } },
      children: leaves,
    });
  }
  return {
    verDtd: "1.2",
    nodes: [
      {
        nodeName: "Pkg",
        rtProperties: { format: "node", type: { kind: "DDFName", value: "urn:x-omadm:crash-test:1.0" } },
        children: groups,
      },
    ],
  };
}

/** The Add command's Item: the TNDS object as XML, as a server sends it. */
export function crashAddContent(): NodeContent {
  return {
    type: tndsMediaTypes.tndsXml,
    format: "xml",
    data: new TextDecoder().decode(encodeTnds(crashTnds(), { encoding: "xml" })),
  };
}
