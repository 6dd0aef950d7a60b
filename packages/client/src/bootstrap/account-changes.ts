/**
 * The accounts a bootstrap made: compare the tree's accounts before and after, and enforce the
 * "one account per ServerID, never taken over by a bootstrap" policy. docs/decisions/client-device.md
 */
import type { ManagementTree } from "@omadm/tree";
import type { ServerAccount } from "../account/account-api.js";
import { accountUris, readAccount } from "../account/account-reader.js";

/** Every account node in the tree, by URI. */
export function accountSnapshot(tree: ManagementTree): Map<string, ServerAccount> {
  const out = new Map<string, ServerAccount>();
  for (const uri of accountUris(tree)) {
    const a = readAccount(tree, uri)?.account;
    if (a !== undefined) out.set(uri, a);
  }
  return out;
}

/**
 * The accounts present now that were not before, or the ServerID that breaks the policy: a new
 * account for a server that already had one, or two new accounts for one server.
 */
export function newAccounts(
  before: ReadonlyMap<string, ServerAccount>,
  tree: ManagementTree,
): { readonly accounts: ServerAccount[] } | { readonly clash: string } {
  const known = new Set([...before.values()].map((a) => a.serverId));
  const accounts: ServerAccount[] = [];
  for (const [uri, account] of accountSnapshot(tree)) {
    if (before.has(uri)) continue;
    if (known.has(account.serverId)) return { clash: account.serverId };
    known.add(account.serverId);
    accounts.push(account);
  }
  return { accounts };
}
