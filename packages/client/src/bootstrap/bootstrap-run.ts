/**
 * Applying a bootstrap all or nothing: inside one tree transaction, as the device, then one save.
 * Shared by every profile. docs/decisions/client-device.md
 */
import type { ManagementTree } from "@omadm/tree";
import type { ServerAccount } from "../account/account-api.js";
import { removeServer } from "../account/add-account.js";
import { accountSnapshot, newAccounts } from "./account-changes.js";
import type { BootstrapApplied, BootstrapRefused, BootstrapSkip, BootstrapTarget } from "./bootstrap-api.js";
import { refused } from "./bootstrap-security.js";

/** What one profile does to the tree inside the transaction. */
export type BootstrapStep = (tree: ManagementTree, skipped: BootstrapSkip[]) => BootstrapRefused | StepDone;

/** A step that worked; `after` runs once the new accounts are known (still inside the transaction). */
export interface StepDone {
  readonly after?: (tree: ManagementTree, accounts: readonly ServerAccount[]) => void;
}

/** Options of `runBootstrap`. */
export interface RunOptions {
  /** ServerIDs whose accounts are removed first (a smartcard's former accounts). */
  readonly removeFirst?: readonly string[];
  /** Roll back even on success: learn what the bootstrap would create. */
  readonly dryRun?: boolean;
}

/**
 * Runs `step` in a transaction: refused (nothing changed) when the step refuses, when it creates
 * an account for a ServerID the device already has (or two for one), or when a session holds
 * the tree in an open Atomic; otherwise committed and saved.
 */
export async function runBootstrap(
  target: BootstrapTarget,
  step: BootstrapStep,
  options: RunOptions = {},
): Promise<BootstrapApplied | BootstrapRefused> {
  const outcome = runInTransaction(target.tree, step, options);
  if (outcome.kind === "applied" && options.dryRun !== true) await target.save();
  return outcome;
}

function runInTransaction(
  tree: ManagementTree,
  step: BootstrapStep,
  options: RunOptions,
): BootstrapApplied | BootstrapRefused {
  if (tree.inTransaction) return refused("busy", "a session has an Atomic open on the tree");
  const tx = tree.begin();
  try {
    const removed: string[] = [];
    for (const serverId of options.removeFirst ?? []) {
      if (removeServer(tree, serverId).accounts.length > 0) removed.push(serverId);
    }
    const baseline = accountSnapshot(tree);
    const skipped: BootstrapSkip[] = [];
    const done = step(tree, skipped);
    if ("kind" in done) {
      tx.rollback();
      return done;
    }
    const diff = newAccounts(baseline, tree);
    if ("clash" in diff) {
      tx.rollback();
      return refused("server-exists", `the device already has an account for ${JSON.stringify(diff.clash)}`);
    }
    done.after?.(tree, diff.accounts);
    // Read the accounts again: `after` may have rewritten some of their nodes.
    const now = accountSnapshot(tree);
    const accounts = diff.accounts.map((a) => now.get(a.accountUri) ?? a);
    if (options.dryRun === true) tx.rollback();
    else tx.commit();
    return { kind: "applied", accounts, removed, skipped };
  } finally {
    if (tx.open) tx.rollback();
  }
}
