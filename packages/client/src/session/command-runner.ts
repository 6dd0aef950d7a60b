/**
 * Runs one server command and returns its Statuses/Results in reply order: one handler per
 * command kind, dispatched by an exhaustive switch. Containers (Atomic, Sequence) put their own
 * Status first, then their children's. [TR-REP §4.1.6], fact sheet §1.7-§1.9
 */
import type { Alert, Atomic, Command, Sequence, Unknown } from "@omadm/protocol";
import { isUserInteractionAlert } from "@omadm/protocol";
import { runCopy, runDelete, runExec, runGet, runWrite } from "./item-commands.js";
import type { ReplyUnit } from "./reply-drafts.js";
import { statusDraft, unit } from "./reply-drafts.js";
import type { Flow, Ran, RunContext, Scope } from "./run-context.js";
import { isSuccess } from "./run-context.js";
import { runUiAlert } from "./ui-alert.js";

/** Runs `cmd` in `scope`. Never throws for protocol reasons; a NoResp command gets no Status. */
export async function runCommand(ctx: RunContext, cmd: Command, scope: Scope): Promise<Ran> {
  // [TR-PRO §2.5] after the user cancelled, the rest of the package is not executed.
  const ran = ctx.pkg.cancelled
    ? { units: skipped(ctx, cmd, 215), flow: "failed" as const }
    : await dispatch(ctx, cmd, scope);
  // NoResp: no Status for the command (and, on a container, for what it holds); Results still go.
  return noRespOf(cmd) ? { units: ran.units.filter((u) => !isStatusUnit(u)), flow: ran.flow } : ran;
}

async function dispatch(ctx: RunContext, cmd: Command, scope: Scope): Promise<Ran> {
  switch (cmd.kind) {
    case "Add":
    case "Replace":
      return runWrite(ctx, cmd, scope);
    case "Delete":
      return runDelete(ctx, cmd);
    case "Copy":
      return runCopy(ctx, cmd);
    case "Get":
      return runGet(ctx, cmd);
    case "Exec":
      return runExec(ctx, cmd);
    case "Alert":
      return runAlert(ctx, cmd);
    case "Atomic":
      return runAtomic(ctx, cmd);
    case "Sequence":
      return runSequence(ctx, cmd, scope);
    case "Status":
    case "Results":
      // Replies, not requests: the session reads Statuses; a Results from a server is ignored and
      // never answered (no Status for Results [TR-PRO §2.1.1]).
      return { units: [], flow: "ok" };
    case "Unknown":
      return runUnknown(ctx, cmd);
  }
}

function noRespOf(cmd: Command): boolean {
  return "noResp" in cmd && cmd.noResp === true;
}

function isStatusUnit(u: ReplyUnit): boolean {
  return u.kind === "command" && u.command.kind === "Status";
}

/**
 * Alerts from the server: UI alerts through the UI; 1222 (next message) and 1225 (our chunked
 * object was cut) are acted on by the session and answered 200 here; 1223 ends the session before
 * anything runs; any other code is one the client cannot process: 406. [TR-REP §4.1.6.2]
 */
async function runAlert(ctx: RunContext, cmd: Alert): Promise<Ran> {
  const code = cmd.data;
  const status = (data: number, items: Alert["items"] = []): ReplyUnit =>
    unit(statusDraft(ctx.msgRef, cmd.cmdId, "Alert", data, { items }));
  if (code === undefined) return { units: [status(412)], flow: "failed" };
  if (isUserInteractionAlert(code)) {
    const r = await runUiAlert(cmd, code, ctx.ui, ctx.serverId);
    if (r.status === 214) ctx.pkg.cancelled = true;
    const flow: Flow =
      r.status === 214
        ? "cancelled"
        : r.status === 304 || r.status === 408
          ? "refused"
          : isSuccess(r.status)
            ? "ok"
            : "failed";
    ctx.log?.info({ ...ctx.logFields, alert: code, status: r.status }, "UI alert answered");
    return { units: [status(r.status, r.items)], flow };
  }
  if (code === 1222 || code === 1225) return { units: [status(200)], flow: "ok" };
  return { units: [status(406)], flow: "failed" };
}

/** [TR-REP §4.1.6.3] children an Atomic may hold; Get, Exec, Atomic, Sequence inside it get 500. */
const atomicChildren: ReadonlySet<string> = new Set(["Add", "Alert", "Delete", "Copy", "Replace"]);

/**
 * Atomic: all or nothing through a tree transaction. Children run in order until one fails; then
 * the tree rolls back: children that ran get 216, the failing one keeps its code, the rest 215,
 * the Atomic 507 (516 when the roll back failed). A forbidden child fails the Atomic before
 * anything runs. [TR-REP §4.1.6.3], [TR-PRO §2.5.2.2]
 */
async function runAtomic(ctx: RunContext, cmd: Atomic): Promise<Ran> {
  const own = (code: number): ReplyUnit => unit(statusDraft(ctx.msgRef, cmd.cmdId, "Atomic", code));
  if (cmd.commands.some((c) => !atomicChildren.has(c.kind))) {
    const units = [own(507)];
    for (const c of cmd.commands) units.push(...skipped(ctx, c, atomicChildren.has(c.kind) ? 215 : 500));
    return { units, flow: "failed" };
  }
  if (ctx.tree.inTransaction)
    return { units: [own(500), ...cmd.commands.flatMap((c) => skipped(ctx, c, 215))], flow: "failed" };
  const tx = ctx.tree.begin();
  const ran: Ran[] = [];
  try {
    for (const child of cmd.commands) {
      const r = await runCommand(ctx, child, "atomic");
      ran.push(r);
      if (r.flow !== "ok") break;
    }
  } catch (e) {
    // A bug must not leave half an Atomic in the tree: the child that threw is answered 500.
    ctx.log?.error({ ...ctx.logFields, err: e }, "Atomic child failed with an exception");
    const child = cmd.commands[ran.length];
    ran.push({ units: child === undefined ? [] : skipped(ctx, child, 500), flow: "failed" });
  }
  if (ran.length === cmd.commands.length && ran.every((r) => r.flow === "ok")) {
    tx.commit();
    return { units: [own(200), ...ran.flatMap((r) => r.units)], flow: "ok" };
  }
  const rb = tx.rollback();
  return atomicFailure(ctx, cmd, ran, rb.status === 200, own);
}

