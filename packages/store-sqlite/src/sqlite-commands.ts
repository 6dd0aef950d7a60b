import { OmaDmError } from "@omadm/protocol";
import type {
  Clock,
  CommandFilter,
  CommandOutcome,
  CommandQueue,
  CommandResult,
  DmCommand,
  Page,
  PageRequest,
  QueuedCommand,
  RecordedResult,
} from "@omadm/server";
import type { Param, Row, SqliteConnection, Sync } from "./sqlite-connection.js";
import {
  commandColumns,
  commandFromRow,
  decodeCursor,
  encodeCursor,
  int,
  outcomeState,
  pageLimit,
  text,
  toJson,
} from "@omadm/store-sql";
import { rowId } from "./sqlite-rows.js";

export function filterSql(filter: CommandFilter | undefined): { where: string[]; params: Param[] } {
  const where: string[] = [];
  const params: Param[] = [];
  if (filter?.deviceId !== undefined) {
    where.push("device_id = ?");
    params.push(filter.deviceId);
  }
  if (filter?.states !== undefined) {
    // One SQL text for any number of states: the list is bound as a JSON array.
    where.push("state IN (SELECT value FROM json_each(?))");
    params.push(JSON.stringify(filter.states));
  }
  return { where, params };
}

const whereOf = (where: readonly string[]) => (where.length === 0 ? "" : "WHERE " + where.join(" AND "));

export function sqliteCommands(db: SqliteConnection, clock: Clock): Sync<CommandQueue> {
  const get = (id: string): QueuedCommand | undefined => {
    const key = rowId(id);
    const row =
      key === undefined ? undefined : db.get(`SELECT ${commandColumns} FROM commands WHERE id = ?`, [key]);
    return row === undefined ? undefined : commandFromRow(row);
  };

  return {
    enqueue(deviceId: string, command: DmCommand, options?: { readonly correlator?: string }): QueuedCommand {
      return db.atomic(() => {
        // The device row hands out the next seq: per-device order without gaps or races.
        const seqRow = db.get("UPDATE devices SET next_seq = next_seq + 1 WHERE id = ? RETURNING next_seq", [
          deviceId,
        ]);
        if (seqRow === undefined) throw new OmaDmError("STORE_NOT_FOUND", `no device ${deviceId}`);
        const now = clock();
        const row = db.get(
          `INSERT INTO commands (device_id, seq, command, state, correlator, created_at, updated_at)
           VALUES (?, ?, ?, 'queued', ?, ?, ?) RETURNING ${commandColumns}`,
          [deviceId, int(seqRow, "next_seq"), JSON.stringify(command), options?.correlator ?? null, now, now],
        );
        return commandFromRow(row as Row);
      });
    },

    get,

    list(filter?: CommandFilter, page?: PageRequest): Page<QueuedCommand> {
      const { where, params } = filterSql(filter);
      if (page?.cursor !== undefined) {
        const [after] = decodeCursor(page.cursor, ["number"]);
        where.push("id > ?");
        params.push(after as number);
      }
      const limit = pageLimit(page?.limit);
      const rows = db.all(`SELECT ${commandColumns} FROM commands ${whereOf(where)} ORDER BY id LIMIT ?`, [
        ...params,
        limit + 1,
      ]);
      const items = rows.slice(0, limit).map(commandFromRow);
      const last = items.at(-1);
      return rows.length > limit && last !== undefined
        ? { items, nextCursor: encodeCursor([Number(last.id)]) }
        : { items };
    },

    count(filter?: CommandFilter): number {
      const { where, params } = filterSql(filter);
      const row = db.get(`SELECT count(*) AS n FROM commands ${whereOf(where)}`, params);
      return row === undefined ? 0 : int(row, "n");
    },

    nextForSession(deviceId: string): readonly QueuedCommand[] {
      return db
        .all(
          `SELECT ${commandColumns} FROM commands WHERE device_id = ? AND state IN ('queued', 'sent') ORDER BY seq`,
          [deviceId],
        )
        .map(commandFromRow);
    },

    markSent(ids: readonly string[], sessionRef: string): readonly QueuedCommand[] {
      const keys = ids.map(rowId).filter((key) => key !== undefined);
      if (keys.length === 0) return [];
      // Sending again within the same session (a large object's next chunk, a repeated call)
      // is not a new attempt; sending in a later session is, and marks the command resent.
      const rows = db.all(
        `UPDATE commands SET
           attempts = CASE WHEN state = 'sent' AND session_ref = ?1 THEN attempts ELSE attempts + 1 END,
           resent = CASE WHEN state = 'sent' AND session_ref = ?1 THEN resent
                         WHEN attempts + 1 > 1 THEN 1 ELSE resent END,
           state = 'sent', session_ref = ?1, updated_at = ?2
         WHERE id IN (SELECT value FROM json_each(?3)) AND state IN ('queued', 'sent')
         RETURNING ${commandColumns}`,
        [sessionRef, clock(), JSON.stringify(keys)],
      );
      return rows.map(commandFromRow).sort((a, b) => a.seq - b.seq);
    },

    recordResult(id: string, outcome: CommandOutcome): QueuedCommand | undefined {
      const key = rowId(id);
      if (key === undefined) return undefined;
      const state = outcomeState(outcome);
      // Given fields replace, absent ones stay (an async Exec's 202 then its final result).
      const row = db.get(
        `UPDATE commands SET state = ?, status = ?, results = COALESCE(?, results),
           children = COALESCE(?, children), updated_at = ?
         WHERE id = ? RETURNING ${commandColumns}`,
        [state, outcome.status, toJson(outcome.results), toJson(outcome.children), clock(), key],
      );
      return row === undefined ? undefined : commandFromRow(row);
    },

    recordResults(results: readonly CommandResult[]): readonly RecordedResult[] {
      const entries = results.flatMap(({ id, outcome }) => {
        const key = rowId(id);
        return key === undefined
          ? []
          : [
              {
                key,
                state: outcomeState(outcome),
                status: outcome.status,
                results: toJson(outcome.results),
                children: toJson(outcome.children),
              },
            ];
      });
      if (entries.length === 0) return [];
      // One UPDATE for the whole list, each row matched to its entry of the bound JSON array.
      const rows = db.all(
        `UPDATE commands SET state = j.value ->> 'state', status = j.value ->> 'status',
           results = COALESCE(j.value ->> 'results', results),
           children = COALESCE(j.value ->> 'children', children), updated_at = ?
         FROM json_each(?) AS j WHERE commands.id = j.value ->> 'key'
         RETURNING commands.id AS id, commands.state AS state`,
        [clock(), JSON.stringify(entries)],
      );
      const changed = new Map(rows.map((row) => [int(row, "id"), text(row, "state")]));
      return entries.flatMap(({ key }) => {
        const state = changed.get(key);
        return state === "done" || state === "failed" ? [{ id: String(key), state }] : [];
      });
    },

    findByCorrelator(deviceId: string, correlator: string): QueuedCommand | undefined {
      const row = db.get(
        `SELECT ${commandColumns} FROM commands WHERE device_id = ? AND correlator = ? ORDER BY id DESC LIMIT 1`,
        [deviceId, correlator],
      );
      return row === undefined ? undefined : commandFromRow(row);
    },

    cancel(id: string): boolean {
      const key = rowId(id);
      if (key === undefined) return false;
      return (
        db.run(
          "UPDATE commands SET state = 'cancelled', updated_at = ? WHERE id = ? AND state IN ('queued', 'sent')",
          [clock(), key],
        ) === 1
      );
    },
  };
}
