/**
 * Reading DMAcc accounts out of a tree, as the device (no ACL or AccessType applies).
 * [TR-STD §7.1.3.1], fact sheet §7.1
 */
import type { AAuthType, TndsNode } from "@omadm/protocol";
import { isAAuthType, isDmAccType, moId } from "@omadm/protocol";
import type { ManagementTree } from "@omadm/tree";
import type { AuthCredential, ServerAccount } from "./account-api.js";

/** The parent of DM 1.2 accounts in practice. */
export const dmAccUri = "./DMAcc";

/** The Types (MO identifiers) an account node may carry: the DMAcc URN and the w7 DDFName. */
export const dmAccTypes = [moId.dmAcc, "org.openmobilealliance/1.0/w7"] as const;

/** An account as read, with the URIs the nonce setters write to. */
export interface AccountRecord {
  readonly account: ServerAccount;
  /** The AppAuth/<X> node of the chosen CLCRED / SRVCRED credential. */
  readonly clientAuthUri?: string;
  readonly serverAuthUri?: string;
}

/**
 * The URIs of the account nodes: the children of ./DMAcc that hold a ServerID, then any other
 * interior node whose Type is a DMAcc identifier (libdmclient finds accounts by MOID anywhere,
 * fact sheet §7.1), without duplicates, in tree order.
 */
export function accountUris(tree: ManagementTree): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const push = (uri: string): void => {
    if (!seen.has(uri)) {
      seen.add(uri);
      out.push(uri);
    }
  };
  const dmAcc = tree.get(dmAccUri, undefined);
  const listed = dmAcc.status === 200 ? dmAcc.results?.[0] : undefined;
  if (listed?.format === "node" && typeof listed.data === "string" && listed.data !== "") {
    for (const name of listed.data.split("/")) {
      const uri = `${dmAccUri}/${name}`;
      const serverId = tree.get(`${uri}/ServerID`, undefined);
      if (serverId.status === 200) push(uri);
    }
  }
  for (const type of [...dmAccTypes, moId.dmAcc13]) for (const uri of tree.findByType(type)) push(uri);
  return out;
}

/** Reads the account at `uri`; undefined when it is not an interior node with a ServerID. */
export function readAccount(tree: ManagementTree, uri: string): AccountRecord | undefined {
  const node = tree.toTnds(uri)?.nodes[0];
  if (node === undefined || node.value !== undefined) return undefined;
  const type = node.rtProperties?.type?.value ?? "";
  const serverId = valueOf(node, "ServerID");
  if (serverId === undefined || serverId === "") return undefined;
  if (type !== "" && !isDmAccType(type)) return undefined;
  const name = valueOf(node, "Name");
  const prefText = valueOf(node, "AAuthPref")?.trim();
  const prefAuth = prefText !== undefined && isAAuthType(prefText) ? prefText : undefined;
  const addresses = (child(node, "AppAddr")?.children ?? []).flatMap((a) => {
    const address = addressOf(a);
    return address === undefined ? [] : [address];
  });
  const client = pickCredential(node, "CLCRED", prefAuth);
  const server = pickCredential(node, "SRVCRED", prefAuth);
  const account: ServerAccount = {
    accountUri: uri,
    serverId,
    ...(name === undefined ? {} : { name }),
    addresses,
    ...(prefAuth === undefined ? {} : { prefAuth }),
    ...(client === undefined ? {} : { client: client.credential }),
    ...(server === undefined ? {} : { server: server.credential }),
  };
  return {
    account,
    ...(client === undefined ? {} : { clientAuthUri: `${uri}/AppAuth/${client.name}` }),
    ...(server === undefined ? {} : { serverAuthUri: `${uri}/AppAuth/${server.name}` }),
  };
}

/**
 * The URL of one AppAddr/<X>. AddrType URI (the default) is the address as written; an IPv4 or
 * IPv6 address becomes `http://host[:port]/` with the first PortNbr, since DM 1.2 over an IP
 * address means HTTP [TR-STD §7.1.3.1]. Undefined without an Addr.
 */
function addressOf(a: TndsNode): string | undefined {
  const addr = valueOf(a, "Addr")?.trim();
  if (addr === undefined || addr === "") return undefined;
  const addrType = (valueOf(a, "AddrType") ?? "URI").trim();
  if (addrType === "" || addrType === "URI") return addr;
  const port = valueOf(child(child(a, "Port")?.children[0], "PortNbr"), "")?.trim();
  const host = addrType === "IPv6" && !addr.startsWith("[") ? `[${addr}]` : addr;
  return port !== undefined && /^\d{1,5}$/.test(port) ? `http://${host}:${port}/` : `http://${host}/`;
}

/**
 * The credential of a level: among the AppAuth entries with that AAuthLevel and a known
 * AAuthType, the one whose type is AAuthPref, else the first.
 */
function pickCredential(
  account: TndsNode,
  level: "CLCRED" | "SRVCRED",
  prefAuth: AAuthType | undefined,
): { name: string; credential: AuthCredential } | undefined {
  const candidates: { name: string; credential: AuthCredential }[] = [];
  for (const a of child(account, "AppAuth")?.children ?? []) {
    if (valueOf(a, "AAuthLevel")?.trim() !== level) continue;
    const type = valueOf(a, "AAuthType")?.trim();
    if (type === undefined || !isAAuthType(type)) continue;
    const data = valueOf(a, "AAuthData");
    candidates.push({
      name: a.nodeName,
      credential: {
        type,
        name: valueOf(a, "AAuthName") ?? "",
        secret: valueOf(a, "AAuthSecret") ?? "",
        // toTnds writes bin values as base64 text.
        nonce: data === undefined ? new Uint8Array(0) : new Uint8Array(Buffer.from(data, "base64")),
      },
    });
  }
  return candidates.find((c) => c.credential.type === prefAuth) ?? candidates[0];
}

function child(node: TndsNode | undefined, name: string): TndsNode | undefined {
  return node?.children.find((c) => c.nodeName === name);
}

/** The value of the child leaf `name` (or of `node` itself for ""). */
function valueOf(node: TndsNode | undefined, name: string): string | undefined {
  return name === "" ? node?.value : child(node, name)?.value;
}
