import { OmaDmError } from "@omadm/protocol";
import type { Row } from "./sqlite-connection.js";

// Column readers: the schema guarantees the types, these only narrow them for TypeScript.

export function text(row: Row, column: string): string {
  const value = row[column];
  return typeof value === "string" ? value : String(value);
}

export function optText(row: Row, column: string): string | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : String(value);
}

export function int(row: Row, column: string): number {
  return Number(row[column]);
}

export function optInt(row: Row, column: string): number | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : Number(value);
}

export function json<T>(row: Row, column: string): T {
  return JSON.parse(text(row, column)) as T;
}

export function optJson<T>(row: Row, column: string): T | undefined {
  const value = optText(row, column);
  return value === undefined ? undefined : (JSON.parse(value) as T);
}

/** JSON text for a TEXT column; undefined and null become SQL NULL. */
export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Page size: default 100, between 1 and 1000. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return 100;
  return Math.max(1, Math.min(1000, Math.floor(limit)));
}

/** An opaque cursor holding the sort key of the last item of a page. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/** The sort key in a cursor; a cursor we did not make is a caller bug. */
export function decodeCursor(cursor: string, shape: readonly ("string" | "number")[]): (string | number)[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    key = undefined;
  }
  if (
    !Array.isArray(key) ||
    key.length !== shape.length ||
    !key.every((part, i) => typeof part === shape[i])
  ) {
    throw new OmaDmError("INVALID_ARGUMENT", "not a cursor of this list");
  }
  return key as (string | number)[];
}

/** A store id ("17") as the INTEGER key, or undefined when it cannot be one (no row has it). */
export function rowId(id: string): number | undefined {
  return /^[1-9][0-9]{0,14}$/.test(id) ? Number(id) : undefined;
}
