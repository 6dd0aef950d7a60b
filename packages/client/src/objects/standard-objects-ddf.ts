/**
 * The DDF of the DM 1.2 standard objects the device carries: DevInfo, DevDetail, DMAcc and Inbox
 * [TR-STD §7.1.3], fact sheet §7. Given to the tree (`TreeOptions.ddf`), it makes the tree enforce
 * AccessType, Format and Occurrence for servers; the device itself is not bound by it.
 *
 * AccessType choices, beyond the spec's minimum "Get" [TR-STD §7.1.1.2: implementations may
 * extend AccessType]:
 * - DevInfo and DevDetail are read-only for servers (Get), as the spec describes them.
 * - DMAcc accounts take Add, Delete, Get, Replace so a server can manage its own account (the
 *   ACL decides which server); AAuthSecret and AAuthData have no Get: a password or nonce is never
 *   read back (405). ServerID and AppID are Add/Get: renaming the server would orphan its ACLs.
 * - Inbox is Add only: Get on it is 405. [TR-STD §7.1.3.4]
 * - Ext (and Bearer) interiors describe no children: vendors put anything there.
 */
import type { MgmtTree, TndsNode } from "@omadm/protocol";
import { moId } from "@omadm/protocol";
import { ddfInterior, ddfLeaf } from "./ddf-builder.js";

const get = ["Get"] as const;
const manage = ["Add", "Delete", "Get", "Replace"] as const;
const writeOnly = ["Add", "Delete", "Replace"] as const;
const fixed = ["Add", "Get"] as const;

/** The DevInfo DDF node. [TR-STD §7.1.3.2] */
export function devInfoDdf(): TndsNode {
  const leaf = (name: string, description: string) =>
    ddfLeaf(name, { access: get, scope: "Permanent", description });
  return ddfInterior("DevInfo", { access: get, scope: "Permanent", moid: moId.devInfo }, [
    leaf("DevId", "Unique device identifier, URN-formatted (e.g. IMEI:...)"),
    leaf("Man", "Manufacturer"),
    leaf("Mod", "Model"),
    leaf("DmV", "DM client version"),
    leaf("Lang", "Current language (RFC 1766 tag)"),
    ddfInterior("Ext", { access: get, occurrence: "ZeroOrOne", scope: "Permanent" }),
    ddfInterior("Bearer", { access: get, occurrence: "ZeroOrOne", scope: "Permanent" }),
  ]);
}

/**
 * The DevDetail DDF node. [TR-STD §7.1.3.3] URI limits are chr (decimal text, 0 = unlimited);
 * LrgObj is bool.
 */
export function devDetailDdf(): TndsNode {
  const leaf = (name: string) => ddfLeaf(name, { access: get, scope: "Permanent" });
  const limit = (name: string) => ddfLeaf(name, { access: get, occurrence: "ZeroOrOne", scope: "Permanent" });
  return ddfInterior("DevDetail", { access: get, scope: "Permanent", moid: moId.devDetail }, [
    ddfInterior("Ext", { access: get, occurrence: "ZeroOrOne", scope: "Permanent" }),
    ddfInterior("Bearer", { access: get, occurrence: "ZeroOrOne", scope: "Permanent" }),
    ddfInterior("URI", { access: get, scope: "Permanent" }, [
      limit("MaxDepth"),
      limit("MaxTotLen"),
      limit("MaxSegLen"),
    ]),
    leaf("DevTyp"),
    leaf("OEM"),
    leaf("FwV"),
    leaf("SwV"),
    leaf("HwV"),
    ddfLeaf("LrgObj", { access: get, scope: "Permanent" }, "bool"),
  ]);
}

/** The DMAcc DDF node: ./DMAcc holding one `<X>` per server. [TR-STD §7.1.3.1], fact sheet §7.1 */
export function dmAccDdf(): TndsNode {
  const opt = "ZeroOrOne" as const;
  const account = ddfInterior("", { access: manage, occurrence: "ZeroOrMore", moid: moId.dmAcc }, [
    ddfLeaf("AppID", { access: fixed }),
    ddfLeaf("ServerID", { access: fixed }),
    ddfLeaf("Name", { access: manage, occurrence: opt }),
    ddfLeaf("PrefConRef", { access: manage, occurrence: opt }),
    ddfInterior("ToConRef", { access: manage, occurrence: opt }, [
      ddfInterior("", { access: manage, occurrence: "OneOrMore" }, [ddfLeaf("ConRef", { access: manage })]),
    ]),
    ddfInterior("AppAddr", { access: manage }, [
      ddfInterior("", { access: manage, occurrence: "OneOrMore" }, [
        ddfLeaf("Addr", { access: manage }),
        ddfLeaf("AddrType", { access: manage }),
        // [TR-STD §7.1.3.1] the diagram says Port?, the text OneOrMore: one Port interior, many ports.
        ddfInterior("Port", { access: manage, occurrence: opt }, [
          ddfInterior("", { access: manage, occurrence: "OneOrMore" }, [
            ddfLeaf("PortNbr", { access: manage }),
          ]),
        ]),
      ]),
    ]),
    ddfLeaf("AAuthPref", { access: manage, occurrence: opt }),
    ddfInterior("AppAuth", { access: manage, occurrence: opt }, [
      ddfInterior("", { access: manage, occurrence: "OneOrMore" }, [
        ddfLeaf("AAuthLevel", { access: manage }),
        ddfLeaf("AAuthType", { access: manage }),
        ddfLeaf("AAuthName", { access: manage, occurrence: opt }),
        // [TR-STD §7.1.3.1] AAuthSecret and AAuthData: no Get.
        ddfLeaf("AAuthSecret", { access: writeOnly, occurrence: opt }),
        ddfLeaf("AAuthData", { access: writeOnly, occurrence: opt }, "bin"),
      ]),
    ]),
    ddfInterior("Ext", { access: manage, occurrence: opt }),
  ]);
  return ddfInterior("DMAcc", { access: get, scope: "Permanent" }, [account]);
}

/** The Inbox DDF node: Add only. [TR-STD §7.1.3.4] */
export function inboxDdf(): TndsNode {
  return ddfInterior("Inbox", {
    access: ["Add"],
    occurrence: "ZeroOrOne",
    scope: "Permanent",
    moid: moId.inbox,
  });
}

/**
 * The DDF of the standard objects, plus any `extra` top-level DDF nodes (domain MOs such as
 * FUMO describe themselves and are appended here). Top-level nodes hang under the root `.`.
 */
export function standardObjectsDdf(extra: readonly TndsNode[] = []): MgmtTree {
  return { verDtd: "1.2", nodes: [devInfoDdf(), devDetailDdf(), dmAccDdf(), inboxDdf(), ...extra] };
}
