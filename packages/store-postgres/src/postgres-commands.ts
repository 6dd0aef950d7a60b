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
import type { Queryable } from "./postgres-rows.js";
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
import { Params, rowId } from "./postgres-rows.js";

function filterSql(filter: CommandFilter | undefined, params: Params): string[] {
  const where: string[] = [];
  if (filter?.deviceId !== undefined) where.push(`device_id = ${params.add(filter.deviceId)}`);
  if (filter?.states !== undefined) where.push(`state = ANY(${params.add(filter.states)}::text[])`);
  return where;
}

const whereOf = (where: readonly string[]) => (where.length === 0 ? "" : "WHERE " + where.join(" AND "));

export function postgresCommands(db: Queryable, clock: Clock): CommandQueue {
  return {
    async enqueue(
      deviceId: string,
      command: DmCommand,
      options?: { readonly correlator?: string },
    ): Promise<QueuedCommand> {
      // One statement: the device row hands out the next seq under its row lock, so processes
      // enqueueing for one device at once get consecutive seqs, and ids follow seq order.
      const now = clock();
      const { rows } = await db.query(
        `WITH d AS (UPDATE devices SET next_seq = next_seq + 1 WHERE id = $1 RETURNING id, next_seq)
         INSERT INTO commands (device_id, seq, command, state, correlator, created_at, updated_at)
         SELECT d.id, d.next_seq, $2::text, 'queued', $3::text, $4::bigint, $4::bigint FROM d
         RETURNING ${commandColumns}`,
        [deviceId, JSON.stringify(command), options?.correlator ?? null, now],
      );
      if (rows[0] === undefined) throw new OmaDmError("STORE_NOT_FOUND", `no device ${deviceId}`);
      return commandFromRow(rows[0]);
    },

    async get(id: string): Promise<QueuedCommand | undefined> {
      const key = rowId(id);
      if (key === undefined) return undefined;
      const { rows } = await db.query(`SELECT ${commandColumns} FROM commands WHERE id = $1`, [key]);
      return rows[0] === undefined ? undefined : commandFromRow(rows[0]);
    },

    async list(filter?: CommandFilter, page?: PageRequest): Promise<Page<QueuedCommand>> {
      const params = new Params();
      const where = filterSql(filter, params);
      if (page?.cursor !== undefined) {
        const [after] = decodeCursor(page.cursor, ["number"]);
        where.push(`id > ${params.add(after)}`);
      }
      const limit = pageLimit(page?.limit);
      const { rows } = await db.query(
        `SELECT ${commandColumns} FROM commands ${whereOf(where)} ORDER BY id LIMIT ${params.add(limit + 1)}`,
        params.values,
      );
      const items = rows.slice(0, limit).map(commandFromRow);
      const last = items.at(-1);
      return rows.length > limit && last !== undefined
        ? { items, nextCursor: encodeCursor([Number(last.id)]) }
        : { items };
    },

    async count(filter?: CommandFilter): Promise<number> {
      const params = new Params();
      const where = filterSql(filter, params);
      const { rows } = await db.query(`SELECT count(*) AS n FROM commands ${whereOf(where)}`, params.values);
      return rows[0] === undefined ? 0 : int(rows[0], "n");
    },

    async nextForSession(deviceId: string): Promise<readonly QueuedCommand[]> {
      const { rows } = await db.query(
        `SELECT ${commandColumns} FROM commands WHERE device_id = $1 AND state IN ('queued', 'sent') ORDER BY seq`,
        [deviceId],
      );
      return rows.map(commandFromRow);
    },

    async markSent(ids: readonly string[], sessionRef: string): Promise<readonly QueuedCommand[]> {
      const keys = ids.map(rowId).filter((key) => key !== undefined);
      if (keys.length === 0) return [];
      // A conditional UPDATE: it locks each row and re-checks the state, so a command finished or
      // cancelled meanwhile (by any process) is left alone. Sending again within the same session
      // is not a new attempt; a later session's is, and marks the command resent.
      const { rows } = await db.query(
        `UPDATE commands SET
           attempts = CASE WHEN state = 'sent' AND session_ref = $1 THEN attempts ELSE attempts + 1 END,
           resent = CASE WHEN state = 'sent' AND session_ref = $1 THEN resent
                         WHEN attempts + 1 > 1 THEN TRUE ELSE resent END,
           state = 'sent', session_ref = $1, updated_at = $2
         WHERE id = ANY($3::bigint[]) AND state IN ('queued', 'sent')
         RETURNING ${commandColumns}`,
        [sessionRef, clock(), keys],
      );
      return rows.map(commandFromRow).sort((a, b) => a.seq - b.seq);
    },

    async recordResult(id: string, outcome: CommandOutcome): Promise<QueuedCommand | undefined> {
      const key = rowId(id);
      if (key === undefined) return undefined;
      const state = outcomeState(outcome);
      // Given fields replace, absent ones stay (an async Exec's 202 then its final result).
      const { rows } = await db.query(
        `UPDATE commands SET state = $1, status = $2, results = COALESCE($3, results),
           children = COALESCE($4, children), updated_at = $5
         WHERE id = $6 RETURNING ${commandColumns}`,
        [state, outcome.status, toJson(outcome.results), toJson(outcome.children), clock(), key],
      );
      return rows[0] === undefined ? undefined : commandFromRow(rows[0]);
    },

    async recordResults(results: readonly CommandResult[]): Promise<readonly RecordedResult[]> {
      const entries = results.flatMap(({ id, outcome }) => {
        const key = rowId(id);
        return key === undefined ? [] : [{ key, outcome }];
      });
      if (entries.length === 0) return [];
      // One UPDATE for the whole list: parallel arrays, one element per command.
      const { rows } = await db.query(
        `UPDATE commands AS c SET state = e.state, status = e.status,
           results = COALESCE(e.results, c.results), children = COALESCE(e.children, c.children),
           updated_at = $6
         FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[])
           AS e(id, state, status, results, children)
         WHERE c.id = e.id RETURNING c.id, c.state`,
        [
          entries.map((e) => e.key),
          entries.map((e) => outcomeState(e.outcome)),
          entries.map((e) => e.outcome.status),
          entries.map((e) => toJson(e.outcome.results)),
          entries.map((e) => toJson(e.outcome.children)),
          clock(),
        ],
      );
      const changed = new Map(rows.map((row) => [text(row, "id"), text(row, "state")]));
      return entries.flatMap(({ key }) => {
        const state = changed.get(key);
        return state === "done" || state === "failed" ? [{ id: key, state }] : [];
      });
    },

    async findByCorrelator(deviceId: string, correlator: string): Promise<QueuedCommand | undefined> {
      const { rows } = await db.query(
        `SELECT ${commandColumns} FROM commands WHERE device_id = $1 AND correlator = $2 ORDER BY id DESC LIMIT 1`,
        [deviceId, correlator],
      );
      return rows[0] === undefined ? undefined : commandFromRow(rows[0]);
    },

    async cancel(id: string): Promise<boolean> {
      const key = rowId(id);
      if (key === undefined) return false;
      const { rowCount } = await db.query(
        "UPDATE commands SET state = 'cancelled', updated_at = $1 WHERE id = $2 AND state IN ('queued', 'sent')",
        [clock(), key],
      );
      return rowCount === 1;
    },
  };
}
