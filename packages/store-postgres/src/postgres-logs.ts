import { OmaDmError } from "@omadm/protocol";
import type {
  ApiToken,
  ApiTokenStore,
  Clock,
  Event,
  EventLog,
  EventQuery,
  NewEvent,
  NewNotificationAttempt,
  NotificationAttempt,
  NotificationLog,
} from "@omadm/server";
import type { Queryable } from "./postgres-rows.js";
import { apiTokenFromRow, attemptFromRow, eventFromRow, int, pageLimit } from "@omadm/store-sql";
import { Params, rowId } from "./postgres-rows.js";

/**
 * `lockKey`: the advisory lock (two int4 keys) that orders event appends of this schema.
 * A BIGSERIAL id is drawn when the row is inserted but becomes visible at commit; two processes
 * could commit ids 12 then 11, and a reader that already moved its cursor past 12 would never see
 * 11. Taking a transaction-scoped advisory lock before drawing the id makes commit order id
 * order: a reader following ids misses nothing.
 */
export function postgresEvents(db: Queryable, clock: Clock, lockKey: readonly [number, number]): EventLog {
  // One statement for any number of events: the lock is taken in the subquery, before the rows
  // (and their ids) are formed, in list order, and held until the surrounding transaction
  // commits; the RETURNING rows are sorted by id, which is list order.
  const appendMany = async (events: readonly NewEvent[]): Promise<readonly Event[]> => {
    if (events.length === 0) return [];
    const { rows } = await db.query(
      `INSERT INTO events (device_id, kind, data, at)
         SELECT e.d, e.k, e.x, $4::bigint
         FROM (SELECT pg_advisory_xact_lock($5::int4, $6::int4)) AS l,
           unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS e(d, k, x, n)
         ORDER BY e.n
         RETURNING id, device_id, kind, data, at`,
      [
        events.map((e) => e.deviceId),
        events.map((e) => e.kind),
        events.map((e) => JSON.stringify(e.data ?? null)),
        clock(),
        lockKey[0],
        lockKey[1],
      ],
    );
    return rows.map(eventFromRow).sort((a, b) => a.id - b.id);
  };
  return {
    append: async (event: NewEvent): Promise<Event> => (await appendMany([event]))[0] as Event,
    appendMany,

    async list(query?: EventQuery): Promise<readonly Event[]> {
      const params = new Params();
      const where = [`id > ${params.add(query?.after ?? 0)}`];
      if (query?.deviceId !== undefined) where.push(`device_id = ${params.add(query.deviceId)}`);
      if (query?.kinds !== undefined) where.push(`kind = ANY(${params.add(query.kinds)}::text[])`);
      const { rows } = await db.query(
        `SELECT id, device_id, kind, data, at FROM events WHERE ${where.join(" AND ")} ORDER BY id LIMIT ${params.add(pageLimit(query?.limit))}`,
        params.values,
      );
      return rows.map(eventFromRow);
    },

    async lastId(): Promise<number> {
      // The highest committed id: with appends ordered by the lock, nothing below it is still to come.
      const { rows } = await db.query("SELECT COALESCE(max(id), 0) AS id FROM events");
      return rows[0] === undefined ? 0 : int(rows[0], "id");
    },
  };
}

export function postgresNotifications(db: Queryable, clock: Clock): NotificationLog {
  return {
    async append(attempt: NewNotificationAttempt): Promise<NotificationAttempt> {
      // Inserted only when the device exists: an unknown device is an answer, not a foreign-key
      // error that would abort the caller's transaction.
      const { rows } = await db.query(
        `INSERT INTO notification_attempts (device_id, channel, attempt, outcome, detail, at)
         SELECT id, $2::text, $3::integer, $4::text, $5::text, $6::bigint FROM devices WHERE id = $1
         RETURNING id, device_id, channel, attempt, outcome, detail, at`,
        [
          attempt.deviceId,
          attempt.channel,
          attempt.attempt,
          attempt.outcome,
          attempt.detail ?? null,
          clock(),
        ],
      );
      if (rows[0] === undefined) throw new OmaDmError("STORE_NOT_FOUND", `no device ${attempt.deviceId}`);
      return attemptFromRow(rows[0]);
    },

    async list(
      deviceId: string,
      options?: { readonly since?: number; readonly limit?: number },
    ): Promise<readonly NotificationAttempt[]> {
      // The most recent `limit`, returned oldest first. LIMIT NULL is "no limit".
      const { rows } = await db.query(
        `SELECT * FROM (
           SELECT id, device_id, channel, attempt, outcome, detail, at FROM notification_attempts
           WHERE device_id = $1 AND at >= $2 ORDER BY id DESC LIMIT $3
         ) AS recent ORDER BY id`,
        [deviceId, options?.since ?? Number.MIN_SAFE_INTEGER, options?.limit ?? null],
      );
      return rows.map(attemptFromRow);
    },
  };
}

export function postgresApiTokens(db: Queryable, clock: Clock): ApiTokenStore {
  return {
    async create(token: { readonly name: string; readonly hash: string }): Promise<ApiToken> {
      const { rows } = await db.query(
        `INSERT INTO api_tokens (name, hash, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (hash) DO NOTHING RETURNING id, name, hash, created_at`,
        [token.name, token.hash, clock()],
      );
      if (rows[0] === undefined) throw new OmaDmError("STORE_CONFLICT", "an API token with this hash exists");
      return apiTokenFromRow(rows[0]);
    },

    async findByHash(hash: string): Promise<ApiToken | undefined> {
      const { rows } = await db.query("SELECT id, name, hash, created_at FROM api_tokens WHERE hash = $1", [
        hash,
      ]);
      return rows[0] === undefined ? undefined : apiTokenFromRow(rows[0]);
    },

    async list(): Promise<readonly ApiToken[]> {
      const { rows } = await db.query("SELECT id, name, hash, created_at FROM api_tokens ORDER BY id");
      return rows.map(apiTokenFromRow);
    },

    async delete(id: string): Promise<boolean> {
      const key = rowId(id);
      if (key === undefined) return false;
      const { rowCount } = await db.query("DELETE FROM api_tokens WHERE id = $1", [key]);
      return rowCount === 1;
    },
  };
}
