import { OmaDmError } from "@omadm/protocol";
import type {
  Clock,
  NewSession,
  Page,
  PageRequest,
  Session,
  SessionPatch,
  SessionStore,
} from "@omadm/server";
import type { Queryable } from "./postgres-rows.js";
import { decodeCursor, encodeCursor, int, pageLimit, sessionColumns, sessionFromRow } from "@omadm/store-sql";
import { Params } from "./postgres-rows.js";

export function postgresSessions(db: Queryable, clock: Clock): SessionStore {
  return {
    async create(session: NewSession): Promise<Session> {
      const now = clock();
      const { rows } = await db.query(
        `INSERT INTO sessions (token, device_id, session_id, state, version, expires_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 1, $5, $6, $6) ON CONFLICT (token) DO NOTHING RETURNING ${sessionColumns}`,
        [
          session.token,
          session.deviceId ?? null,
          session.sessionId,
          JSON.stringify(session.state ?? null),
          session.expiresAt,
          now,
        ],
      );
      if (rows[0] === undefined) throw new OmaDmError("STORE_CONFLICT", "a session with this token exists");
      return sessionFromRow(rows[0]);
    },

    async get(token: string): Promise<Session | undefined> {
      const { rows } = await db.query(`SELECT ${sessionColumns} FROM sessions WHERE token = $1`, [token]);
      return rows[0] === undefined ? undefined : sessionFromRow(rows[0]);
    },

    async claim(token: string, version: number): Promise<boolean> {
      // The row lock is held to the end of the transaction. A second process claiming the same
      // version waits for it, then re-checks the WHERE against the committed row: no row.
      const { rowCount } = await db.query(
        "SELECT 1 FROM sessions WHERE token = $1 AND version = $2 FOR UPDATE",
        [token, version],
      );
      return rowCount === 1;
    },

    async update(token: string, expectedVersion: number, patch: SessionPatch): Promise<boolean> {
      const params = new Params();
      const sets = ["version = version + 1", `updated_at = ${params.add(clock())}`];
      if (patch.deviceId !== undefined) sets.push(`device_id = ${params.add(patch.deviceId)}`);
      if (patch.state !== undefined) sets.push(`state = ${params.add(JSON.stringify(patch.state))}`);
      if (patch.expiresAt !== undefined) sets.push(`expires_at = ${params.add(patch.expiresAt)}`);
      // [optimistic concurrency] A second process updating the same version waits for the row
      // lock, then re-checks the WHERE against the committed row: version moved on, 0 rows.
      const { rowCount } = await db.query(
        `UPDATE sessions SET ${sets.join(", ")} WHERE token = ${params.add(token)} AND version = ${params.add(expectedVersion)}`,
        params.values,
      );
      return rowCount === 1;
    },

    async delete(token: string): Promise<boolean> {
      const { rowCount } = await db.query("DELETE FROM sessions WHERE token = $1", [token]);
      return rowCount === 1;
    },

    async deleteExpired(now: number): Promise<number> {
      const { rowCount } = await db.query("DELETE FROM sessions WHERE expires_at <= $1", [now]);
      return rowCount ?? 0;
    },

    async countOpen(now: number): Promise<number> {
      const { rows } = await db.query("SELECT count(*) AS n FROM sessions WHERE expires_at > $1", [now]);
      return rows[0] === undefined ? 0 : int(rows[0], "n");
    },

    async list(filter, page?: PageRequest): Promise<Page<Session>> {
      const params = new Params();
      const where = [`expires_at > ${params.add(filter.now)}`];
      if (filter.deviceId !== undefined) where.push(`device_id = ${params.add(filter.deviceId)}`);
      if (page?.cursor !== undefined) {
        const [createdAt, token] = decodeCursor(page.cursor, ["number", "string"]);
        where.push(`(created_at, token) > (${params.add(createdAt)}::bigint, ${params.add(token)})`);
      }
      const limit = pageLimit(page?.limit);
      const { rows } = await db.query(
        `SELECT ${sessionColumns} FROM sessions WHERE ${where.join(" AND ")} ORDER BY created_at, token LIMIT ${params.add(limit + 1)}`,
        params.values,
      );
      const items = rows.slice(0, limit).map(sessionFromRow);
      const last = items.at(-1);
      return rows.length > limit && last !== undefined
        ? { items, nextCursor: encodeCursor([last.createdAt, last.token]) }
        : { items };
    },
  };
}
