/**
 * Add. [TR-REP §4.1.6.1], [TR-TND §8.2.2.4], fact sheet §1.9
 *
 * Order of checks: URI (400, 414), properties (405), TNDS payload (tnds-import.ts), Inbox
 * relocation, existence (418), parent kind (405), ACL Add on the parent (425), DDF (405, 415),
 * data (400, 415). Missing parents are created implicitly; if that fails, nothing changes and
 * the outcome names the node that failed.
 */
import type { ParsedUri } from "./parse-uri.js";
import { checkUriLimits, parseUri, splitPath } from "./parse-uri.js";
import { attach, describeChild, ensureInterior, makeNode, newInteriorAcl } from "./node-creation.js";
import { isTndsType, newNodeSpec } from "./node-spec.js";
import { addTnds } from "./tnds-import.js";
import type { AddOutcome, NodeContent, Principal } from "./tree-api.js";
import type { TreeCore } from "./tree-core.js";

export function addCommand(
  core: TreeCore,
  uri: string,
  content: NodeContent,
  serverId: Principal,
): AddOutcome {
  const p = parseUri(uri);
  if (typeof p === "number") return { status: p };
  // [TR-TND §8.3] properties cannot be added; a listing is not a node.
  if (p.query !== undefined) return { status: 405 };
  const limit = checkUriLimits(p.segments, core.limits());
  if (limit !== 0) return { status: limit };
  if (isTndsType(content.type)) return addTnds(core, p, content, serverId);
  // [TR-TND §8.2] the root always exists.
  if (p.segments.length === 0) return { status: 418 };
  const inbox = core.inbox();
  if (inbox !== undefined && core.child(core.root, p.segments[0] ?? "") === inbox) {
    return addToInbox(core, p, content, serverId);
  }
  return core.atomically(() => addNode(core, p.segments, content, serverId, true));
}

/**
 * Creates the node at `segments` (parents implicitly). Runs inside `core.atomically`.
 * `checkAcl` false: rights were checked elsewhere (the Inbox).
 */
export function addNode(
  core: TreeCore,
  segments: readonly string[],
  content: NodeContent,
  serverId: Principal,
  checkAcl: boolean,
): AddOutcome {
  const name = segments[segments.length - 1] ?? "";
  const parentSegments = segments.slice(0, -1);
  const existing = core.resolve(parentSegments);
  if (existing !== undefined && core.child(existing, name) !== undefined) return { status: 418 };
  const ensured = ensureInterior(core, parentSegments, serverId, checkAcl);
  const parent = ensured.node;
  if (parent === undefined) return failed(ensured);
  if (checkAcl && !core.can(serverId, parent, "Add")) return { status: 425 };
  const d = describeChild(core, parent, name, serverId);
  if (d.status !== 200) return { status: d.status };
  const spec = newNodeSpec(content, d.ddf);
  if (spec.status !== 200 || spec.format === undefined) return { status: spec.status };
  const node = makeNode(core, name, spec.format, spec.type, spec.value, d.ddf);
  if (spec.format === "node") node.acl = newInteriorAcl(core, parent, serverId);
  attach(core, parent, node, ensured.created === undefined);
  core.changed(ensured.created ?? node);
  return { status: 200, uri: core.uriOf(node) };
}

/**
 * An Add into ./Inbox: the device places the MO by its identifier (the Item's Meta Type) where
 * its MO registry says. [TR-STD §7.1.3.4] Only direct children of ./Inbox are MO instances (405
 * deeper); an MO the registry does not know is 415. Rights are those of ./Inbox.
 */
function addToInbox(core: TreeCore, p: ParsedUri, content: NodeContent, serverId: Principal): AddOutcome {
  const inbox = core.inbox();
  if (inbox === undefined) return { status: 404 };
  if (p.segments.length !== 2) return { status: 405 };
  if (!core.can(serverId, inbox, "Add")) return { status: 425 };
  if (serverId !== undefined && inbox.ddf !== undefined && !inbox.ddf.allows("Add")) return { status: 405 };
  const name = p.segments[1] ?? "";
  const placed = inboxPlacement(core, content.type ?? "", name);
  if (typeof placed === "number") return { status: placed };
  const segments = [...placed, name];
  const limit = checkUriLimits(segments, core.limits());
  if (limit !== 0) return { status: limit };
  return core.atomically(() => addNode(core, segments, content, serverId, false));
}

/** The parent segments for an MO of type `moid` from the registry; 415 unknown, 500 unusable answer. */
export function inboxPlacement(core: TreeCore, moid: string, name: string): string[] | number {
  let parentUri: string | undefined;
  try {
    parentUri = core.moRegistry.placement(moid, name);
  } catch {
    return 500;
  }
  if (parentUri === undefined) return 415;
  const segments = splitPath(parentUri);
  // Placing into the Inbox again would loop.
  if (
    segments === undefined ||
    (segments.length > 0 && core.keyOf(segments[0] ?? "") === core.keyOf("Inbox"))
  ) {
    return 500;
  }
  return segments;
}

function failed(e: { readonly status: number; readonly failedUri?: string }): AddOutcome {
  return e.failedUri === undefined ? { status: e.status } : { status: e.status, failedUri: e.failedUri };
}
