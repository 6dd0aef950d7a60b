/** The `devices` table: its columns, a row as a Device, and how each patchable field is stored. */
import type { Device, DevicePatch } from "@omadm/server";
import type { Row } from "./columns.js";
import { bool, int, json, optInt, optJson, optText, text, toJson } from "./columns.js";

export const deviceColumns =
  "id, name, msisdn, notify, client_auth, server_auth, client_nonce, client_nonce_at, server_nonce, " +
  "auth_failures, locked_until, dev_info, created_at, last_seen_at, auto_provisioned";

/** How each patchable field is stored: its column and its SQL value (a boolean for BOOLEAN). */
export const devicePatchColumns: {
  readonly [K in keyof DevicePatch]-?: readonly [
    column: string,
    toSql: (value: NonNullable<DevicePatch[K]>) => string | number | boolean | null,
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
  autoProvisioned: ["auto_provisioned", (v) => v],
};

/** Fields that cannot be cleared: `null` for them is a caller bug. */
export const requiredDeviceFields: ReadonlySet<string> = new Set([
  "clientAuth",
  "clientNonce",
  "serverNonce",
  "authFailures",
]);

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
    ...(bool(row, "auto_provisioned") ? { autoProvisioned: true } : {}),
  };
}
