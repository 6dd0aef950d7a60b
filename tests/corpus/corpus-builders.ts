/**
 * Small builders for the generated message corpus: headers, items and statuses with the
 * values the corpus messages share, so each message file reads as the protocol shape it covers.
 */
import type { Cred, Item, Location, Meta, Status, SyncHdr } from "@omadm/protocol";

/** The device and server addresses every corpus session uses. */
export const device = "IMEI:493005100592800";
export const server = "https://dm.example.com/omadm";

/** A text leaf Item: chr / text/plain unless told otherwise. */
export function leafItem(
  uri: string,
  data: string,
  where: "target" | "source" = "target",
  meta: Meta = { format: "chr", type: "text/plain" },
): Item {
  const loc: Location = { locUri: uri };
  return where === "target" ? { target: loc, meta, data } : { source: loc, meta, data };
}

/** An Item that only names a node (Delete, Get, Exec without argument). */
export function targetItem(uri: string): Item {
  return { target: { locUri: uri } };
}

/** [TR-PRO §2.6] basic credentials: b64("user:password"). */
export function basicCred(user: string, password: string): Cred {
  return {
    meta: { format: "b64", type: "syncml:auth-basic" },
    data: Buffer.from(`${user}:${password}`, "utf8").toString("base64"),
  };
}

/** [TR-SEC §5.1.4.2] MD5 digest credentials; the digest value here is a fixed corpus value. */
export function md5Cred(digestB64: string): Cred {
  return { meta: { format: "b64", type: "syncml:auth-md5" }, data: digestB64 };
}

/** A client-to-server header (Target = server, Source = device). */
export function clientHeader(sessionId: string, msgId: number, extra: Partial<SyncHdr> = {}): SyncHdr {
  return {
    verDtd: "1.2",
    verProto: "DM/1.2",
    sessionId,
    msgId,
    target: { locUri: server },
    source: { locUri: device },
    ...extra,
  };
}

/** A server-to-client header (Target = device, Source = server). */
export function serverHeader(sessionId: string, msgId: number, extra: Partial<SyncHdr> = {}): SyncHdr {
  return {
    verDtd: "1.2",
    verProto: "DM/1.2",
    sessionId,
    msgId,
    target: { locUri: device },
    source: { locUri: server },
    ...extra,
  };
}

/** [TR-PRO §2.6] the Status for the peer's SyncHdr, first in every SyncBody. */
export function headerStatus(
  cmdId: number,
  msgRef: number,
  code: number,
  targetRef: string,
  sourceRef: string,
  extra: Partial<Status> = {},
): Status {
  return {
    kind: "Status",
    cmdId,
    msgRef,
    cmdRef: 0,
    cmd: "SyncHdr",
    targetRefs: [targetRef],
    sourceRefs: [sourceRef],
    data: code,
    items: [],
    ...extra,
  };
}

/** A Status for a command, optionally echoing its Target LocURIs. */
export function commandStatus(
  cmdId: number,
  msgRef: number,
  cmdRef: number,
  cmd: string,
  code: number,
  targetRefs: readonly string[] = [],
  items: readonly Item[] = [],
): Status {
  return { kind: "Status", cmdId, msgRef, cmdRef, cmd, targetRefs, sourceRefs: [], data: code, items };
}

/** The ./DevInfo leaves of Package 1 [TR-PRO §2.3.3], as Source Items. */
export function devInfoItems(): Item[] {
  return [
    leafItem("./DevInfo/DevId", device, "source"),
    leafItem("./DevInfo/Man", "Example Devices Ltd", "source"),
    leafItem("./DevInfo/Mod", "EX-100", "source"),
    leafItem("./DevInfo/DmV", "1.2", "source"),
    leafItem("./DevInfo/Lang", "en-GB", "source"),
  ];
}
