import sqlite from "node-sqlite3-wasm";
import type { Database, SQLiteValue, Statement } from "node-sqlite3-wasm";

const maxCachedStatements = 256;

/** Finalizes a statement; finalize reports the statement's last error, which was already handled. */
function finalizeQuietly(statement: Statement): void {
  try {
    if (!statement.isFinalized) statement.finalize();
  } catch {
    // See above.
  }
}

/** A result row: column name -> value. */
export type Row = Readonly<Record<string, SQLiteValue>>;

/** A bound parameter. */
export type Param = string | number | null;

/**
 * One SQLite connection with a prepared-statement cache. node-sqlite3-wasm is synchronous, so a
 * call runs to completion within one turn of the event loop: no other store call can interleave.
 */
export class SqliteConnection {
  readonly #db: Database;
  readonly #statements = new Map<string, Statement>();
  #savepoints = 0;

  constructor(path: string) {
    this.#db = new sqlite.Database(path);
  }

  exec(sql: string): void {
    this.#db.exec(sql);
  }

  all(sql: string, params: readonly Param[] = []): Row[] {
    return this.#use(sql, (statement) => statement.all(params as Param[]) as Row[]);
  }

  get(sql: string, params: readonly Param[] = []): Row | undefined {
    // Statement.get leaves the statement mid-step (still "in progress", which blocks SAVEPOINT
    // and COMMIT); stepping to the end resets it. Our single-row queries return one row anyway.
    return this.all(sql, params)[0];
  }

  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params: readonly Param[] = []): number {
    return this.#use(sql, (statement) => statement.run(params as Param[]).changes);
  }

  get inTransaction(): boolean {
    return this.#db.inTransaction;
  }

  /**
   * Runs `f` atomically. A savepoint works both on its own and nested in an open transaction
   * (the store's `transaction`), so every multi-row change is atomic either way.
   */
  atomic<T>(f: () => T): T {
    const name = `sp${++this.#savepoints}`;
    this.run(`SAVEPOINT ${name}`);
    try {
      const result = f();
      this.run(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.#db.exec(`ROLLBACK TO ${name}`);
      this.#db.exec(`RELEASE ${name}`);
      throw error;
    } finally {
      this.#savepoints--;
    }
  }

  close(): void {
    for (const statement of this.#statements.values()) finalizeQuietly(statement);
    this.#statements.clear();
    if (this.#db.isOpen) this.#db.close();
  }

  /**
   * A statement whose last step failed (a constraint) makes the library's next reset report that
   * old error; such a statement is dropped from the cache rather than reused.
   */
  #use<T>(sql: string, f: (statement: Statement) => T): T {
    const statement = this.#statement(sql);
    try {
      return f(statement);
    } catch (error) {
      this.#statements.delete(sql);
      finalizeQuietly(statement);
      throw error;
    }
  }

  #statement(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      // Filters combine into a bounded number of texts (lists are bound as one JSON array), but
      // keep the cache bounded anyway: drop the oldest statement.
      if (this.#statements.size >= maxCachedStatements) {
        const [oldestSql, oldest] = this.#statements.entries().next().value as [string, Statement];
        finalizeQuietly(oldest);
        this.#statements.delete(oldestSql);
      }
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

/** The synchronous twin of a Store part: the same methods, returning plain values. */
export type Sync<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never;
};
