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
  encodeCursor,
  int,
  json,
  optInt,
  optJson,
  optText,
  pageLimit,
  text,
  toJson,
} from "./sqlite-rows.js";

const columns =
  "id, name, msisdn, notify, client_auth, server_auth, client_nonce, client_nonce_at, server_nonce, " +
  "auth_failures, locked_until, dev_info, created_at, last_seen_at, auto_provisioned";

/** How each patchable field is stored: its column and its SQL value. */
const patchColumns: {
  readonly [K in keyof DevicePatch]-?: readonly [
    column: string,
    toSql: (value: NonNullable<DevicePatch[K]>) => Param,
  ];
} = {
  name: ["name", (v) => v],
  msisdn: ["msisdn", (v) => v],
  notify: ["notify", (v) => toJson(v)],
  clientAuth: ["client_auth", (v) => toJson(v)],
  serverAuth: ["server_auth", (v) => toJson(v)],
  clientNonce: ["client_nonce", (v) => v],
  clientNonceAt: ["client_nonce_at", (v) => v],
  serverNonce: ["server_nonce", (v) => v],
  authFailures: ["auth_failures", (v) => v],
  lockedUntil: ["locked_until", (v) => v],
  devInfo: ["dev_info", (v) => toJson(v)],
  lastSeenAt: ["last_seen_at", (v) => v],
  autoProvisioned: ["auto_provisioned", (v) => (v ? 1 : 0)],
};

/** Fields that cannot be cleared: `null` for them is a caller bug. */
const required = new Set(["clientAuth", "clientNonce", "serverNonce", "authFailures"]);

export function deviceFromRow(row: Row): Device {
  const name = optText(row, "name");
  const msisdn = optText(row, "msisdn");
  const notify = optJson<Device["notify"]>(row, "notify");
  const serverAuth = optJson<Device["serverAuth"]>(row, "server_auth");
  const clientNonceAt = optInt(row, "client_nonce_at");
  const lockedUntil = optInt(row, "locked_until");
  const devInfo = optJson<Device["devInfo"]>(row, "dev_info");
  const lastSeenAt = optInt(row, "last_seen_at");
  return {
    id: text(row, "id"),
    ...(name === undefined ? {} : { name }),
    ...(msisdn === undefined ? {} : { msisdn }),
    ...(notify === undefined ? {} : { notify }),
    clientAuth: json<Device["clientAuth"]>(row, "client_auth"),
    ...(serverAuth === undefined ? {} : { serverAuth }),
    clientNonce: text(row, "client_nonce"),
    ...(clientNonceAt === undefined ? {} : { clientNonceAt }),
    serverNonce: text(row, "server_nonce"),
    authFailures: int(row, "auth_failures"),
    ...(lockedUntil === undefined ? {} : { lockedUntil }),
    ...(devInfo === undefined ? {} : { devInfo }),
    createdAt: int(row, "created_at"),
    ...(lastSeenAt === undefined ? {} : { lastSeenAt }),
    ...(int(row, "auto_provisioned") === 1 ? { autoProvisioned: true } : {}),
  };
}

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
    const row = db.get(`SELECT ${columns} FROM devices WHERE id = ?`, [id]);
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
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${columns}`,
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
        `SELECT ${columns} FROM devices ${where.length === 0 ? "" : "WHERE " + where.join(" AND ")}
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
        const spec = patchColumns[field] as readonly [string, (value: unknown) => Param] | undefined;
        if (spec === undefined || value === undefined) continue;
        if (value === null && required.has(field)) {
          throw new OmaDmError("INVALID_ARGUMENT", `device field ${field} cannot be cleared`);
        }
        sets.push(`${spec[0]} = ?`);
        // Cleared autoProvisioned is stored as 0 (the column is NOT NULL).
        params.push(value === null ? (field === "autoProvisioned" ? 0 : null) : spec[1](value));
      }
      if (sets.length === 0) return get(id);
      const row = db.get(`UPDATE devices SET ${sets.join(", ")} WHERE id = ? RETURNING ${columns}`, [
        ...params,
        id,
      ]);
      return row === undefined ? undefined : deviceFromRow(row);
    },

    recordAuthFailure(id, lock): Device | undefined {
      const row = db.get(
        `UPDATE devices SET auth_failures = auth_failures + 1,
           locked_until = CASE WHEN auth_failures + 1 >= ? THEN ? ELSE locked_until END
         WHERE id = ? RETURNING ${columns}`,
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
