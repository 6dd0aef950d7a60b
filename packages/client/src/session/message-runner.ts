/**
 * Runs the commands of one server message at SyncBody level, in order, and collects the reply.
 * Large objects span messages [TR-PRO §2.2]: a command that does not continue the object being
 * received ends it with Alert 1225 (naming its target; nothing is committed), and so does the end
 * of the server's package.
 */
import type { SyncMLMessage } from "@omadm/protocol";
import { runCommand } from "./command-runner.js";
import { continues } from "./incoming-objects.js";
import type { ReplyUnit } from "./reply-drafts.js";
import { alertDraft, unit } from "./reply-drafts.js";
import type { RunContext } from "./run-context.js";
import { isRequest } from "./server-message.js";

export async function runMessage(ctx: RunContext, msg: SyncMLMessage): Promise<ReplyUnit[]> {
  const produced: ReplyUnit[] = [];
  for (const cmd of msg.body) {
    if (!isRequest(cmd)) continue;
    const obj = ctx.pkg.incoming;
    const continuing =
      obj !== undefined &&
      (cmd.kind === "Add" || cmd.kind === "Replace") &&
      continues(obj, cmd.kind, cmd.items[0]);
    if (obj !== undefined && !continuing) produced.push(noEndOfData(ctx));
    produced.push(...(await runCommand(ctx, cmd, "body")).units);
  }
  if (msg.final && ctx.pkg.incoming !== undefined) produced.push(noEndOfData(ctx));
  return produced;
}

/** [TR-PRO §2.2] Alert 1225 for the object that was not finished; the object is dropped. */
function noEndOfData(ctx: RunContext): ReplyUnit {
  const obj = ctx.pkg.incoming;
  ctx.pkg.incoming = undefined;
  const items =
    obj === undefined
      ? []
      : [
          {
            target: { locUri: obj.target },
            ...(obj.source !== undefined && { source: { locUri: obj.source } }),
          },
        ];
  ctx.log?.warn({ ...ctx.logFields, target: obj?.target }, "large object not finished; Alert 1225");
  return unit(alertDraft(1225, items));
}
