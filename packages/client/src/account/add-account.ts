/**
 * Creating and removing DMAcc accounts as the device (factory profile, bootstrap, the CLI's
 * starter device). [TR-STD §7.1.3.1], [TR-BOOT §3.1.3], fact sheet §7.1
 */
import type { AAuthType, DmAccount, DmAccountAuth } from "@omadm/protocol";
import { dmAccountNode, moId, tndsMediaTypes, tndsToElement } from "@omadm/protocol";
import type { ManagementTree } from "@omadm/tree";
import { aclFor } from "@omadm/tree";
import type { ServerAccount } from "./account-api.js";
import { accountUris, dmAccUri, readAccount } from "./account-reader.js";

/** One direction's credentials when an account is made from settings (CLI flags, config). */
export interface CredentialSettings {
  readonly type: AAuthType;
  readonly name: string;
  readonly secret: string;
  /** The first nonce (AAuthData); default none (empty). */
  readonly nonce?: Uint8Array;
}

/** The settings of one server account in the words of a device's configuration. */
export interface AccountSettings {
  readonly serverId: string;
  /** The server URL (AppAddr/1/Addr, AddrType URI). */
  readonly serverUrl: string;
  readonly name?: string;
  /** CLCRED: how the client proves itself to the server. */
  readonly clientAuth?: CredentialSettings;
  /** SRVCRED: how the server proves itself to the client (and the Package 0 digest key). */
  readonly serverAuth?: CredentialSettings;
  /** AAuthPref; default the client credential's type. */
  readonly prefAuth?: AAuthType;
}

/** The DMAcc form (as a bootstrap carries it) of account settings. */
export function dmAccountOf(settings: AccountSettings): DmAccount {
  const auth = (level: "CLCRED" | "SRVCRED", c: CredentialSettings | undefined): DmAccountAuth[] =>
    c === undefined
      ? []
      : [{ level, type: c.type, name: c.name, secret: c.secret, data: c.nonce ?? new Uint8Array(0) }];
  const pref = settings.prefAuth ?? settings.clientAuth?.type;
  return {
    serverId: settings.serverId,
    ...(settings.name === undefined ? {} : { name: settings.name }),
    appAddrs: [{ addr: settings.serverUrl, addrType: "URI" }],
    ...(pref === undefined ? {} : { aauthPref: pref }),
    appAuths: [...auth("CLCRED", settings.clientAuth), ...auth("SRVCRED", settings.serverAuth)],
  };
}

/** Options of `addAccount`. */
export interface AddAccountOptions {
  /** The `<X>` node name; default one made from the ServerID (see `accountNodeName`). */
  readonly name?: string;
  /** Where the account goes; default ./DMAcc. */
  readonly parentUri?: string;
  /** The account node's ACL; default `accountAcl(serverId)`. */
  readonly acl?: string;
  /** Permanent (a factory account servers cannot delete); default false. */
  readonly permanent?: boolean;
}

/** The outcome of `addAccount`: 200 with the account, or a tree status (418: the server has one). */
export interface AddAccountOutcome {
  readonly status: number;
  readonly account?: ServerAccount;
}

/**
 * The ACL of a server's own account node: Add, Delete, Get and Replace for that server only
 * (the children inherit it). [TR-BOOT §3.1.3] grants Get, Replace, Delete; Add lets the server
 * add AppAddr or AppAuth entries to its own account. A ServerID that the ACL grammar cannot
 * write (whitespace or one of `=&*+`, as Windows' "DEMO MDM") gives "": the account inherits
 * the ACL of its parent and that server is granted nothing by name. [TR-TND §8.3.7.1]
 */
export function accountAcl(serverId: string): string {
  return aclFor(serverId, ["Add", "Delete", "Get", "Replace"]);
}

/**
 * A free `<X>` name for a server's account under `parentUri`: the ServerID with every character
 * outside [A-Za-z0-9._-] replaced by `_` (so names stay readable and portable), then `_2`, `_3`
 * ... when taken. The CP profile lets the client choose it. [TR-BOOT §3.1.3.2]
 */
export function accountNodeName(tree: ManagementTree, serverId: string, parentUri = dmAccUri): string {
  let base = serverId.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 32);
  if (base === "" || base === "." || base === "..") base = "Account";
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}_${i}`;
    if (tree.get(`${parentUri}/${name}`, undefined).status === 404) return name;
  }
}

/**
 * Creates a DMAcc account as the device, all or nothing: one TNDS Add (so the tree applies the
 * DDF, Formats and the ACL in one step). The account node has Type urn:oma:mo:oma-dm-dmacc:1.0,
 * AppID w7, AppAddr/1.., AppAuth/CLCRED and SRVCRED with AAuthData (Format bin) for the nonce.
 * 418 when the tree already holds an account for that ServerID.
 */
export function addAccount(
  tree: ManagementTree,
  account: DmAccount,
  options: AddAccountOptions = {},
): AddAccountOutcome {
  if (accountUris(tree).some((uri) => readAccount(tree, uri)?.account.serverId === account.serverId)) {
    return { status: 418 };
  }
  const parentUri = options.parentUri ?? dmAccUri;
  const name = options.name ?? accountNodeName(tree, account.serverId, parentUri);
  const node = dmAccountNode(account, name);
  const acl = options.acl ?? accountAcl(account.serverId);
  const rt = node.rtProperties;
  const top = {
    ...node,
    rtProperties: {
      ...(acl === "" ? {} : { acl }),
      format: "node" as const,
      type: { kind: "DDFName" as const, value: moId.dmAcc },
      ...(rt?.title === undefined ? {} : { title: rt.title }),
    },
  };
  const added = tree.add(
    parentUri,
    { format: "xml", type: tndsMediaTypes.tndsXml, data: tndsToElement({ verDtd: "1.2", nodes: [top] }) },
    undefined,
  );
  if (added.status !== 200) return { status: added.status };
  const uri = `${normalizeParent(parentUri)}/${name}`;
  if (options.permanent === true) tree.setPermanent(uri, true);
  const read = readAccount(tree, uri);
  return read === undefined ? { status: 500 } : { status: 200, account: read.account };
}

/** What `removeServer` did. */
export interface RemovedServer {
  /** The account nodes deleted. */
  readonly accounts: readonly string[];
  /** How many ACLs lost the ServerID. */
  readonly aclsChanged: number;
}

/**
 * Forgets a server: deletes every account with its ServerID (as the device, so permanent
 * accounts go too) and strips the ServerID from every ACL. [TR-TND §8.3.7.1] server removal.
 */
export function removeServer(tree: ManagementTree, serverId: string): RemovedServer {
  const accounts: string[] = [];
  for (const uri of accountUris(tree)) {
    if (readAccount(tree, uri)?.account.serverId !== serverId) continue;
    if (tree.delete(uri, undefined).status === 200) accounts.push(uri);
  }
  return { accounts, aclsChanged: tree.removeServer(serverId) };
}

function normalizeParent(uri: string): string {
  return uri === "." || uri.startsWith("./") ? uri : `./${uri}`;
}
