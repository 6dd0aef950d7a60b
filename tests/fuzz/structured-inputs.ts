/**
 * Structure-aware input makers: each draws a random valid model from the Prng and encodes it
 * with our own encoder, so a decoder sees well-formed input (and, after mutation, nearly
 * well-formed input) that reaches its deep paths. Keyed by the decoder they feed.
 */
import {
  encodeCp,
  encodeDm2Commands,
  encodeDm2Notification,
  encodeDm2Status,
  encodePackage0,
  encodeSyncML,
  encodeTnds,
  encodeTnds20,
  encodeWbxml,
  encodeWspPush,
  encodeXml,
  formatHmacHeader,
  segmentForSms,
  uiModes,
  initiators,
} from "@omadm/protocol";
import type {
  CpCharacteristic,
  CpNode,
  Dm2Command,
  Element,
  SyncMLMessage,
  Tnds20Node,
} from "@omadm/protocol";
import fc from "fast-check";
import { syncmlMessage } from "../support/syncml-arbitraries.js";
import type { Prng } from "./prng.js";
import { randomElement, randomMessage, randomMgmtTree } from "./random-messages.js";

export type InputMaker = (rng: Prng) => Uint8Array;

const encoder = new TextEncoder();

const syncmlNames = [
  "SyncML",
  "SyncHdr",
  "SyncBody",
  "Add",
  "Item",
  "Target",
  "LocURI",
  "Data",
  "Meta",
  "CmdID",
];
const metinfNames = ["Format", "Type", "Size", "MaxMsgSize", "NextNonce"];
const dmddfNames = ["MgmtTree", "Node", "NodeName", "RTProperties", "Format", "Value", "ACL", "chr", "node"];

/**
 * Messages from the shared fast-check arbitraries (tests/support/syncml-arbitraries.ts), sampled
 * once with a fixed seed so every worker has the same pool; half the SyncML inputs come from
 * here, half from randomMessage.
 */
let arbitraryPool:
  { readonly xml: readonly SyncMLMessage[]; readonly wbxml: readonly SyncMLMessage[] } | undefined;

function pooled(rng: Prng, spelling: "xml" | "wbxml"): SyncMLMessage {
  arbitraryPool ??= {
    xml: fc.sample(syncmlMessage("xml"), { seed: 0xd0, numRuns: 200 }),
    wbxml: fc.sample(syncmlMessage("wbxml"), { seed: 0xd0 + 1, numRuns: 200 }),
  };
  return rng.pick(arbitraryPool[spelling]);
}

function syncml(rng: Prng): Uint8Array {
  const fromArbitraries = rng.chance(0.5);
  return rng.chance(0.5)
    ? encodeSyncML(fromArbitraries ? pooled(rng, "wbxml") : randomMessage(rng), {
        encoding: "wbxml",
        wbxmlVersion: rng.pick([1, 2, 3] as const),
        stringTable: rng.chance(0.5),
        dataAsOpaque: rng.chance(0.3),
      })
    : encodeSyncML(fromArbitraries ? pooled(rng, "xml") : randomMessage(rng), { encoding: "xml" });
}

function elementXml(rng: Prng): Uint8Array {
  const ns = rng.pick(["SYNCML:SYNCML1.2", "syncml:dmddf1.2", "", "urn:x"]);
  const root = randomElement(rng, syncmlNames.concat(dmddfNames), ns);
  return encodeXml(root, rng.chance(0.5) ? { declaration: true } : { indent: "  " });
}

/** A random tree under a language's root (SyncML or MgmtTree), with MetInf elements mixed in
 * under SyncML so the encoder switches code pages. */
