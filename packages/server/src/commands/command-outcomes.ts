/**
 * What the device answered for one queued command, gathered while its package is open: Status
 * and Results are referenced by (MsgRef, CmdRef) [TR-REP §4.1.1.3-4.1.1.23], and a client package
 * may span messages, so a Get's Results can come a message after its Status. The children of an
 * Atomic or Sequence keep their own statuses [TR-REP §4.1.6.3, §4.1.6.14]. Plain JSON: it lives
 * in the session state between messages.
 */
import type { ChildOutcome, CommandOutcome, DmCommand, ResultItem } from "../store/store-api.js";
import type { CommandPath } from "./render-command.js";

export interface PendingOutcome {
  status?: number;
  results: ResultItem[];
  children?: PendingOutcome[];
  /** An async Exec's final result (Generic Alert with its Correlator) that arrived before the flush. */
  final?: { status: number; results: ResultItem[] };
}

/** An empty outcome shaped like `c` (one child per child command). */
export function emptyOutcome(c: DmCommand): PendingOutcome {
  return c.kind === "Atomic" || c.kind === "Sequence"
    ? { results: [], children: c.commands.map(emptyOutcome) }
    : { results: [] };
}

/** The outcome at `path` (undefined when the path does not exist). */
export function outcomeAt(root: PendingOutcome, path: CommandPath): PendingOutcome | undefined {
  let at: PendingOutcome | undefined = root;
  for (const i of path) at = at?.children?.[i];
  return at;
}

/** Records a Status code at `path`. A repeated Status (one per Item) keeps the worst code. */
export function applyStatus(root: PendingOutcome, path: CommandPath, code: number): void {
  const at = outcomeAt(root, path);
  if (at === undefined) return;
  if (at.status === undefined || (at.status < 300 && code >= 300)) at.status = code;
}

/** Appends Results items at `path`. */
export function applyResults(root: PendingOutcome, path: CommandPath, items: readonly ResultItem[]): void {
  outcomeAt(root, path)?.results.push(...items);
}

/**
 * The Store outcome once the device's package is complete, or undefined when the command's own
 * Status never came (it stays "sent" and goes again next session).
 */
export function toCommandOutcome(p: PendingOutcome): CommandOutcome | undefined {
  if (p.final !== undefined) {
    return { status: p.final.status, results: p.final.results, state: finalState(p.final.status) };
  }
  if (p.status === undefined) return undefined;
  const children = p.children?.map(toChildOutcome);
  return {
    status: p.status,
    ...(p.results.length === 0 ? {} : { results: p.results }),
    ...(children === undefined ? {} : { children }),
  };
}

function toChildOutcome(p: PendingOutcome): ChildOutcome {
  const children = p.children?.map(toChildOutcome);
  return {
    ...(p.status === undefined ? {} : { status: p.status }),
    ...(p.results.length === 0 ? {} : { results: p.results }),
    ...(children === undefined ? {} : { children }),
  };
}

/**
 * The state of an async Exec from the result code its Generic Alert carried: DM status codes
 * 2xx succeed; MO result codes in the 1200 range (DCMO "Operation Succeeded") too.
 */
export function finalState(code: number): "done" | "failed" {
  return (code >= 200 && code < 300) || (code >= 1200 && code < 1300) ? "done" : "failed";
}
