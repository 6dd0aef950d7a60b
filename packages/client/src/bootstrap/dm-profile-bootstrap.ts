/**
 * The DM-profile bootstrap: a SyncML DM message (always WBXML) whose Adds create accounts,
 * usually one TNDS added into ./Inbox. [TR-BOOT §3.1.4], fact sheet §8.2
 */
import type { Add, Command, Data, Item, MgmtTree, SyncMLMessage } from "@omadm/protocol";
import {
  decodeSyncML,
  decodeTnds,
  isElement,
  OmaDmError,
  sniffEncoding,
  tndsFromElement,
  tndsMediaTypes,
  tndsToElement,
} from "@omadm/protocol";
import type { ManagementTree, NodeContent } from "@omadm/tree";
import type { ServerAccount } from "../account/account-api.js";
import type {
  BootstrapKeys,
  BootstrapOutcome,
  BootstrapRefused,
  BootstrapSecurity,
  BootstrapSkip,
  BootstrapTarget,
} from "./bootstrap-api.js";
import type { BootstrapStep, RunOptions } from "./bootstrap-run.js";
import { runBootstrap } from "./bootstrap-run.js";
import { macRefusal, refused } from "./bootstrap-security.js";

/**
 * Applies a DM-profile bootstrap pushed to the device. Order: the MAC is checked first (a
 * mismatch is refused before the document is even decoded), then the message must be WBXML
 * (XML is not allowed for the DM profile), decode, and only Add commands (also inside Atomic or
 * Sequence) are accepted. The Adds run as the device in one transaction:
 * - into ./Inbox: each top-level TNDS node is placed by its Type through the MO registry
 *   (a DMAcc account goes to ./DMAcc), renamed when the name is taken, ACLs from the TNDS;
 *   MOs the device does not know are skipped [TR-BOOT §3.1.4: may ignore unsupported MOs];
 * - under ./DMAcc: added as given;
 * - anywhere else: skipped (a bootstrap provisions server accounts, nothing more).
 * `./Inbox/<name>` references in a new account's PrefConRef / ConRef are rewritten to where
 * `<name>` was placed. [TR-BOOT §3.1.4.5] No response is sent [TR-BOOT §3.1.4]; the caller starts
 * a 1201 session with each returned account. The device is saved after a successful apply.
 */
export async function applyDmBootstrap(
  device: BootstrapTarget,
  wbxml: Uint8Array,
  security: BootstrapSecurity,
  keys: BootstrapKeys,
): Promise<BootstrapOutcome> {
  const bad = macRefusal(wbxml, security, keys);
  if (bad !== undefined) return bad;
  return applyDmProfileMessage(device, wbxml);
}

/**
 * Applies a DM-profile message that needs no MAC because its transport is trusted (a smartcard).
 * [TR-SEC §5.1.7.2.2] Same rules as `applyDmBootstrap` otherwise.
 */
export async function applyDmProfileMessage(
  device: BootstrapTarget,
  bytes: Uint8Array,
  options?: RunOptions,
): Promise<BootstrapOutcome> {
  const step = dmProfileStep(bytes);
  if ("kind" in step) return step;
  return runBootstrap(device, step.run, options);
}

/** Decodes and checks the message; the step that applies it, or why it is refused. */
export function dmProfileStep(bytes: Uint8Array): BootstrapRefused | { readonly run: BootstrapStep } {
  if (sniffEncoding(bytes) !== "wbxml") return refused("not-wbxml", "a DM-profile bootstrap is always WBXML");
  let message: SyncMLMessage;
  try {
    message = decodeSyncML(bytes);
  } catch (e) {
    if (e instanceof OmaDmError) return refused("malformed", e.message);
    throw e;
  }
  const adds: Add[] = [];
  const notAdd = collectAdds(message.body, adds);
  if (notAdd !== undefined) return refused("not-allowed", `${notAdd} is not allowed in a bootstrap message`);
  return { run: (tree, skipped) => applyAdds(tree, adds, skipped) };
}

/** Pushes every Add (flattening Atomic and Sequence); returns the kind of the first other command. */
function collectAdds(commands: readonly Command[], out: Add[]): string | undefined {
  for (const c of commands) {
    switch (c.kind) {
      case "Add":
        out.push(c);
        break;
      case "Atomic":
      case "Sequence": {
        const bad = collectAdds(c.commands, out);
        if (bad !== undefined) return bad;
        break;
      }
      case "Alert":
      case "Copy":
      case "Delete":
      case "Exec":
      case "Get":
      case "Replace":
      case "Results":
      case "Status":
        return c.kind;
      case "Unknown":
        return c.name;
    }
  }
  return undefined;
}

function applyAdds(tree: ManagementTree, adds: readonly Add[], skipped: BootstrapSkip[]) {
  /** TNDS node name -> the URI where it was placed, for ./Inbox/<name> references. */
  const placed = new Map<string, string>();
  for (const add of adds) {
    for (const item of add.items) {
      const r = applyItem(tree, add, item, placed, skipped);
      if (r !== undefined) return r;
    }
  }
  return {
    after: (t: ManagementTree, accounts: readonly ServerAccount[]) => rewriteInboxRefs(t, accounts, placed),
  };
}

