/** The `commands` table: its columns, a row as a QueuedCommand, and the state an outcome leaves. */
import type { CommandOutcome, DmCommand, QueuedCommand } from "@omadm/server";
import type { Row } from "./columns.js";
import { bool, int, json, optInt, optJson, optText, text } from "./columns.js";

export const commandColumns =
  "id, device_id, seq, command, state, attempts, resent, session_ref, status, results, children, " +
  "correlator, created_at, updated_at";

export function commandFromRow(row: Row): QueuedCommand {
  const sessionRef = optText(row, "session_ref");
  const status = optInt(row, "status");
  const results = optJson<QueuedCommand["results"]>(row, "results");
  const children = optJson<QueuedCommand["children"]>(row, "children");
  const correlator = optText(row, "correlator");
  return {
    id: text(row, "id"),
    deviceId: text(row, "device_id"),
    seq: int(row, "seq"),
    command: json<DmCommand>(row, "command"),
    state: text(row, "state") as QueuedCommand["state"],
    attempts: int(row, "attempts"),
    resent: bool(row, "resent"),
    ...(sessionRef === undefined ? {} : { sessionRef }),
    ...(status === undefined ? {} : { status }),
    ...(results === undefined ? {} : { results }),
    ...(children === undefined ? {} : { children }),
    ...(correlator === undefined ? {} : { correlator }),
    createdAt: int(row, "created_at"),
    updatedAt: int(row, "updated_at"),
  };
}

/** The state an outcome leaves its command in: as given, else "done" for 2xx and "failed" otherwise. */
export function outcomeState(outcome: CommandOutcome): "done" | "failed" {
  return outcome.state ?? (outcome.status >= 200 && outcome.status < 300 ? "done" : "failed");
}
