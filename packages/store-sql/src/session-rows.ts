/** The `sessions` table: its columns and a row as a Session. */
import type { Session } from "@omadm/server";
import type { Row } from "./columns.js";
import { int, json, optText, text } from "./columns.js";

export const sessionColumns =
  "token, device_id, session_id, state, version, expires_at, created_at, updated_at";

export function sessionFromRow(row: Row): Session {
  const deviceId = optText(row, "device_id");
  return {
    token: text(row, "token"),
    ...(deviceId === undefined ? {} : { deviceId }),
    sessionId: text(row, "session_id"),
    state: json<unknown>(row, "state"),
    version: int(row, "version"),
    expiresAt: int(row, "expires_at"),
    createdAt: int(row, "created_at"),
    updatedAt: int(row, "updated_at"),
  };
}
