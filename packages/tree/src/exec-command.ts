/**
 * Exec: runs the handler mounted on the node. [TR-REP §4.1.6.6], fact sheet §1.9
 * 200 when done, 202 when accepted (the result follows in a Generic Alert with the Correlator);
 * 405 when the node has no Exec handler or the DDF AccessType lacks Exec; 425 without the Exec
 * right; 500 when the handler throws.
 */
import { parseUri, checkUriLimits } from "./parse-uri.js";
import type { ExecOutcome, NodeContent, Principal } from "./tree-api.js";
import type { TreeCore } from "./tree-core.js";

export function execCommand(
  core: TreeCore,
  uri: string,
  content: NodeContent | undefined,
  serverId: Principal,
  correlator: string | undefined,
): ExecOutcome {
  const p = parseUri(uri);
  if (typeof p === "number") return { status: p };
  const limit = checkUriLimits(p.segments, core.limits());
  if (limit !== 0) return { status: limit };
  if (p.query !== undefined) return { status: 405 };
  const node = core.resolve(p.segments);
  if (node === undefined) return { status: 404 };
  if (serverId !== undefined && core.isInInbox(node)) return { status: 405 };
  if (!core.can(serverId, node, "Exec")) return { status: 425 };
  if (serverId !== undefined && node.ddf !== undefined && !node.ddf.allows("Exec")) return { status: 405 };
  const exec = core.handlerOf(node)?.exec;
  if (exec === undefined) return { status: 405 };
  try {
    const out = exec({
      uri: core.uriOf(node),
      serverId,
      ...(content !== undefined && { content }),
      ...(correlator !== undefined && { correlator }),
    });
    return correlator === undefined || out.correlator !== undefined ? out : { ...out, correlator };
  } catch {
    return { status: 500 };
  }
}