function applyItem(
  tree: ManagementTree,
  add: Add,
  item: Item,
  placed: Map<string, string>,
  skipped: BootstrapSkip[],
): BootstrapRefused | undefined {
  const target = item.target?.locUri ?? "";
  const segments = target.replace(/^\.\//, "").split("/");
  const meta = item.meta ?? add.meta;
  const content: NodeContent = {
    ...(meta?.format === undefined ? {} : { format: meta.format }),
    ...(meta?.type === undefined ? {} : { type: meta.type }),
    ...(item.data === undefined ? {} : { data: item.data }),
  };
  const isTnds = meta?.type === tndsMediaTypes.tndsXml || meta?.type === tndsMediaTypes.tndsWbxml;
  if (segments[0] === "Inbox" && segments.length === 1 && isTnds) {
    const doc = tndsOf(item.data);
    if (doc === undefined) return refused("malformed", `the TNDS added to ${target} does not decode`);
    for (const node of doc.nodes) {
      const r = addToInbox(tree, doc, node, placed, skipped);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (segments[0] === "Inbox" || segments[0] === "DMAcc") {
    const out = tree.add(target, content, undefined);
    if (out.status === 415 && segments[0] === "Inbox") {
      skipped.push({ what: target, reason: `MO type ${String(meta?.type)} is not supported (415)` });
      return undefined;
    }
    if (out.status !== 200) return refused("tree-refused", `Add ${target}: status ${out.status}`);
    return undefined;
  }
  skipped.push({ what: target, reason: "a bootstrap only provisions ./Inbox and ./DMAcc" });
  return undefined;
}

/** Adds one top-level TNDS node into ./Inbox, renaming it when its name is taken (418). */
function addToInbox(
  tree: ManagementTree,
  doc: MgmtTree,
  node: MgmtTree["nodes"][number],
  placed: Map<string, string>,
  skipped: BootstrapSkip[],
): BootstrapRefused | undefined {
  for (let i = 1; i <= 100; i++) {
    const nodeName = i === 1 || node.nodeName === "" ? node.nodeName : `${node.nodeName}_${i}`;
    const data = tndsToElement({ ...doc, nodes: [{ ...node, nodeName }] });
    const out = tree.add("./Inbox", { format: "xml", type: tndsMediaTypes.tndsXml, data }, undefined);
    if (out.status === 200) {
      if (out.uri !== undefined && node.nodeName !== "") placed.set(node.nodeName, out.uri);
      return undefined;
    }
    if (out.status === 415) {
      const type = node.rtProperties?.type?.value ?? "";
      skipped.push({
        what: `./Inbox/${node.nodeName}`,
        reason: `MO type ${JSON.stringify(type)} is not supported (415)`,
      });
      return undefined;
    }
    if (out.status !== 418)
      return refused("tree-refused", `Add ./Inbox/${node.nodeName}: status ${out.status}`);
  }
  return refused("tree-refused", `no free name for ./Inbox/${node.nodeName}`);
}

/** [TR-BOOT §3.1.4.5] `./Inbox/<name>/...` in PrefConRef or ToConRef/<X>/ConRef -> the final URI. */
function rewriteInboxRefs(
  tree: ManagementTree,
  accounts: readonly ServerAccount[],
  placed: ReadonlyMap<string, string>,
): void {
  if (placed.size === 0) return;
  const fix = (uri: string): void => {
    const out = tree.get(uri, undefined);
    const value = out.results?.[0]?.data;
    if (out.status !== 200 || typeof value !== "string") return;
    const m = /^(?:\.\/)?Inbox\/([^/]+)(\/.*)?$/.exec(value.trim());
    const to = m?.[1] === undefined ? undefined : placed.get(m[1]);
    if (to === undefined) return;
    tree.define(uri, { format: "chr", type: "text/plain", data: to + (m?.[2] ?? "") }, { permanent: false });
  };
  for (const a of accounts) {
    fix(`${a.accountUri}/PrefConRef`);
    const refs = tree.get(`${a.accountUri}/ToConRef`, undefined).results?.[0]?.data;
    if (typeof refs === "string" && refs !== "")
      for (const x of refs.split("/")) fix(`${a.accountUri}/ToConRef/${x}/ConRef`);
  }
}

function tndsOf(data: Data | undefined): MgmtTree | undefined {
  try {
    if (data === undefined) return undefined;
    if (typeof data === "string") return decodeTnds(new TextEncoder().encode(data));
    if (data instanceof Uint8Array) return decodeTnds(data);
    return isElement(data) ? tndsFromElement(data) : undefined;
  } catch (e) {
    if (e instanceof OmaDmError) return undefined;
    throw e;
  }
}
