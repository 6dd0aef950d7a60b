import { aauthLevels, type AAuthLevel } from "../auth/auth-schemes.js";
import { decodeBase64Text } from "../auth/base64-text.js";
import { OmaDmError } from "../errors.js";
import type { MgmtTree, TndsNode } from "../tnds/mgmt-tree.js";
import type { NodeFormat } from "../tnds/tnds-vocabulary.js";
import {
  dmAccountAcl,
  dmAccountDdfName,
  type DmAccount,
  type DmAccountAddress,
  type DmAccountAuth,
} from "./dm-account.js";
import { w7AppId } from "./w7-mapping.js";

function leaf(nodeName: string, value: string, format: NodeFormat = "chr", mime = "text/plain"): TndsNode {
  return {
    nodeName,
    rtProperties: { format, type: { kind: "MIME", value: mime } },
    value,
    children: [],
  };
}

function interior(
  nodeName: string,
  children: readonly TndsNode[],
  extra?: { acl?: string; ddfName?: string },
): TndsNode {
  return {
    nodeName,
    rtProperties: {
      ...(extra?.acl === undefined ? {} : { acl: extra.acl }),
      format: "node",
      type: { kind: "DDFName", value: extra?.ddfName ?? "" },
    },
    children,
  };
}

/**
 * The TNDS node of a DMAcc account named `accountName`, for a bootstrap: interior Type
 * org.openmobilealliance/1.0/w7 and, on the account node (inherited below it), an ACL granting
 * the server Get, Replace and Delete. [TR-BOOT §3.1.4.5], [TR-BOOT §3.1.3] Dynamic node names:
 * AppAddr, Port and ToConRef children are numbered from 1; AppAuth children are named after
 * their level (CLCRED, SRVCRED, ...), numbered when a level repeats.
 */
export function dmAccountNode(account: DmAccount, accountName: string): TndsNode {
  const children: TndsNode[] = [leaf("AppID", w7AppId), leaf("ServerID", account.serverId)];
  if (account.name !== undefined) children.push(leaf("Name", account.name));
  if (account.prefConRef !== undefined) children.push(leaf("PrefConRef", account.prefConRef));
  if (account.toConRefs !== undefined && account.toConRefs.length > 0) {
    const refs = account.toConRefs.map((r, i) => interior(String(i + 1), [leaf("ConRef", r)]));
    children.push(interior("ToConRef", refs));
  }
  const addrs = account.appAddrs.map((a, i) => {
    const inner = [leaf("Addr", a.addr), leaf("AddrType", a.addrType ?? "URI")];
    if (a.ports !== undefined && a.ports.length > 0) {
      const ports = a.ports.map((p, k) => interior(String(k + 1), [leaf("PortNbr", String(p))]));
      inner.push(interior("Port", ports));
    }
    return interior(String(i + 1), inner);
  });
  children.push(interior("AppAddr", addrs));
  if (account.aauthPref !== undefined) children.push(leaf("AAuthPref", account.aauthPref));
  if (account.appAuths.length > 0) {
    const used = new Map<string, number>();
    const auths = account.appAuths.map((a) => {
      const seen = (used.get(a.level) ?? 0) + 1;
      used.set(a.level, seen);
      const inner = [leaf("AAuthLevel", a.level)];
      if (a.type !== undefined) inner.push(leaf("AAuthType", a.type));
      if (a.name !== undefined) inner.push(leaf("AAuthName", a.name));
      if (a.secret !== undefined) inner.push(leaf("AAuthSecret", a.secret));
      if (a.data !== undefined) {
        // [TR-TND §8.3.7.2] binary values are base64 text in a document.
        inner.push(
          leaf("AAuthData", Buffer.from(a.data).toString("base64"), "bin", "application/octet-stream"),
        );
      }
      return interior(seen === 1 ? a.level : `${a.level}${seen}`, inner);
    });
    children.push(interior("AppAuth", auths));
  }
  return interior(accountName, children, { acl: dmAccountAcl(account.serverId), ddfName: dmAccountDdfName });
}

/** A TNDS MgmtTree (VerDTD 1.2) holding the account node and any `extraNodes` (a ConnMO, ...). */
export function dmAccountTnds(
  account: DmAccount,
  accountName: string,
  extraNodes: readonly TndsNode[] = [],
): MgmtTree {
  return { verDtd: "1.2", nodes: [dmAccountNode(account, accountName), ...extraNodes] };
}

function child(node: TndsNode, name: string): TndsNode | undefined {
  return node.children.find((c) => c.nodeName === name);
}

function value(node: TndsNode, name: string): string | undefined {
  return child(node, name)?.value;
}

function bootstrapInvalid(message: string): never {
  throw new OmaDmError("BOOTSTRAP_INVALID", message);
}

/**
 * Reads DMAcc settings back from an account node (a bootstrap TNDS node, or a tree export).
 * Throws OmaDmError("BOOTSTRAP_INVALID") for a missing ServerID, an unknown AAuthLevel, a
 * PortNbr that is not a port number or an AAuthData that is not base64.
 */
export function dmAccountFromNode(node: TndsNode): DmAccount {
  const serverId = value(node, "ServerID");
  if (serverId === undefined || serverId === "") bootstrapInvalid(`account ${node.nodeName} has no ServerID`);
  const name = value(node, "Name");
  const prefConRef = value(node, "PrefConRef");
  const toConRefs = (child(node, "ToConRef")?.children ?? []).flatMap((c) => {
    const r = value(c, "ConRef");
    return r === undefined ? [] : [r];
  });
  const appAddrs: DmAccountAddress[] = (child(node, "AppAddr")?.children ?? []).flatMap((a) => {
    const addr = value(a, "Addr");
    if (addr === undefined) return [];
    const addrType = value(a, "AddrType");
    const ports = (child(a, "Port")?.children ?? []).flatMap((p) => {
      const v = value(p, "PortNbr");
      if (v === undefined) return [];
      if (!/^\d{1,5}$/.test(v) || Number(v) > 65535)
        bootstrapInvalid(`PortNbr ${JSON.stringify(v)} is not a port`);
      return [Number(v)];
    });
    return [
      { addr, ...(addrType === undefined ? {} : { addrType }), ...(ports.length === 0 ? {} : { ports }) },
    ];
  });
  const aauthPref = value(node, "AAuthPref");
  const appAuths: DmAccountAuth[] = (child(node, "AppAuth")?.children ?? []).map((a) => {
    const level = value(a, "AAuthLevel");
    if (!(aauthLevels as readonly (string | undefined)[]).includes(level)) {
      bootstrapInvalid(`AppAuth/${a.nodeName} has AAuthLevel ${String(level)}`);
    }
    const type = value(a, "AAuthType");
    const authName = value(a, "AAuthName");
    const secret = value(a, "AAuthSecret");
    const data = value(a, "AAuthData");
    return {
      level: level as AAuthLevel,
      ...(type === undefined ? {} : { type }),
      ...(authName === undefined ? {} : { name: authName }),
      ...(secret === undefined ? {} : { secret }),
      ...(data === undefined ? {} : { data: decodeBase64Text(data, "BOOTSTRAP_INVALID") }),
    };
  });
  return {
    serverId,
    ...(name === undefined ? {} : { name }),
    ...(prefConRef === undefined ? {} : { prefConRef }),
    ...(toConRefs.length === 0 ? {} : { toConRefs }),
    appAddrs,
    ...(aauthPref === undefined ? {} : { aauthPref }),
    appAuths,
  };
}
