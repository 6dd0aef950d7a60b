import { OmaDmError } from "@omadm/protocol";
import type {
  Clock,
  Device,
  DeviceFilter,
  DevicePatch,
  DeviceRegistry,
  NewDevice,
  Page,
  PageRequest,
} from "@omadm/server";
import type { Param, Row, SqliteConnection, Sync } from "./sqlite-connection.js";
import {
  decodeCursor,
  deviceColumns,
  deviceFromRow,
  devicePatchColumns,
  encodeCursor,
  int,
  pageLimit,
  requiredDeviceFields,
  toJson,
} from "@omadm/store-sql";

/** WHERE conditions of a device filter (ANDed). */
function filterSql(filter: DeviceFilter | undefined): { where: string[]; params: Param[] } {
  const where: string[] = [];
  const params: Param[] = [];
  if (filter?.search !== undefined && filter.search !== "") {
    where.push("(instr(lower(id), ?) > 0 OR instr(lower(COALESCE(name, '')), ?) > 0)");
    const needle = filter.search.toLowerCase();
    params.push(needle, needle);
  }
  if (filter?.autoProvisioned !== undefined) {
    where.push("auto_provisioned = ?");
    params.push(filter.autoProvisioned ? 1 : 0);
  }
  if (filter?.seenSince !== undefined) {
    where.push("last_seen_at >= ?");
    params.push(filter.seenSince);
  }
  if (filter?.devInfo !== undefined && Object.keys(filter.devInfo).length > 0) {
    // Every wanted pair must be among the device's DevInfo leaves; one SQL text for any number
    // of pairs (they are bound as one JSON object).
    where.push(
      "NOT EXISTS (SELECT 1 FROM json_each(?) AS w WHERE NOT EXISTS " +
        "(SELECT 1 FROM json_each(devices.dev_info) AS d WHERE d.key = w.key AND d.value = w.value))",
    );
    params.push(JSON.stringify(filter.devInfo));
  }
  return { where, params };
}

export function sqliteDevices(db: SqliteConnection, clock: Clock): Sync<DeviceRegistry> {
  const get = (id: string): Device | undefined => {
    const row = db.get(`SELECT ${deviceColumns} FROM devices WHERE id = ?`, [id]);
    return row === undefined ? undefined : deviceFromRow(row);
  };

  return {
    create(device: NewDevice): Device {
      if (db.get("SELECT 1 AS x FROM devices WHERE id = ?", [device.id]) !== undefined) {
        throw new OmaDmError("STORE_CONFLICT", `device ${device.id} exists`);
      }
      const row = db.get(
        `INSERT INTO devices (id, name, msisdn, notify, client_auth, server_auth, client_nonce, client_nonce_at,
           server_nonce, dev_info, created_at, auto_provisioned)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${deviceColumns}`,
        [
          device.id,
          device.name ?? null,
          device.msisdn ?? null,
          toJson(device.notify),
          JSON.stringify(device.clientAuth),
          toJson(device.serverAuth),
          device.clientNonce ?? "",
          device.clientNonceAt ?? null,
          device.serverNonce ?? "",
          toJson(device.devInfo),
          clock(),
          device.autoProvisioned === true ? 1 : 0,
        ],
      );
      return deviceFromRow(row as Row);
    },

    get,

    list(filter?: DeviceFilter, page?: PageRequest): Page<Device> {
      const { where, params } = filterSql(filter);
      if (page?.cursor !== undefined) {
        const [after] = decodeCursor(page.cursor, ["string"]);
        where.push("id > ?");
        params.push(after as string);
      }
      const limit = pageLimit(page?.limit);
      const rows = db.all(
        `SELECT ${deviceColumns} FROM devices ${where.length === 0 ? "" : "WHERE " + where.join(" AND ")}
         ORDER BY id LIMIT ?`,
        [...params, limit + 1],
      );
      const items = rows.slice(0, limit).map(deviceFromRow);
      const last = items.at(-1);
      return rows.length > limit && last !== undefined
        ? { items, nextCursor: encodeCursor([last.id]) }
        : { items };
    },

    count(filter?: DeviceFilter): number {
      const { where, params } = filterSql(filter);
      const row = db.get(
        `SELECT count(*) AS n FROM devices ${where.length === 0 ? "" : "WHERE " + where.join(" AND ")}`,
        params,
      );
      return row === undefined ? 0 : int(row, "n");
    },

    update(id: string, patch: DevicePatch): Device | undefined {
      const sets: string[] = [];
      const params: Param[] = [];
      for (const [field, value] of Object.entries(patch) as [keyof DevicePatch, unknown][]) {
        const spec = devicePatchColumns[field] as
          readonly [string, (value: unknown) => Param | boolean] | undefined;
        if (spec === undefined || value === undefined) continue;
        if (value === null && requiredDeviceFields.has(field)) {
          throw new OmaDmError("INVALID_ARGUMENT", `device field ${field} cannot be cleared`);
        }
        sets.push(`${spec[0]} = ?`);
        // Cleared autoProvisioned is stored as 0 (the column is NOT NULL).
        const sql = value === null ? (field === "autoProvisioned" ? 0 : null) : spec[1](value);
        // SQLite has no BOOLEAN: 1 and 0.
        params.push(typeof sql === "boolean" ? (sql ? 1 : 0) : sql);
      }
      if (sets.length === 0) return get(id);
      const row = db.get(`UPDATE devices SET ${sets.join(", ")} WHERE id = ? RETURNING ${deviceColumns}`, [
        ...params,
        id,
      ]);
      return row === undefined ? undefined : deviceFromRow(row);
    },

    recordAuthFailure(id, lock): Device | undefined {
      const row = db.get(
        `UPDATE devices SET auth_failures = auth_failures + 1,
           locked_until = CASE WHEN auth_failures + 1 >= ? THEN ? ELSE locked_until END
         WHERE id = ? RETURNING ${deviceColumns}`,
        [lock?.threshold ?? null, lock?.until ?? null, id],
      );
      return row === undefined ? undefined : deviceFromRow(row);
    },

    delete(id: string): boolean {
      return db.atomic(() => {
        // Sessions name their device without a foreign key (a session may start before its
        // device exists); commands and notification attempts go by ON DELETE CASCADE.
        db.run("DELETE FROM sessions WHERE device_id = ?", [id]);
        return db.run("DELETE FROM devices WHERE id = ?", [id]) === 1;
      });
    },
  };
}
