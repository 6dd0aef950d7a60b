/**
 * Package 1 [TR-PRO §2.3.3], fact sheet §1.3: Alert 1200 (server-initiated) or 1201
 * (client-initiated), a Replace with one Item per ./DevInfo leaf read from the tree (Source
 * LocURI, Meta Format/Type, Data), and the client alerts waiting for this server.
 */
import type { Item } from "@omadm/protocol";
import { devInfoLeaves, devInfoUri } from "@omadm/protocol";
import type { ManagementTree } from "@omadm/tree";
import type { DraftReplace } from "./reply-drafts.js";
import type { PendingAlert } from "./session-api.js";
import { alertDraft, unit } from "./reply-drafts.js";
import type { CommandUnit } from "./reply-drafts.js";

/** The DevInfo leaves every DM 1.2 client reports. [TR-PRO §2.6.1] */
export const defaultDevInfoUris: readonly string[] = devInfoLeaves.map((l) => devInfoUri(l));

/** The DevInfo Replace: leaves the tree does not have are left out. */
export function devInfoReplace(tree: ManagementTree, uris: readonly string[]): DraftReplace {
  const items: Item[] = [];
  for (const uri of uris) {
    const out = tree.get(uri, undefined);
    const r = out.status === 200 ? out.results?.[0] : undefined;
    if (r === undefined || r.format === "node") continue;
    items.push({
      source: { locUri: uri },
      meta: r.type === "" ? { format: r.format } : { format: r.format, type: r.type },
      data: r.data ?? "",
    });
  }
  return { kind: "Replace", items };
}

/** The unit of a queued client alert (1224/1226), one Alert command per queue entry. */
export function clientAlertUnit(a: PendingAlert): CommandUnit {
  return unit(alertDraft(a.alert, a.items, a.correlator), a.id);
}

/** Package 1's units in order: the session alert, DevInfo, then the client alerts. */
export function packageOneUnits(
  tree: ManagementTree,
  serverInitiated: boolean,
  devInfoUris: readonly string[],
  alerts: readonly PendingAlert[],
): CommandUnit[] {
  return [
    unit(alertDraft(serverInitiated ? 1200 : 1201)),
    unit(devInfoReplace(tree, devInfoUris)),
    ...alerts.map(clientAlertUnit),
  ];
}
