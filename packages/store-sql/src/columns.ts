/**
 * Column readers and writers of both SQL stores. The schema guarantees each column's type; these
 * narrow it for TypeScript and smooth over the drivers: SQLite gives INTEGER as a number and has
 * no boolean (0/1), pg gives BIGINT as a string and BOOLEAN as a boolean.
 */
import { OmaDmError } from "@omadm/protocol";

/** A result row: column name -> value, as either driver returns it. */
export type Row = Readonly<Record<string, unknown>>;

export function text(row: Row, column: string): string {
  return asString(row[column]);
}

export function optText(row: Row, column: string): string | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : asString(value);
}

/** TEXT columns arrive as strings, BIGINT ids as strings (pg) or numbers (SQLite). */
function asString(value: unknown): string {
  return typeof value === "string"
    ? value
    : typeof value === "number"
      ? String(value)
      : JSON.stringify(value);
}

/** INTEGER and BIGINT (our values stay below 2^53). */
export function int(row: Row, column: string): number {
  return Number(row[column]);
}

export function optInt(row: Row, column: string): number | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : Number(value);
}

/** BOOLEAN on PostgreSQL, INTEGER 0/1 on SQLite. */
export function bool(row: Row, column: string): boolean {
  const value = row[column];
  return value === true || value === 1;
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

/** True when `id` can be a store-allocated id ("17"): anything else names no row. */
export function isRowId(id: string): boolean {
  return /^[1-9][0-9]{0,14}$/.test(id);
}
