/**
 * The tree the tree benchmark measures: a device with the standard objects and 2,000 application
 * instances under ./Apps, each added by server S1 as one TNDS object (the way a server installs
 * them), so every interior node the server created carries the ACL the tree gives it.
 *
 *   ./Apps/App<i>            interior (S1's ACL)     x 2,000
 *     Name, Version          leaves                  x 2
 *     Settings/Key<k>        interior + 30 leaves
 *     State/Counter<k>       interior + 15 leaves
 *
 * 6,001 interior nodes under ./Apps and 94,000 leaves: about 100,000 nodes.
 */
import type { MgmtTree, TndsNode } from "@omadm/protocol";
import { encodeTnds, tndsMediaTypes } from "@omadm/protocol";
import type { ManagementTree } from "@omadm/tree";
import { createTree } from "@omadm/tree";

export const benchServerId = "S1";
export const appCount = 2000;
const settingsPerApp = 30;
const countersPerApp = 15;

const fixedNow = Date.UTC(2024, 5, 1, 12, 0, 0);

function leaf(name: string, value: string, format: "chr" | "int" = "chr"): TndsNode {
  return {
    nodeName: name,
    rtProperties: { format, type: { kind: "MIME", value: "text/plain" } },
    value,
    children: [],
  };
}

function interior(name: string, children: TndsNode[], type = ""): TndsNode {
  return {
    nodeName: name,
    rtProperties: { format: "node", type: { kind: "DDFName", value: type } },
    children,
  };
}

/** The TNDS object of application `i` (48 nodes). */
export function appTnds(i: number): MgmtTree {
  const settings: TndsNode[] = [];
  for (let k = 0; k < settingsPerApp; k++) settings.push(leaf(`Key${k}`, `setting ${k} of application ${i}`));
  const counters: TndsNode[] = [];
  for (let k = 0; k < countersPerApp; k++)
    counters.push(leaf(`Counter${k}`, String((i * 31 + k) % 100000), "int"));
  return {
    verDtd: "1.2",
    nodes: [
      interior(
        `App${i}`,
        [
          leaf("Name", `com.example.app${i}`),
          leaf("Version", `1.${i % 10}.${i % 7}`),
          interior("Settings", settings),
          interior("State", counters),
        ],
        "urn:x-omadm:bench-app:1.0",
      ),
    ],
  };
}

/** The device: standard objects, an account for S1, ./Apps owned by S1, and the 2,000 apps. */
export function buildBenchTree(): ManagementTree {
  const tree = createTree({ clock: () => new Date(fixedNow) });
  const define = (uri: string, data: string, acl?: string): void => {
    const outcome = tree.define(uri, { data }, acl === undefined ? {} : { acl });
    if (outcome.status !== 200) throw new Error(`define ${uri}: ${outcome.status}`);
  };
  define("./DevInfo/DevId", "IMEI:490154203237518", "Get=*");
  define("./DevInfo/Man", "omadm");
  define("./DevInfo/Mod", "bench");
  define("./DevInfo/DmV", "1.2");
  define("./DevInfo/Lang", "en-US");
  define("./DevDetail/FwV", "1.0.0", "Get=*");
  define("./DMAcc/S1/ServerID", benchServerId, "Get=S1&Replace=S1");
  define("./DMAcc/S1/AppAuth/1/AAuthSecret", "s3cret");
  const apps = tree.define("./Apps", { format: "node" }, { acl: "Add=S1&Delete=S1&Get=S1&Replace=S1" });
  if (apps.status !== 200) throw new Error(`define ./Apps: ${apps.status}`);
  for (let i = 0; i < appCount; i++) {
    const data = new TextDecoder().decode(encodeTnds(appTnds(i), { encoding: "xml" }));
    const outcome = tree.add("./Apps", { type: tndsMediaTypes.tndsXml, format: "xml", data }, benchServerId);
    if (outcome.status !== 200) throw new Error(`TNDS Add of App${i}: ${outcome.status}`);
  }
  return tree;
}

/** Counts the nodes of a tree (root included) from its exported state. */
export function countNodes(tree: ManagementTree): { nodes: number; interior: number; leaves: number } {
  let interiorCount = 0;
  let leaves = 0;
  const stack = [tree.exportState().root];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (n.format === "node") {
      interiorCount++;
      if (n.children !== undefined) stack.push(...n.children);
    } else leaves++;
  }
  return { nodes: interiorCount + leaves, interior: interiorCount, leaves };
}

/** Leaf URIs spread over the whole tree, in a fixed shuffled order (no cache-friendly walk). */
export function leafUris(count: number, kind: "setting" | "counter"): string[] {
  const out: string[] = [];
  let x = 0x9e3779b9;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const r = x >>> 0;
    const app = r % appCount;
    out.push(
      kind === "setting"
        ? `./Apps/App${app}/Settings/Key${(r >>> 11) % settingsPerApp}`
        : `./Apps/App${app}/State/Counter${(r >>> 11) % countersPerApp}`,
    );
  }
  return out;
}