function atomicFailure(
  ctx: RunContext,
  cmd: Atomic,
  ran: readonly Ran[],
  ok: boolean,
  own: (code: number) => ReplyUnit,
): Ran {
  const units: ReplyUnit[] = [own(ok ? 507 : 516)];
  const last = ran.length - 1;
  ran.forEach((r, i) => {
    // Children that ran and succeeded were rolled back: 216. When the roll back failed they keep
    // their codes, since their changes may still be in the tree.
    units.push(...(i === last || !ok ? r.units : r.units.filter(isStatusUnit).map((u) => as216(u))));
  });
  for (const c of cmd.commands.slice(ran.length)) units.push(...skipped(ctx, c, 215));
  return { units, flow: "failed" };
}

function as216(u: ReplyUnit): ReplyUnit {
  return u.kind === "command" && u.command.kind === "Status"
    ? unit({ ...u.command, data: 216, items: [] })
    : u;
}

/** [TR-REP §4.1.6.14] children a Sequence may hold (and Atomic, which RepPro's DTD allows). */
const sequenceChildren: ReadonlySet<string> = new Set([
  "Add",
  "Replace",
  "Delete",
  "Copy",
  "Get",
  "Exec",
  "Alert",
  "Atomic",
  "Unknown",
]);

/**
 * Sequence: children strictly in order; its own Status is 200 once it started. A failing child
 * does not stop it (each child has its own Status); a UI confirm answered No or timed out, or a
 * cancel, stops it and the rest get 215. [TR-REP §4.1.6.14], [TR-PRO §2.5.2.2]
 */
async function runSequence(ctx: RunContext, cmd: Sequence, scope: Scope): Promise<Ran> {
  const own = (code: number): ReplyUnit => unit(statusDraft(ctx.msgRef, cmd.cmdId, "Sequence", code));
  if (scope !== "body")
    return { units: [own(500), ...cmd.commands.flatMap((c) => skipped(ctx, c, 215))], flow: "failed" };
  const units: ReplyUnit[] = [own(200)];
  let stopped: Flow | undefined;
  for (const child of cmd.commands) {
    if (stopped !== undefined) {
      units.push(...skipped(ctx, child, 215));
      continue;
    }
    if (!sequenceChildren.has(child.kind)) {
      units.push(...skipped(ctx, child, 500));
      continue;
    }
    const r = await runCommand(ctx, child, "sequence");
    units.push(...r.units);
    if (r.flow === "refused" || r.flow === "cancelled") stopped = r.flow;
  }
  return { units, flow: stopped === "cancelled" ? "cancelled" : "ok" };
}

/** SyncML commands DM does not use get 406; elements that are no command at all get 400. */
const syncmlOnlyCommands: ReadonlySet<string> = new Set(["Sync", "Map", "Put", "Search", "Move"]);

function runUnknown(ctx: RunContext, cmd: Unknown): Ran {
  if (cmd.cmdId === undefined) {
    // Without a CmdID no Status can name it.
    ctx.log?.warn({ ...ctx.logFields, element: cmd.name }, "unknown element without CmdID ignored");
    return { units: [], flow: "failed" };
  }
  const code = syncmlOnlyCommands.has(cmd.name) ? 406 : 400;
  return { units: [unit(statusDraft(ctx.msgRef, cmd.cmdId, cmd.name, code))], flow: "failed" };
}

/** Statuses for a command that is not executed: `code` for it and everything it holds. */
export function skipped(ctx: RunContext, cmd: Command, code: number): ReplyUnit[] {
  const s = (
    cmdId: number,
    name: string,
    targets: readonly string[] = [],
    sources: readonly string[] = [],
  ): ReplyUnit =>
    unit(statusDraft(ctx.msgRef, cmdId, name, code, { targetRefs: targets, sourceRefs: sources }));
  switch (cmd.kind) {
    case "Add":
    case "Replace":
    case "Delete":
    case "Copy":
    case "Get": {
      const items = cmd.items.length === 0 ? [{}] : cmd.items;
      return items.map((i) => s(cmd.cmdId, cmd.kind, refs(i.target?.locUri), refs(i.source?.locUri)));
    }
    case "Exec":
      return [s(cmd.cmdId, "Exec", refs(cmd.item.target?.locUri))];
    case "Alert":
      return [s(cmd.cmdId, "Alert")];
    case "Atomic":
    case "Sequence":
      return [
        s(cmd.cmdId, cmd.kind),
        ...cmd.commands.flatMap((c) => skipped(ctx, c, code === 500 ? 215 : code)),
      ];
    case "Status":
    case "Results":
      return [];
    case "Unknown":
      return cmd.cmdId === undefined ? [] : [s(cmd.cmdId, cmd.name)];
  }
}

function refs(uri: string | undefined): string[] {
  const t = uri?.trim();
  return t === undefined || t === "" ? [] : [t];
}
