/**
 * The public types of device/: one device's persisted state (its tree, accounts and pending
 * client alerts) as the session engine and the orchestrator use it.
 */
import type { ManagementTree } from "@omadm/tree";
import type { AccountStore } from "../account/account-api.js";
import type { DeviceMoRegistry } from "../objects/mo-registry.js";
import type { DeviceTreeSettings, StarterDeviceOptions } from "../objects/starter-device.js";
import type { TreeOptions } from "@omadm/tree";
import type { PersistedAlertQueue } from "./persisted-alert-queue.js";

/** Where a device's state lives. */
export interface DevicePaths {
  /** The tree file (the tree package's crash-safe file format). */
  readonly tree: string;
  /** The pending-alert file; default `<tree>.alerts.json` next to the tree file. */
  readonly alerts?: string;
}

/** Options of `openDevice`. */
export interface OpenDeviceOptions extends DeviceTreeSettings {
  /**
   * What to create when the tree file does not exist: starter-device settings (the CLI's flags),
   * or a function making the tree from the device's TreeOptions. Without it a missing tree
   * file is an error.
   */
  readonly starter?: StarterDeviceOptions | ((treeOptions: TreeOptions) => ManagementTree);
  /** false: skip fsync on saves (a simulator running many devices); default true. */
  readonly fsync?: boolean;
}

/** One device, open. */
export interface Device {
  readonly tree: ManagementTree;
  /** The DMAcc accounts of `tree`. */
  readonly accounts: AccountStore;
  /** Generic Alerts and Client Events waiting for a server; persisted as they change. */
  readonly alerts: PersistedAlertQueue;
  /** Inbox placement by MO identifier; MO code registers its MOs here. */
  readonly moRegistry: DeviceMoRegistry;
  readonly paths: Required<DevicePaths>;
  /** True when this open created the device from the starter. */
  readonly created: boolean;
  /**
   * Makes every change so far durable: the tree file (written only if the tree changed; after an
   * open transaction ends, since an Atomic's changes are not durable until committed) and the
   * alert file. Call it after every session message and after every bootstrap.
   */
  save(): Promise<void>;
  /** Saves what is pending and stops watching the tree. The Device is not used afterwards. */
  close(): Promise<void>;
}
