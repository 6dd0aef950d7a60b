/**
 * Structure-aware generation: random but well-formed SyncML DM messages, element trees and TNDS
 * trees drawn from a Prng, so the decoders' deep paths (typed mapping, embedded documents,
 * code-page switches, string tables) see valid input and, after mutation, almost-valid input.
 */
import type {
  Command,
  Element,
  Item,
  Location,
  Meta,
  MgmtTree,
  Status,
  SyncMLMessage,
  TndsNode,
} from "@omadm/protocol";
import type { Prng } from "./prng.js";

const textPool = [
  "",
  " ",
  "0",
  "200",
  "1201",
  "./DevInfo/DevId",
  "./Ext/a b/c",
  "IMEI:493005100592800",
  "https://dm.example.com/omadm?s=1&t=2",
  "a < b && c > d",
  "]]>",
  "<![CDATA[x]]>",
  "Grüße 東京 🚀",
  "\t line\nbreak \r\n",
  "text/plain",
  "application/vnd.syncml.dmtnds+xml",
  "syncml:auth-md5",
  "U2N0czpTYW1wbGVDbGllbnQ=",
  "MAXDT=15&DR=1",
  "-1",
  "4294967296",
];

const charPool = "abcXYZ019 ./?=&<>\"'-_:+é東🚀\u0001\t\n";

function randomText(rng: Prng): string {
  if (rng.chance(0.6)) return rng.pick(textPool);
  const n = rng.smallLength(80);
  let s = "";
  const chars = Array.from(charPool);
  for (let i = 0; i < n; i++) s += rng.pick(chars);
  return s;
}

/** Text that survives XML: no C0 controls other than tab/newline, no lone CR (normalised away). */
function xmlSafeText(rng: Prng): string {
  return randomText(rng).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\r]/g, "");
}

function location(rng: Prng): Location {
  const locUri = rng.chance(0.3)
    ? rng.pick(textPool.slice(5, 9))
    : `./${xmlSafeText(rng).replace(/\s/g, "") || "x"}`;
  return rng.chance(0.2) ? { locUri, locName: "user" } : { locUri };
}

function meta(rng: Prng): Meta {
  const m: { -readonly [K in keyof Meta]: Meta[K] } = {};
  if (rng.chance(0.6)) m.format = rng.pick(["chr", "int", "bool", "b64", "bin", "node", "xml", "null"]);
  if (rng.chance(0.5))
    m.type = rng.pick(["text/plain", "application/octet-stream", "urn:oma:mo:oma-fumo:1.0"]);
  if (rng.chance(0.1)) m.mark = rng.pick(["critical", "informational"]);
  if (rng.chance(0.2)) m.size = rng.int(100000);
  if (rng.chance(0.1)) m.nextNonce = "bm9uY2U=";
  if (rng.chance(0.05)) m.version = "1.0";
  if (rng.chance(0.1)) m.maxMsgSize = rng.range(1000, 65535);
  if (rng.chance(0.1)) m.maxObjSize = rng.range(1000, 1 << 20);
  if (rng.chance(0.05)) m.emi = ["x-a", "x-b"].slice(0, rng.range(1, 2));
  return m;
}

/** A random element tree in one namespace, for the XML and WBXML codecs. */
export function randomElement(rng: Prng, names: readonly string[], ns: string, depth = 0): Element {
  const children: (Element | string)[] = [];
  const n = depth > 5 ? 0 : rng.int(4);
  if (rng.chance(0.4)) children.push(xmlSafeText(rng) || "t");
  else for (let i = 0; i < n; i++) children.push(randomElement(rng, names, ns, depth + 1));
  return { name: rng.pick(names), ns, children };
}

function mgmtTreeElement(rng: Prng): Element {
  const ns = "syncml:dmddf1.2";
  const leaf = (name: string, value: string): Element => ({
    name: "Node",
    ns,
    children: [
      { name: "NodeName", ns, children: [name] },
      {
        name: "RTProperties",
        ns,
        children: [{ name: "Format", ns, children: [{ name: "chr", ns, children: [] }] }],
      },
      { name: "Value", ns, children: [value] },
    ],
  });
  const nodes: Element[] = [];
  for (let i = rng.range(1, 3); i > 0; i--) nodes.push(leaf(`N${i}`, xmlSafeText(rng) || "v"));
  return {
    name: "MgmtTree",
    ns,
    children: [
      { name: "VerDTD", ns, children: ["1.2"] },
      { name: "Node", ns, children: [{ name: "NodeName", ns, children: ["Root"] }, ...nodes] },
    ],
  };
}

function item(rng: Prng): Item {
  const it: { -readonly [K in keyof Item]: Item[K] } = {};
  if (rng.chance(0.7)) it.target = location(rng);
  if (rng.chance(0.3)) it.source = location(rng);
  if (rng.chance(0.4)) it.meta = meta(rng);
  if (rng.chance(0.05)) {
    it.meta = { format: "xml", type: "application/vnd.syncml.dmtnds+xml" };
    it.data = mgmtTreeElement(rng);
  } else if (rng.chance(0.6)) {
    it.data = xmlSafeText(rng);
  }
  if (rng.chance(0.05)) it.moreData = true;
  return it;
}

function items(rng: Prng, min: number): Item[] {
  const out: Item[] = [];
  for (let i = rng.range(min, 3); i > 0; i--) out.push(item(rng));
  return out;
}