function elementWbxml(rng: Prng): Uint8Array {
  const syncmlRoot = rng.chance(0.6);
  const ns = syncmlRoot ? "SYNCML:SYNCML1.2" : "syncml:dmddf1.2";
  const names = syncmlRoot ? syncmlNames : dmddfNames;
  const children: Element[] = [];
  for (let i = rng.range(0, 4); i > 0; i--) {
    children.push(
      syncmlRoot && rng.chance(0.3)
        ? { name: "Meta", ns, children: [randomElement(rng, metinfNames, "syncml:metinf", 5)] }
        : randomElement(rng, names, ns),
    );
  }
  const root: Element = { name: syncmlRoot ? "SyncML" : "MgmtTree", ns, children };
  return encodeWbxml(root, { version: rng.pick([1, 2, 3] as const), stringTable: rng.chance(0.5) });
}

function tnds(rng: Prng): Uint8Array {
  return encodeTnds(randomMgmtTree(rng), { encoding: rng.chance(0.5) ? "xml" : "wbxml" });
}

function tnds20(rng: Prng): Uint8Array {
  let next = 0;
  const leaf = (): Tnds20Node => ({
    name: `n${next++}`,
    value: rng.pick(["", "x", "1", "é東", '"q"', "\\"]),
  });
  const values: Tnds20Node[] = [leaf(), { name: "I", value: [leaf(), leaf()] }].slice(0, rng.range(1, 2));
  return encodeTnds20({
    mo: rng.chance(0.5) ? [{ moid: "urn:oma:mo:oma-dm-devinfo:1.0", paths: ["./DevInfo"] }] : [],
    tnds20: [{ moid: "urn:oma:mo:oma-dm-devdetail:1.0", path: "./DevDetail", values }],
  });
}

/** A CP document: an APPLICATION w7 (DM account) or a NAPDEF, with nested characteristics. */
function cp(rng: Prng): Uint8Array {
  const parm = (name: string, value?: string): CpNode =>
    value === undefined ? { kind: "parm", name } : { kind: "parm", name, value };
  const characteristic = (type: string, children: CpNode[]): CpCharacteristic => ({
    kind: "characteristic",
    type,
    children,
  });
  const app = characteristic("APPLICATION", [
    parm("APPID", "w7"),
    parm("PROVIDER-ID", rng.pick(["dm.example.com", "é東"])),
    parm("NAME", "Example DM"),
    characteristic("APPADDR", [
      parm("ADDR", "https://dm.example.com/omadm"),
      characteristic("PORT", [parm("PORTNBR", "443")]),
    ]),
    characteristic("APPAUTH", [
      parm("AAUTHLEVEL", "APPSRV"),
      parm("AAUTHTYPE", "DIGEST"),
      parm("AAUTHNAME", "srv"),
    ]),
  ]);
  const napdef = characteristic("NAPDEF", [
    parm("NAPID", "NAP1"),
    parm("BEARER", "GSM-GPRS"),
    parm("NAP-ADDRESS", "internet"),
  ]);
  const characteristics = rng.chance(0.5) ? [app] : rng.chance(0.5) ? [napdef] : [napdef, app];
  return encodeCp(
    { version: rng.pick(["1.0", "1.1"]), characteristics },
    rng.chance(0.6) ? { encoding: "wbxml" } : { encoding: "xml" },
  );
}

function dm2Commands(rng: Prng): Uint8Array {
  const uri = () => rng.pick(["https://dm.example.com/f/1", "https://x/y?z=1", "/a%20b"]);
  const node = () => rng.pick(["./DevInfo/DevId", "oma:mo:oma-connmo:1.0/MMS", "*", "./A?Levels=2"]);
  const commands: Dm2Command[] = [];
  for (let i = rng.range(0, 5); i > 0; i--) {
    commands.push(
      rng.pick<Dm2Command>([
        { kind: "Get", serverUri: uri(), clientUri: node() },
        { kind: "Put", serverUri: uri(), clientUris: [node(), node()] },
        { kind: "Post", serverUri: uri(), clientUris: [node()] },
        { kind: "Delete", clientUri: node() },
        { kind: "Exec", clientUri: node() },
        { kind: "Show", serverUri: "https://dm.example.com/ui?Close=1" },
        { kind: "Default", moid: "urn:oma:mo:oma-fumo:1.0", serverUrl: uri() },
        { kind: "End" },
      ]),
    );
  }
  return encodeDm2Commands({ msgId: rng.int(1000), commands });
}

