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
import type { Param, SqliteConnection, Sync } from "./sqlite-connection.js";
import { decodeCursor, encodeCursor, int, pageLimit, sessionColumns, sessionFromRow } from "@omadm/store-sql";

export function sqliteSessions(db: SqliteConnection, clock: Clock): Sync<SessionStore> {
  return {
    create(session: NewSession): Session {
      const now = clock();
      // One statement: a taken token inserts nothing and returns no row.
      const row = db.get(
        `INSERT INTO sessions (token, device_id, session_id, state, version, expires_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (token) DO NOTHING RETURNING ${sessionColumns}`,
        [
          session.token,
          session.deviceId ?? null,
          session.sessionId,
          JSON.stringify(session.state ?? null),
          session.expiresAt,
          now,
          now,
        ],
      );
      if (row === undefined) throw new OmaDmError("STORE_CONFLICT", "a session with this token exists");
      return sessionFromRow(row);
    },

    get(token: string): Session | undefined {
      const row = db.get(`SELECT ${sessionColumns} FROM sessions WHERE token = ?`, [token]);
      return row === undefined ? undefined : sessionFromRow(row);
    },

    claim(token: string, version: number): boolean {
      // One connection writes, and a transaction runs alone: reading the version is the claim.
      return (
        db.get("SELECT 1 AS x FROM sessions WHERE token = ? AND version = ?", [token, version]) !== undefined
      );
    },

    update(token: string, expectedVersion: number, patch: SessionPatch): boolean {
      const sets = ["version = version + 1", "updated_at = ?"];
      const params: Param[] = [clock()];
      if (patch.deviceId !== undefined) {
        sets.push("device_id = ?");
        params.push(patch.deviceId);
      }
      if (patch.state !== undefined) {
        sets.push("state = ?");
        params.push(JSON.stringify(patch.state));
      }
      if (patch.expiresAt !== undefined) {
        sets.push("expires_at = ?");
        params.push(patch.expiresAt);
      }
      // [optimistic concurrency] the version check and the write are one statement.
      return (
        db.run(`UPDATE sessions SET ${sets.join(", ")} WHERE token = ? AND version = ?`, [
          ...params,
          token,
          expectedVersion,
        ]) === 1
      );
    },

    delete(token: string): boolean {
      return db.run("DELETE FROM sessions WHERE token = ?", [token]) === 1;
    },

    deleteExpired(now: number): number {
      return db.run("DELETE FROM sessions WHERE expires_at <= ?", [now]);
    },

    countOpen(now: number): number {
      const row = db.get("SELECT count(*) AS n FROM sessions WHERE expires_at > ?", [now]);
      return row === undefined ? 0 : int(row, "n");
    },

    list(filter, page?: PageRequest): Page<Session> {
      const where = ["expires_at > ?"];
      const params: Param[] = [filter.now];
      if (filter.deviceId !== undefined) {
        where.push("device_id = ?");
        params.push(filter.deviceId);
      }
      if (page?.cursor !== undefined) {
        const [createdAt, token] = decodeCursor(page.cursor, ["number", "string"]);
        where.push("(created_at, token) > (?, ?)");
        params.push(createdAt as number, token as string);
      }
      const limit = pageLimit(page?.limit);
      const rows = db.all(
        `SELECT ${sessionColumns} FROM sessions WHERE ${where.join(" AND ")} ORDER BY created_at, token LIMIT ?`,
        [...params, limit + 1],
      );
      const items = rows.slice(0, limit).map(sessionFromRow);
      const last = items.at(-1);
      return rows.length > limit && last !== undefined
        ? { items, nextCursor: encodeCursor([last.createdAt, last.token]) }
        : { items };
    },
  };
}
