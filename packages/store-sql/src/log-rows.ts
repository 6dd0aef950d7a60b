/** The log tables (`events`, `notification_attempts`) and `api_tokens`: rows as Store objects. */
import type { ApiToken, Event, NotificationAttempt } from "@omadm/server";
import type { Row } from "./columns.js";
import { int, json, optText, text } from "./columns.js";

export function eventFromRow(row: Row): Event {
  return {
    id: int(row, "id"),
    deviceId: text(row, "device_id"),
    kind: text(row, "kind") as Event["kind"],
    data: json<unknown>(row, "data"),
    at: int(row, "at"),
  };
}

export function attemptFromRow(row: Row): NotificationAttempt {
  const detail = optText(row, "detail");
  return {
    id: text(row, "id"),
    deviceId: text(row, "device_id"),
    channel: text(row, "channel") as NotificationAttempt["channel"],
    attempt: int(row, "attempt"),
    outcome: text(row, "outcome") as NotificationAttempt["outcome"],
    ...(detail === undefined ? {} : { detail }),
    at: int(row, "at"),
  };
}

export function apiTokenFromRow(row: Row): ApiToken {
  return {
    id: text(row, "id"),
    name: text(row, "name"),
    hash: text(row, "hash"),
    createdAt: int(row, "created_at"),
  };
}