function dm2Status(rng: Prng): Uint8Array {
  const statuses = Array.from({ length: rng.range(0, 4) }, () => ({
    code: rng.pick([200, 404, 500]),
    params: rng.chance(0.5) ? ["oma:mo:oma-connmo:1.0/MMS"] : [],
  }));
  return encodeDm2Status({ msgId: rng.int(1000), statuses });
}

function package0(rng: Prng): Uint8Array {
  return encodePackage0(
    {
      version: rng.pick([11, 12, 13, 0x3ff]),
      uiMode: rng.pick(uiModes),
      initiator: rng.pick(initiators),
      sessionId: rng.int(0x10000),
      serverId: rng.pick(["com.mgmtsrv.manage", "x", "dm.example.com"]),
      vendor: rng.bytes(rng.smallLength(32)),
    },
    { serverPassword: "srvsecret", nonce: rng.bytes(rng.int(17)) },
  );
}

function dm2Notification(rng: Prng): Uint8Array {
  return encodeDm2Notification({
    uiMode: rng.pick(uiModes),
    initiator: rng.pick(initiators),
    sendDevDetail: rng.chance(0.5),
    sendSupportedMos: rng.chance(0.5),
    sendAllMoInstances: rng.chance(0.5),
    url: rng.pick(["https://dm.example.com/dm2", "https://x/"]),
    extension: rng.bytes(rng.smallLength(8)),
  });
}

function wspPush(rng: Prng): Uint8Array {
  return encodeWspPush({
    transactionId: rng.int(256),
    contentType: rng.pick([
      { mediaType: "application/vnd.syncml.notification" },
      { mediaType: "application/vnd.wap.connectivity-wbxml", params: [{ name: "SEC", value: 1 }] },
      { mediaType: "application/x-example" },
    ]),
    ...(rng.chance(0.6)
      ? { applicationId: rng.pick<number | string>([0x07, "x-wap-application:syncml.dm"]) }
      : {}),
    body: rng.bytes(rng.smallLength(200)),
  });
}

function smsParts(rng: Prng): Uint8Array {
  const parts = segmentForSms(rng.bytes(rng.smallLength(600)), { ref: rng.int(256) });
  return rng.pick(parts);
}

function hmacHeader(rng: Prng): Uint8Array {
  return encoder.encode(
    formatHmacHeader({
      username: rng.pick(["user", 'a"b', "a\\b", ""]),
      mac: rng.pick(["Zz6EivR3yeaaENcRN6lpAQ==", ""]),
    }),
  );
}

/** Input makers by the name of the decoder they feed. */
export const inputMakers: Readonly<Record<string, InputMaker>> = {
  decodeXml: elementXml,
  decodeXmlDocument: elementXml,
  decodeXmlFragment: elementXml,
  decodeWbxml: elementWbxml,
  decodeWbxmlDocument: elementWbxml,
  decodeSyncML: syncml,
  decodeTnds: tnds,
  decodeTnds20: tnds20,
  decodeJson: tnds20,
  decodeDm2Commands: dm2Commands,
  decodeDm2Status: dm2Status,
  decodeCp: cp,
  decodePackage0: package0,
  decodeDm2Notification: dm2Notification,
  decodeWspPush: wspPush,
  parseUserData: smsParts,
  addSmsPart: smsParts,
  parseHmacHeader: hmacHeader,
  decodeAny: (rng) =>
    rng.pick([syncml, tnds, cp, package0, dm2Notification, wspPush, smsParts, dm2Commands, tnds20])(rng),
};
