import { isRowId } from "@omadm/store-sql";
import type { QueryResult, QueryResultRow } from "pg";

/** What both a pool and a transaction's client offer: one query at a time. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

/** A store id ("17") as the BIGINT key, or undefined when it cannot be one (no row has it). */
export function rowId(id: string): string | undefined {
  return isRowId(id) ? id : undefined;
}

/** $1, $2, ... placeholders for conditions built one by one. */
export class Params {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
