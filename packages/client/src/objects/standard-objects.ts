/**
 * The standard objects every DM 1.2 device carries, created as permanent device-defined nodes:
 * ./DevInfo, ./DevDetail, ./DMAcc, ./Inbox. [TR-STD §7.1.3], fact sheet §7
 */
import { OmaDmError, moId } from "@omadm/protocol";
import type { ManagementTree, NodeContent } from "@omadm/tree";

/** What identifies the device (DevInfo) and describes it (DevDetail). */
export interface DeviceIdentity {
  /** ./DevInfo/DevId: unique, URN-formatted (`IMEI:...`, `MAC:...`); also Package 1 Source. */
  readonly devId: string;
  readonly man: string;
  readonly mod: string;
  /** ./DevInfo/DmV: the DM client version; default "omadm-1.2". */
  readonly dmV?: string;
  /** ./DevInfo/Lang (RFC 1766); default "en-US". */
  readonly lang?: string;
  /** ./DevDetail/DevTyp; default "device". */
  readonly devTyp?: string;
  /** ./DevDetail/OEM; default the manufacturer. */
  readonly oem?: string;
  /** ./DevDetail/FwV, SwV, HwV; default "1.0". */
  readonly fwV?: string;
  readonly swV?: string;
  readonly hwV?: string;
  /** ./DevDetail/LrgObj; default true (the client handles large objects). [TR-PRO §2.2] */
  readonly largeObjects?: boolean;
  /** ./DevDetail/URI limits, 0 = unlimited; default `defaultUriLimits`. */
  readonly uriLimits?: { readonly maxDepth: number; readonly maxTotLen: number; readonly maxSegLen: number };
  /** Create the empty ./DevInfo/Ext and ./DevDetail/Ext interiors for vendor nodes; default false. */
  readonly ext?: boolean;
  /** Create the empty ./DevInfo/Bearer and ./DevDetail/Bearer interiors; default false. */
  readonly bearer?: boolean;
}

/**
 * URI limits published by default: deep and long enough for every standard MO, small enough
 * to bound what a server can make the device store (the values of a shipping Android client,
 * fact sheet §7.3 and the CyanogenMod devdetail_uri fixture).
 */
export const defaultUriLimits = { maxDepth: 20, maxTotLen: 512, maxSegLen: 256 } as const;

/** ACLs of the standard object roots. Empty strings inherit from the root. */
export interface StandardObjectAcls {
  readonly devInfo: string;
  readonly devDetail: string;
  readonly dmAcc: string;
  readonly inbox: string;
}

/**
 * Defaults when no server is named: every server may read DevInfo and DevDetail (DevInfo goes to
 * every server in Package 1 anyway), nobody but the device adds accounts directly, any server may
 * drop an MO into the Inbox (as [TR-STD §7.1.3.4] describes; restrict it to trusted servers).
 */
export const openStandardObjectAcls: StandardObjectAcls = {
  devInfo: "Get=*",
  devDetail: "Get=*",
  dmAcc: "Get=*",
  inbox: "Add=*",
};

const text = (data: string): NodeContent => ({ format: "chr", type: "text/plain", data });
const interior = (moid = ""): NodeContent => ({ format: "node", type: moid });

/**
 * Defines the standard objects in `tree` as the device: permanent nodes with their MOID Types,
 * the identity values, and the given ACLs. Existing values are overwritten (a firmware update
 * changes FwV); other nodes are left alone. Throws OmaDmError "INVALID_ARGUMENT" when the tree
 * refuses a definition (an empty DevId, an ACL that does not parse, a clash with a leaf).
 */
export function defineStandardObjects(
  tree: ManagementTree,
  identity: DeviceIdentity,
  acls: StandardObjectAcls = openStandardObjectAcls,
): void {
  if (identity.devId.trim() === "")
    throw new OmaDmError("INVALID_ARGUMENT", "DevInfo/DevId must not be empty");
  const def = (uri: string, content: NodeContent, acl?: string): void => {
    const out = tree.define(uri, content, acl === undefined ? {} : { acl });
    if (out.status !== 200) {
      throw new OmaDmError("INVALID_ARGUMENT", `cannot define ${uri}: status ${out.status}`);
    }
  };
  // [TR-STD §7.1.3.2] DevInfo
  def("./DevInfo", interior(moId.devInfo), acls.devInfo);
  def("./DevInfo/DevId", text(identity.devId));
  def("./DevInfo/Man", text(identity.man));
  def("./DevInfo/Mod", text(identity.mod));
  def("./DevInfo/DmV", text(identity.dmV ?? "omadm-1.2"));
  def("./DevInfo/Lang", text(identity.lang ?? "en-US"));
  if (identity.ext === true) def("./DevInfo/Ext", interior());
  if (identity.bearer === true) def("./DevInfo/Bearer", interior());
  // [TR-STD §7.1.3.3] DevDetail
  const limits = identity.uriLimits ?? defaultUriLimits;
  def("./DevDetail", interior(moId.devDetail), acls.devDetail);
  if (identity.ext === true) def("./DevDetail/Ext", interior());
  if (identity.bearer === true) def("./DevDetail/Bearer", interior());
  def("./DevDetail/URI", interior());
  def("./DevDetail/URI/MaxDepth", text(String(limits.maxDepth)));
  def("./DevDetail/URI/MaxTotLen", text(String(limits.maxTotLen)));
  def("./DevDetail/URI/MaxSegLen", text(String(limits.maxSegLen)));
  def("./DevDetail/DevTyp", text(identity.devTyp ?? "device"));
  def("./DevDetail/OEM", text(identity.oem ?? identity.man));
  def("./DevDetail/FwV", text(identity.fwV ?? "1.0"));
  def("./DevDetail/SwV", text(identity.swV ?? "1.0"));
  def("./DevDetail/HwV", text(identity.hwV ?? "1.0"));
  def("./DevDetail/LrgObj", {
    format: "bool",
    type: "text/plain",
    data: String(identity.largeObjects ?? true),
  });
  // [TR-STD §7.1.3.1] the accounts' parent; accounts themselves are added by addAccount.
  def("./DMAcc", interior(), acls.dmAcc);
  // [TR-STD §7.1.3.4] Inbox
  def("./Inbox", interior(moId.inbox), acls.inbox);
}
