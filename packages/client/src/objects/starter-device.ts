/**
 * The starter device: what `omadm client --tree FILE` creates when FILE does not exist yet.
 * DevInfo, DevDetail, DMAcc with one account for the server the flags name, and Inbox, with ACLs
 * that let that server manage the device. docs/decisions/client-device.md
 */
import type { TndsNode } from "@omadm/protocol";
import { OmaDmError } from "@omadm/protocol";
import type { ManagementTree, TreeOptions } from "@omadm/tree";
import { aclFor, createTree, isServerIdToken } from "@omadm/tree";
import type { AccountSettings } from "../account/add-account.js";
import { addAccount, dmAccountOf } from "../account/add-account.js";
import type { DeviceMoRegistry } from "./mo-registry.js";
import { moRegistry } from "./mo-registry.js";
import type { DeviceIdentity, StandardObjectAcls } from "./standard-objects.js";
import { defineStandardObjects } from "./standard-objects.js";
import { standardObjectsDdf } from "./standard-objects-ddf.js";

/** Options of `deviceTreeOptions`: what every tree of a device is created with. */
export interface DeviceTreeSettings {
  readonly clock?: () => Date;
  /** DDF nodes of further MOs (FUMO, ...), appended to the standard objects' DDF. */
  readonly extraDdf?: readonly TndsNode[];
  /** Default `moRegistry()` (DMAcc placement). */
  readonly moRegistry?: DeviceMoRegistry;
}

/**
 * The TreeOptions of a device tree: the standard objects' DDF (so AccessType is enforced, e.g.
 * DevInfo read-only, AAuthSecret never read back) and the MO registry for Inbox placement. The
 * same options must be used to create the starter tree and to load the tree file later.
 */
export function deviceTreeOptions(settings: DeviceTreeSettings = {}): TreeOptions {
  return {
    ...(settings.clock === undefined ? {} : { clock: settings.clock }),
    ddf: standardObjectsDdf(settings.extraDdf),
    moRegistry: settings.moRegistry ?? moRegistry(),
  };
}

/** Options of `createStarterDevice`. */
export interface StarterDeviceOptions extends DeviceIdentity, DeviceTreeSettings {
  /** The server that manages the device (from --server, --server-id, --client-auth, --server-auth). */
  readonly account: AccountSettings;
}

/**
 * The ACLs of a starter device managed by `serverId`:
 * - root `Add=*&Delete=S&Exec=S&Get=S&Replace=S`: Add stays `*` as [TR-TND §8.3.7.1] asks; the
 *   managing server may read, change, delete (dynamic nodes) and Exec anything the DDF allows,
 *   and other servers get nothing they are not given by name later;
 * - DevInfo and DevDetail `Get=*` (every server learns DevInfo in Package 1 anyway);
 * - DMAcc `Add=S&Get=S`: the manager may list accounts and add one for another server, but gets
 *   no rights inside other servers' accounts (each account node has its own ACL);
 * - Inbox `Add=S`: only the manager may drop MOs (an MO placed into ./DMAcc is a new account).
 */
export function starterAcls(serverId: string): { readonly root: string } & StandardObjectAcls {
  if (!isServerIdToken(serverId) || serverId === "*") {
    throw new OmaDmError(
      "INVALID_ARGUMENT",
      `server id ${JSON.stringify(serverId)} cannot be written in an ACL (no whitespace or =&*+)`,
    );
  }
  const root = `Add=*&${aclFor(serverId, ["Delete", "Exec", "Get", "Replace"])}`;
  return {
    root,
    devInfo: "Get=*",
    devDetail: "Get=*",
    dmAcc: aclFor(serverId, ["Add", "Get"]),
    inbox: aclFor(serverId, ["Add"]),
  };
}

/**
 * A new device tree: the standard objects from `options` and a DMAcc account for
 * `options.account` (Add/Delete/Get/Replace for that server on its own account; AAuthSecret and
 * AAuthData never readable). Throws OmaDmError "INVALID_ARGUMENT" for settings the tree
 * refuses (an empty DevId, a ServerID that cannot be written in an ACL, a bad URL type).
 */
export function createStarterDevice(options: StarterDeviceOptions): ManagementTree {
  const acls = starterAcls(options.account.serverId);
  const tree = createTree(deviceTreeOptions(options));
  const root = tree.define(".", { format: "node" }, { acl: acls.root });
  if (root.status !== 200)
    throw new OmaDmError("INVALID_ARGUMENT", `cannot set the root ACL: status ${root.status}`);
  defineStandardObjects(tree, options, acls);
  const added = addAccount(tree, dmAccountOf(options.account));
  if (added.status !== 200) {
    throw new OmaDmError("INVALID_ARGUMENT", `cannot create the account: status ${added.status}`);
  }
  return tree;
}
