/**
 * Opening a device: load its tree file (or create the starter device when there is none yet),
 * its pending-alert file, and wire saving. docs/decisions/client-device.md
 */
import { mkdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { OmaDmError } from "@omadm/protocol";
import type { ManagementTree } from "@omadm/tree";
import { createTreeFileWriter, loadTreeFile, saveTreeFile } from "@omadm/tree";
import { accountsOf } from "../account/accounts-of.js";
import { moRegistry } from "../objects/mo-registry.js";
import { createStarterDevice, deviceTreeOptions } from "../objects/starter-device.js";
import type { Device, DevicePaths, OpenDeviceOptions } from "./device-api.js";
import { openAlertQueue } from "./persisted-alert-queue.js";

/**
 * Resolves where a device's files are: a path naming an existing directory holds `tree.json`
 * and `alerts.json`; any other path is the tree file, with the alerts in `<tree>.alerts.json`.
 */
export async function devicePaths(path: string | DevicePaths): Promise<Required<DevicePaths>> {
  if (typeof path !== "string") return { tree: path.tree, alerts: path.alerts ?? `${path.tree}.alerts.json` };
  const isDir = await stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return isDir
    ? { tree: join(path, "tree.json"), alerts: join(path, "alerts.json") }
    : { tree: path, alerts: `${path}.alerts.json` };
}

/**
 * Opens the device stored at `path`. A tree file that does not exist is created from
 * `options.starter` and saved at once (its directory is created too); without a starter that is
 * OmaDmError "INVALID_ARGUMENT". A damaged tree file throws "TREE_FILE_INVALID" and a damaged
 * alert file "ALERT_FILE_INVALID": the device refuses to start rather than lose its accounts.
 * One process at a time may hold a device open (no lock is taken).
 */
export async function openDevice(
  path: string | DevicePaths,
  options: OpenDeviceOptions = {},
): Promise<Device> {
  const paths = await devicePaths(path);
  const registry = options.moRegistry ?? moRegistry();
  const settings = {
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.extraDdf === undefined ? {} : { extraDdf: options.extraDdf }),
    moRegistry: registry,
  };
  const treeOptions = deviceTreeOptions(settings);
  const fsync = options.fsync === undefined ? {} : { fsync: options.fsync };
  const loaded = await loadTreeFile(paths.tree, { tree: treeOptions });
  let tree: ManagementTree;
  let created = false;
  if (loaded.kind === "loaded") tree = loaded.tree;
  else {
    const starter = options.starter;
    if (starter === undefined) {
      throw new OmaDmError("INVALID_ARGUMENT", `no device at ${paths.tree} and no starter device to create`);
    }
    tree =
      typeof starter === "function" ? starter(treeOptions) : createStarterDevice({ ...starter, ...settings });
    await mkdir(dirname(paths.tree), { recursive: true });
    await saveTreeFile(paths.tree, tree, fsync);
    created = true;
  }
  const alerts = await openAlertQueue(paths.alerts, fsync);
  const writer = createTreeFileWriter(paths.tree, tree, fsync);
  return {
    tree,
    accounts: accountsOf(tree),
    alerts,
    moRegistry: registry,
    paths,
    created,
    async save() {
      await Promise.all([writer.save(), alerts.flush()]);
    },
    async close() {
      const failures: unknown[] = [];
      // A save asked for while an Atomic is open would wait for its end: close without it.
      if (!tree.inTransaction) await writer.save().catch((e: unknown) => failures.push(e));
      await writer.close();
      await alerts.flush().catch((e: unknown) => failures.push(e));
      const first = failures[0];
      if (first !== undefined)
        throw first instanceof Error ? first : new Error("closing the device failed", { cause: first });
    },
  };
}
