/**
 * Copy: a leaf's value (with Format and Type) over another leaf, or into a new leaf.
 * [TR-REP §4.1.6.4], [TR-TND §8.3.7.1.5], fact sheet §1.9
 *
 * No ACL entry exists for Copy: the server needs Get on the source, and Replace on an existing
 * target or Add on the new target's parent. A source or target that is interior is 403 (Copy
 * cannot, for reasons other than rights). With a DDF, the target's AccessType must list Copy.
 */
import { addNode } from "./add-command.js";
import { writeLeaf, currentValue } from "./leaf-write.js";
import { leafFitsDdf } from "./node-spec.js";
import { checkUriLimits, parseUri } from "./parse-uri.js";
import type { Principal, TreeOutcome } from "./tree-api.js";
import type { TreeCore } from "./tree-core.js";
import { isInterior } from "./tree-node.js";

export function copyCommand(
  core: TreeCore,
  targetUri: string,
  sourceUri: string,
  serverId: Principal,
): TreeOutcome {
  const s = parseUri(sourceUri);
  if (typeof s === "number") return { status: s };
  const t = parseUri(targetUri);
  if (typeof t === "number") return { status: t };
  const limits = core.limits();
  const limit = checkUriLimits(s.segments, limits) || checkUriLimits(t.segments, limits);
  if (limit !== 0) return { status: limit };
  if (s.query !== undefined || t.query !== undefined) return { status: 405 };
  const source = core.resolve(s.segments);
  if (source === undefined) return { status: 404 };
  if (serverId !== undefined && core.isInInbox(source)) return { status: 405 };
  if (!core.can(serverId, source, "Get")) return { status: 425 };
  if (serverId !== undefined && source.ddf !== undefined && !source.ddf.allows("Get")) return { status: 405 };
  if (isInterior(source)) return { status: 403 };
  const value = currentValue(core, source);
  const target = core.resolve(t.segments);
  if (target === undefined) {
    if (t.segments.length === 0) return { status: 403 };
    return core.atomically(() => {
      const added = addNode(
        core,
        t.segments,
        { format: source.format, type: source.type, data: value },
        serverId,
        true,
      );
      if (added.status !== 200 || serverId === undefined) return added;
      const created = core.resolve(t.segments);
      if (created?.ddf !== undefined && !created.ddf.allows("Copy")) return { status: 405 };
      return added;
    });
  }
  if (isInterior(target)) return { status: 403 };
  if (serverId !== undefined && core.isInInbox(target)) return { status: 405 };
  if (!core.can(serverId, target, "Replace")) return { status: 425 };
  if (serverId !== undefined) {
    if (target.ddf !== undefined && !target.ddf.allows("Copy")) return { status: 405 };
    if (core.isPermanent(target) && (source.format !== target.format || source.type !== target.type)) {
      return { status: 405 };
    }
  }
  const fit = leafFitsDdf(target.ddf, source.format, source.type);
  if (fit !== 200) return { status: fit };
  return { status: writeLeaf(core, target, source.format, source.type, value, serverId) };
}
