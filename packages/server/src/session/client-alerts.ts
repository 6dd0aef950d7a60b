/**
 * Alerts the device sends on its own [TR-PRO §2.3.7], fact sheet §1.12: Generic Alerts (1226)
 * and Client Events (1224) become stored events, one per Item; a Generic Alert with a Correlator
 * is the result of an asynchronous Exec [TR-REP §4.1.6.6] and is recorded against that command.
 */
import type { Alert, Item } from "@omadm/protocol";
import { alertCode } from "@omadm/protocol";
import type { QueuedCommand, ResultItem } from "../store/store-api.js";
import { commandDataOf, finalState, resultItemOf } from "../commands/index.js";
import type { MessageContext } from "./message-context.js";
import { appendEvent } from "./message-context.js";

/** Prefix of the Correlators we invent for Execs queued without one: `omadm-<command id>`. */
export const correlatorPrefix = "omadm-";

/** The Correlator an Exec of `q` carries. */
export function correlatorOf(q: QueuedCommand): string {
  return q.correlator ?? `${correlatorPrefix}${q.id}`;
}

/**
 * Stores a 1224 or 1226 alert and gives its Status code: 200 when stored [TR-PRO §2.3.7],
 * 412 (incomplete command) when it has no Item.
 */
export async function recordClientAlert(ctx: MessageContext, alert: Alert): Promise<number> {
  if (alert.items.length === 0) return 412;
  const deviceId = ctx.state.deviceId;
  if (alert.data === alertCode.clientEvent) {
    for (const item of alert.items) {
      appendEvent(ctx, { deviceId, kind: "client-event", data: { ...alertItemFields(item) } });
    }
    return 200;
  }
  const command =
    alert.correlator === undefined ? undefined : await commandOfCorrelator(ctx, alert.correlator);
  for (const item of alert.items) {
    appendEvent(ctx, {
      deviceId,
      kind: "generic-alert",
      data: {
        ...alertItemFields(item),
        ...(alert.correlator === undefined ? {} : { correlator: alert.correlator }),
        ...(command === undefined ? {} : { commandId: command.id }),
      },
    });
  }
  if (command !== undefined && alert.correlator !== undefined) {
    await recordExecResult(ctx, command, alert.correlator, alert.items);
  }
  return 200;
}

/** Meta Type/Format/Mark, Source and Data of one alert Item, as event data. */
function alertItemFields(item: Item): Record<string, unknown> {
  const format = item.meta?.format;
  const type = item.meta?.type;
  const data = commandDataOf(item.data, format, type);
  return {
    ...(type === undefined ? {} : { type }),
    ...(format === undefined ? {} : { format }),
    // [TR-PRO §2.3.7] Mark defaults to informational.
    mark: item.meta?.mark ?? "informational",
    ...(item.source === undefined ? {} : { source: item.source.locUri }),
    ...(data === undefined ? {} : { data }),
  };
}

async function commandOfCorrelator(
  ctx: MessageContext,
  correlator: string,
): Promise<QueuedCommand | undefined> {
  const deviceId = ctx.state.deviceId;
  const found = await ctx.tx.commands.findByCorrelator(deviceId, correlator);
  if (found !== undefined) return found;
  if (!correlator.startsWith(correlatorPrefix)) return undefined;
  const byId = await ctx.tx.commands.get(correlator.slice(correlatorPrefix.length));
  return byId?.deviceId === deviceId ? byId : undefined;
}

/**
 * The async Exec's final result: the first Item's Data is its result code (FUMO/SCOMO/DCMO
 * report one [TR-FUMO §10.2.1]); a Data that is no number counts as 200. While the Exec's own
 * 202 is still pending in this session, the result waits beside it and wins at the flush.
 */
async function recordExecResult(
  ctx: MessageContext,
  command: QueuedCommand,
  correlator: string,
  items: readonly Item[],
): Promise<void> {
  const first = items[0];
  const text = typeof first?.data === "string" ? first.data.trim() : "";
  const code = /^\d{1,5}$/.test(text) ? Number(text) : 200;
  const results: ResultItem[] = items.map((i) =>
    resultItemOf(i, undefined, command.command.kind === "Exec" ? command.command.uri : ""),
  );
  const pending = ctx.state.pending[command.id];
  if (pending !== undefined) {
    pending.final = { status: code, results };
  } else {
    const state = finalState(code);
    const updated = await ctx.tx.commands.recordResult(command.id, { status: code, results, state });
    if (updated !== undefined) {
      ctx.signals.push({
        type: "command-updated",
        deviceId: ctx.state.deviceId,
        commandId: command.id,
        state: updated.state,
        status: code,
      });
    }
  }
  appendEvent(ctx, {
    deviceId: ctx.state.deviceId,
    kind: "exec-result",
    data: { commandId: command.id, correlator, status: code, results },
  });
}
