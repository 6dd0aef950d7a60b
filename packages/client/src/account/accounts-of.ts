import type { ManagementTree } from "@omadm/tree";
import type { AccountStore, ServerAccount } from "./account-api.js";
import type { AccountRecord } from "./account-reader.js";
import { accountUris, readAccount } from "./account-reader.js";

/**
 * The AccountStore of a tree: every call reads the tree, so accounts a server or a bootstrap
 * changes are seen at once. Two accounts with the same ServerID: the first in tree order wins.
 *
 * The nonce setters write AppAuth/<X>/AAuthData (Format bin) of the chosen CLCRED / SRVCRED
 * credential as the device, so ACLs and the DDF's "no Get, no server write" rules do not apply.
 * [TR-SEC §5.1.4], fact sheet §4.5. An unknown server, or an account without that credential,
 * is left as it is (there is nothing the nonce could be used with). Call them outside an open
 * transaction: a rolled-back Atomic would roll a nonce back with it.
 */
export function accountsOf(tree: ManagementTree): AccountStore {
  const records = (): AccountRecord[] =>
    accountUris(tree).flatMap((uri) => {
      const r = readAccount(tree, uri);
      return r === undefined ? [] : [r];
    });
  const record = (serverId: string): AccountRecord | undefined =>
    records().find((r) => r.account.serverId === serverId);
  const writeNonce = (authUri: string | undefined, nonce: Uint8Array): void => {
    if (authUri === undefined) return;
    tree.define(
      `${authUri}/AAuthData`,
      { format: "bin", type: "application/octet-stream", data: Uint8Array.from(nonce) },
      { permanent: false },
    );
  };
  return {
    list(): ServerAccount[] {
      const seen = new Set<string>();
      const out: ServerAccount[] = [];
      for (const r of records()) {
        if (seen.has(r.account.serverId)) continue;
        seen.add(r.account.serverId);
        out.push(r.account);
      }
      return out;
    },
    byServerId: (serverId) => record(serverId)?.account,
    setClientNonce(serverId, nonce) {
      writeNonce(record(serverId)?.clientAuthUri, nonce);
    },
    setServerNonce(serverId, nonce) {
      writeNonce(record(serverId)?.serverAuthUri, nonce);
    },
  };
}
