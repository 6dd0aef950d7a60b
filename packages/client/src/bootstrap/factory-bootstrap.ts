/**
 * The customized (factory) bootstrap: accounts from the device's configuration. [TR-BOOT §3.1.1]
 */
import { readAccount } from "../account/account-reader.js";
import { accountUris } from "../account/account-reader.js";
import { addAccount, dmAccountOf } from "../account/add-account.js";
import type { BootstrapOutcome, BootstrapTarget, FactoryProfile } from "./bootstrap-api.js";
import { runBootstrap } from "./bootstrap-run.js";
import { refused } from "./bootstrap-security.js";

/**
 * Creates the profile's accounts. Idempotent: a ServerID the device already has an account for
 * is skipped (the factory profile is applied at every start of a device that has one, and must
 * not reset nonces or undo what the server changed since). All or nothing otherwise; saved.
 */
export async function applyFactoryBootstrap(
  device: BootstrapTarget,
  profile: FactoryProfile,
): Promise<BootstrapOutcome> {
  return runBootstrap(device, (tree, skipped) => {
    const existing = new Set(accountUris(tree).map((uri) => readAccount(tree, uri)?.account.serverId));
    for (const a of profile.accounts) {
      if (existing.has(a.serverId)) {
        skipped.push({ what: a.serverId, reason: "the device already has an account for this server" });
        continue;
      }
      const out = addAccount(tree, dmAccountOf(a), { permanent: a.permanent ?? false });
      if (out.status !== 200) return refused("tree-refused", `account ${a.serverId}: status ${out.status}`);
      existing.add(a.serverId);
    }
    return {};
  });
}
