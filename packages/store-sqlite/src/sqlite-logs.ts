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
import type { Param, Row, SqliteConnection, Sync } from "./sqlite-connection.js";
import { apiTokenFromRow, attemptFromRow, eventFromRow, int, pageLimit } from "@omadm/store-sql";
import { rowId } from "./sqlite-rows.js";

export function sqliteEvents(db: SqliteConnection, clock: Clock): Sync<EventLog> {
  // One statement for any number of events. AUTOINCREMENT never reuses an id, and one connection
  // writes: ids increase in commit order. Only the ids come back: the other columns are what was
  // bound (fewer values read out of the WASM heap).
  const appendMany = (events: readonly NewEvent[]): readonly Event[] => {
    if (events.length === 0) return [];
    const rows = events.map((e) => ({ d: e.deviceId, k: e.kind, x: JSON.stringify(e.data ?? null) }));
    const at = clock();
    // Inserted in list order, so (one writer, AUTOINCREMENT) the ids ascend in list order; the
    // RETURNING rows themselves come in no promised order.
    const ids = db
      .all(
        `INSERT INTO events (device_id, kind, data, at)
           SELECT j.value ->> 'd', j.value ->> 'k', j.value ->> 'x', ? FROM json_each(?) AS j ORDER BY j.key
           RETURNING id`,
        [at, JSON.stringify(rows)],
      )
      .map((row) => int(row, "id"))
      .sort((a, b) => a - b);
    return rows.map((r, i) => ({
      id: ids[i] as number,
      deviceId: r.d,
      kind: r.k,
      data: JSON.parse(r.x) as unknown,
      at,
    }));
  };
  return {
    append: (event: NewEvent): Event => appendMany([event])[0] as Event,
    appendMany,

    list(query?: EventQuery): readonly Event[] {
      const where = ["id > ?"];
      const params: Param[] = [query?.after ?? 0];
      if (query?.deviceId !== undefined) {
        where.push("device_id = ?");
        params.push(query.deviceId);
      }
      if (query?.kinds !== undefined) {
        where.push("kind IN (SELECT value FROM json_each(?))");
        params.push(JSON.stringify(query.kinds));
      }
      return db
        .all(
          `SELECT id, device_id, kind, data, at FROM events WHERE ${where.join(" AND ")} ORDER BY id LIMIT ?`,
          [...params, pageLimit(query?.limit)],
        )
        .map(eventFromRow);
    },

    lastId(): number {
      const row = db.get("SELECT seq FROM sqlite_sequence WHERE name = 'events'");
      return row === undefined ? 0 : int(row, "seq");
    },
  };
}

export function sqliteNotifications(db: SqliteConnection, clock: Clock): Sync<NotificationLog> {
  return {
    append(attempt: NewNotificationAttempt): NotificationAttempt {
      if (db.get("SELECT 1 AS x FROM devices WHERE id = ?", [attempt.deviceId]) === undefined) {
        throw new OmaDmError("STORE_NOT_FOUND", `no device ${attempt.deviceId}`);
      }
      const row = db.get(
        `INSERT INTO notification_attempts (device_id, channel, attempt, outcome, detail, at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id, device_id, channel, attempt, outcome, detail, at`,
        [
          attempt.deviceId,
          attempt.channel,
          attempt.attempt,
          attempt.outcome,
          attempt.detail ?? null,
          clock(),
        ],
      );
      return attemptFromRow(row as Row);
    },

    list(
      deviceId: string,
      options?: { readonly since?: number; readonly limit?: number },
    ): readonly NotificationAttempt[] {
      // The most recent `limit`, returned oldest first. LIMIT -1 is "no limit" in SQLite.
      return db
        .all(
          `SELECT * FROM (
             SELECT id, device_id, channel, attempt, outcome, detail, at FROM notification_attempts
             WHERE device_id = ? AND at >= ? ORDER BY id DESC LIMIT ?
           ) ORDER BY id`,
          [deviceId, options?.since ?? Number.MIN_SAFE_INTEGER, options?.limit ?? -1],
        )
        .map(attemptFromRow);
    },
  };
}

export function sqliteApiTokens(db: SqliteConnection, clock: Clock): Sync<ApiTokenStore> {
  return {
    create(token: { readonly name: string; readonly hash: string }): ApiToken {
      if (db.get("SELECT 1 AS x FROM api_tokens WHERE hash = ?", [token.hash]) !== undefined) {
        throw new OmaDmError("STORE_CONFLICT", "an API token with this hash exists");
      }
      const row = db.get(
        "INSERT INTO api_tokens (name, hash, created_at) VALUES (?, ?, ?) RETURNING id, name, hash, created_at",
        [token.name, token.hash, clock()],
      );
      return apiTokenFromRow(row as Row);
    },

    findByHash(hash: string): ApiToken | undefined {
      const row = db.get("SELECT id, name, hash, created_at FROM api_tokens WHERE hash = ?", [hash]);
      return row === undefined ? undefined : apiTokenFromRow(row);
    },

    list(): readonly ApiToken[] {
      return db.all("SELECT id, name, hash, created_at FROM api_tokens ORDER BY id").map(apiTokenFromRow);
    },

    delete(id: string): boolean {
      const key = rowId(id);
      return key !== undefined && db.run("DELETE FROM api_tokens WHERE id = ?", [key]) === 1;
    },
  };
}