function status(rng: Prng, cmdId: number): Status {
  return {
    kind: "Status",
    cmdId,
    msgRef: rng.range(1, 9),
    cmdRef: rng.int(20),
    cmd: rng.pick(["SyncHdr", "Add", "Get", "Alert", "Replace", "Exec", "Atomic"]),
    targetRefs: rng.chance(0.4) ? [location(rng).locUri] : [],
    sourceRefs: rng.chance(0.2) ? [location(rng).locUri] : [],
    ...(rng.chance(0.1)
      ? { chal: { meta: { type: "syncml:auth-md5", format: "b64", nextNonce: "bm9uY2U=" } } }
      : {}),
    data: rng.pick([200, 212, 213, 401, 404, 500, 507]),
    items: rng.chance(0.2) ? items(rng, 1) : [],
  };
}

function command(rng: Prng, cmdId: () => number, depth: number): Command {
  const k = rng.int(depth > 2 ? 10 : 12);
  const id = cmdId();
  switch (k) {
    case 0:
      return {
        kind: "Add",
        cmdId: id,
        items: items(rng, 1),
        ...(rng.chance(0.2) ? { meta: meta(rng) } : {}),
      };
    case 1:
      return { kind: "Replace", cmdId: id, items: items(rng, 1) };
    case 2:
      return { kind: "Delete", cmdId: id, items: items(rng, 1) };
    case 3:
      return { kind: "Copy", cmdId: id, items: items(rng, 1) };
    case 4:
      return { kind: "Get", cmdId: id, items: items(rng, 1) };
    case 5:
      return {
        kind: "Alert",
        cmdId: id,
        data: rng.pick([1100, 1101, 1200, 1201, 1222, 1223, 1224, 1226]),
        ...(rng.chance(0.2) ? { correlator: "c-1" } : {}),
        items: items(rng, 0),
      };
    case 6:
      return { kind: "Exec", cmdId: id, ...(rng.chance(0.3) ? { correlator: "c-2" } : {}), item: item(rng) };
    case 7:
    case 8:
      return status(rng, id);
    case 9:
      return { kind: "Results", cmdId: id, msgRef: 1, cmdRef: rng.int(20), items: items(rng, 1) };
    case 10: {
      const commands: Command[] = [];
      for (let i = rng.range(1, 3); i > 0; i--) commands.push(command(rng, cmdId, depth + 1));
      return { kind: "Atomic", cmdId: id, commands };
    }
    default: {
      const commands: Command[] = [];
      for (let i = rng.range(1, 3); i > 0; i--) commands.push(command(rng, cmdId, depth + 1));
      return { kind: "Sequence", cmdId: id, commands };
    }
  }
}

/** A random SyncML DM 1.2 (or 1.1) message. */
export function randomMessage(rng: Prng): SyncMLMessage {
  let next = 1;
  const cmdId = (): number => next++;
  const body: Command[] = [];
  for (let i = rng.range(0, 6); i > 0; i--) body.push(command(rng, cmdId, 0));
  const v11 = rng.chance(0.1);
  return {
    header: {
      verDtd: v11 ? "1.1" : "1.2",
      verProto: v11 ? "DM/1.1" : "DM/1.2",
      sessionId: String(rng.int(0xffff)),
      msgId: rng.range(1, 20),
      target: location(rng),
      source: location(rng),
      ...(rng.chance(0.2) ? { respUri: "https://dm.example.com/s?1" } : {}),
      ...(rng.chance(0.3)
        ? { cred: { meta: { type: "syncml:auth-basic", format: "b64" }, data: "dTpw" } }
        : {}),
      ...(rng.chance(0.3) ? { meta: { maxMsgSize: rng.range(1000, 65535) } } : {}),
    },
    body,
    final: rng.chance(0.8),
  };
}

/** A random TNDS tree (values, RTProperties, DFProperties), for encodeTnds. */
export function randomMgmtTree(rng: Prng): MgmtTree {
  const node = (depth: number): TndsNode => {
    const interior = depth < 3 && rng.chance(0.4);
    const children: TndsNode[] = [];
    if (interior) for (let i = rng.range(1, 3); i > 0; i--) children.push(node(depth + 1));
    return {
      nodeName: rng.chance(0.1) ? "" : `n${rng.int(100)}`,
      ...(rng.chance(0.6)
        ? {
            rtProperties: {
              format: interior ? "node" : rng.pick(["chr", "int", "bool", "b64"] as const),
              type: interior
                ? { kind: "DDFName", value: "urn:oma:mo:x:1.0" }
                : { kind: "MIME", value: "text/plain" },
              ...(rng.chance(0.3) ? { acl: "Get=*" } : {}),
            },
          }
        : {}),
      ...(rng.chance(0.3)
        ? {
            dfProperties: {
              accessType: ["Get", "Replace"] as const,
              dfFormat: interior ? "node" : "chr",
              occurrence: { kind: "One" },
              dfType: { kind: "MIME", values: ["text/plain"] },
            },
          }
        : {}),
      ...(interior ? {} : { value: xmlSafeText(rng) }),
      children,
    };
  };
  const nodes: TndsNode[] = [];
  for (let i = rng.range(1, 3); i > 0; i--) nodes.push(node(0));
  return { verDtd: "1.2", nodes };
}
