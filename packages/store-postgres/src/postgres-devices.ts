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
import type { Queryable } from "./postgres-rows.js";
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
import { Params } from "./postgres-rows.js";

/** WHERE conditions of a device filter (ANDed). */
function filterSql(filter: DeviceFilter | undefined, params: Params): string[] {
  const where: string[] = [];
  if (filter?.search !== undefined && filter.search !== "") {
    const needle = params.add(filter.search.toLowerCase());
    where.push(`(strpos(lower(id), ${needle}) > 0 OR strpos(lower(COALESCE(name, '')), ${needle}) > 0)`);
  }
  if (filter?.autoProvisioned !== undefined)
    where.push(`auto_provisioned = ${params.add(filter.autoProvisioned)}`);
  if (filter?.seenSince !== undefined) where.push(`last_seen_at >= ${params.add(filter.seenSince)}`);
  if (filter?.devInfo !== undefined && Object.keys(filter.devInfo).length > 0) {
    // Every wanted pair must be among the device's DevInfo leaves.
    where.push(
      `NOT EXISTS (SELECT 1 FROM json_each_text(${params.add(JSON.stringify(filter.devInfo))}::json) AS w ` +
        "WHERE NOT EXISTS (SELECT 1 FROM json_each_text(devices.dev_info::json) AS d WHERE d.key = w.key AND d.value = w.value))",
    );
  }
  return where;
}

const whereOf = (where: readonly string[]) => (where.length === 0 ? "" : "WHERE " + where.join(" AND "));

export function postgresDevices(db: Queryable, clock: Clock): DeviceRegistry {
  const get = async (id: string): Promise<Device | undefined> => {
    const { rows } = await db.query(`SELECT ${deviceColumns} FROM devices WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : deviceFromRow(rows[0]);
  };

  return {
    async create(device: NewDevice): Promise<Device> {
      // ON CONFLICT DO NOTHING: a duplicate is an answer, not an SQL error that would abort the
      // caller's transaction.
      const { rows } = await db.query(
        `INSERT INTO devices (id, name, msisdn, notify, client_auth, server_auth, client_nonce, client_nonce_at,
           server_nonce, dev_info, created_at, auto_provisioned)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (id) DO NOTHING RETURNING ${deviceColumns}`,
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
          device.autoProvisioned === true,
        ],
      );
      if (rows[0] === undefined) throw new OmaDmError("STORE_CONFLICT", `device ${device.id} exists`);
      return deviceFromRow(rows[0]);
    },

    get,

    async list(filter?: DeviceFilter, page?: PageRequest): Promise<Page<Device>> {
      const params = new Params();
      const where = filterSql(filter, params);
      if (page?.cursor !== undefined) {
        const [after] = decodeCursor(page.cursor, ["string"]);
        where.push(`id > ${params.add(after)}`);
      }
      const limit = pageLimit(page?.limit);
      const { rows } = await db.query(
        `SELECT ${deviceColumns} FROM devices ${whereOf(where)} ORDER BY id LIMIT ${params.add(limit + 1)}`,
        params.values,
      );
      const items = rows.slice(0, limit).map(deviceFromRow);
      const last = items.at(-1);
      return rows.length > limit && last !== undefined
        ? { items, nextCursor: encodeCursor([last.id]) }
        : { items };
    },

    async count(filter?: DeviceFilter): Promise<number> {
      const params = new Params();
      const where = filterSql(filter, params);
      const { rows } = await db.query(`SELECT count(*) AS n FROM devices ${whereOf(where)}`, params.values);
      return rows[0] === undefined ? 0 : int(rows[0], "n");
    },

    async update(id: string, patch: DevicePatch): Promise<Device | undefined> {
      const params = new Params();
      const sets: string[] = [];
      for (const [field, value] of Object.entries(patch) as [keyof DevicePatch, unknown][]) {
        const spec = devicePatchColumns[field] as readonly [string, (value: unknown) => unknown] | undefined;
        if (spec === undefined || value === undefined) continue;
        if (value === null && requiredDeviceFields.has(field)) {
          throw new OmaDmError("INVALID_ARGUMENT", `device field ${field} cannot be cleared`);
        }
        // Cleared autoProvisioned is stored as false (the column is NOT NULL).
        const sql = value === null ? (field === "autoProvisioned" ? false : null) : spec[1](value);
        sets.push(`${spec[0]} = ${params.add(sql)}`);
      }
      if (sets.length === 0) return get(id);
      const { rows } = await db.query(
        `UPDATE devices SET ${sets.join(", ")} WHERE id = ${params.add(id)} RETURNING ${deviceColumns}`,
        params.values,
      );
      return rows[0] === undefined ? undefined : deviceFromRow(rows[0]);
    },

    async recordAuthFailure(id, lock): Promise<Device | undefined> {
      // One statement: the row lock makes simultaneous failures (any process) count one by one.
      const { rows } = await db.query(
        `UPDATE devices SET auth_failures = auth_failures + 1,
           locked_until = CASE WHEN auth_failures + 1 >= $1::integer THEN $2::bigint ELSE locked_until END
         WHERE id = $3 RETURNING ${deviceColumns}`,
        [lock?.threshold ?? null, lock?.until ?? null, id],
      );
      return rows[0] === undefined ? undefined : deviceFromRow(rows[0]);
    },

    async delete(id: string): Promise<boolean> {
      // Sessions name their device without a foreign key (a session may start before its device
      // exists); commands and notification attempts go by ON DELETE CASCADE. One statement, atomic.
      const { rowCount } = await db.query(
        "WITH s AS (DELETE FROM sessions WHERE device_id = $1) DELETE FROM devices WHERE id = $1",
        [id],
      );
      return rowCount === 1;
    },
  };
}
