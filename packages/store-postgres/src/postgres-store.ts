import { OmaDmError } from "@omadm/protocol";
import type { Clock, Store, StoreTx } from "@omadm/server";
import pg from "pg";
import type { PoolClient, QueryResult, QueryResultRow } from "pg";
import { postgresCommands } from "./postgres-commands.js";
import { postgresDevices } from "./postgres-devices.js";
import { postgresApiTokens, postgresEvents, postgresNotifications } from "./postgres-logs.js";
import { postgresMigrations } from "./postgres-migrations.js";
import type { PostgresMigration } from "./postgres-migrations.js";
import type { Queryable } from "./postgres-rows.js";
import { postgresSessions } from "./postgres-sessions.js";

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  readonly url: string;
  /** The schema holding the tables, created if missing (lower case letters, digits, _). Default "public". */
  readonly schema?: string;
  /** Default Date.now. */
  readonly clock?: Clock;
  /** Connections in the pool (default 10). */
  readonly poolSize?: number;
  /** Run the migrations on open (default true). */
  readonly migrate?: boolean;
  /** Errors of idle pooled connections (the server went away); default: ignored, the pool reconnects. */
  readonly onError?: (error: Error) => void;
}

/** A Store on PostgreSQL, with the schema it uses. */
export interface PostgresStore extends Store {
  readonly schema: string;
}

const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/** FNV-1a, as a signed 32-bit integer: an advisory lock key per schema. */
function lockKeyOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** Second advisory-lock keys, with the schema's key as the first. */
const lockEvents = 1;
const lockMigrations = 2;

function parts(db: Queryable, clock: Clock, schemaKey: number): StoreTx {
  return {
    devices: postgresDevices(db, clock),
    commands: postgresCommands(db, clock),
    sessions: postgresSessions(db, clock),
    events: postgresEvents(db, clock, [schemaKey, lockEvents]),
    notifications: postgresNotifications(db, clock),
    apiTokens: postgresApiTokens(db, clock),
  };
}

async function migrate(
  pool: pg.Pool,
  schema: string,
  migrations: readonly PostgresMigration[],
  clock: Clock,
): Promise<void> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    // Processes starting together migrate one after the other; the later ones find nothing to do.
    await client.query("SELECT pg_advisory_xact_lock($1::int4, $2::int4)", [
      lockKeyOf(schema),
      lockMigrations,
    ]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET LOCAL search_path TO "${schema}"`);
    await client.query(
      "CREATE TABLE IF NOT EXISTS omadm_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    );
    const { rows } = await client.query<{ version: number }>("SELECT version FROM omadm_migrations");
    const applied = new Set(rows.map((row) => Number(row.version)));
    const known = new Set(migrations.map((m) => m.version));
    const newer = [...applied].filter((version) => !known.has(version));
    if (newer.length > 0) {
      throw new OmaDmError(
        "STORE_VERSION",
        `schema ${schema} has version ${Math.max(...newer)}, written by a newer omadm; this one knows up to ${Math.max(0, ...known)}`,
      );
    }
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query("INSERT INTO omadm_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
        migration.version,
        migration.name,
        clock(),
      ]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Opens the PostgreSQL store: a connection pool whose connections all use `schema`. Several
 * server processes may open the same database and schema at once.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const schema = options.schema ?? "public";
  if (!schemaPattern.test(schema)) {
    throw new OmaDmError(
      "INVALID_ARGUMENT",
      `schema must be lower case letters, digits and _, not ${schema}`,
    );
  }
  const clock = options.clock ?? Date.now;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    // Every connection resolves unqualified table names in our schema.
    options: `-c search_path=${schema}`,
  });
  pool.on("error", options.onError ?? (() => undefined));
  try {
    if (options.migrate !== false) await migrate(pool, schema, postgresMigrations, clock);
    else await pool.query("SELECT 1");
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresStoreImpl(pool, schema, clock);
}

class PostgresStoreImpl implements PostgresStore {
  readonly backend = "postgres";
  readonly schema: string;
  readonly devices: StoreTx["devices"];
  readonly commands: StoreTx["commands"];
  readonly sessions: StoreTx["sessions"];
  readonly events: StoreTx["events"];
  readonly notifications: StoreTx["notifications"];
  readonly apiTokens: StoreTx["apiTokens"];

  readonly #pool: pg.Pool;
  readonly #clock: Clock;
  readonly #schemaKey: number;
  readonly #running = new Set<Promise<unknown>>();
  #closed = false;

  constructor(pool: pg.Pool, schema: string, clock: Clock) {
    this.#pool = pool;
    this.schema = schema;
    this.#clock = clock;
    this.#schemaKey = lockKeyOf(schema);
    const db: Queryable = {
      query: <R extends QueryResultRow>(text: string, values?: unknown[]) =>
        this.#track(() => pool.query<R>(text, values)),
    };
    const store = parts(db, clock, this.#schemaKey);
    this.devices = store.devices;
    this.commands = store.commands;
    this.sessions = store.sessions;
    this.events = store.events;
    this.notifications = store.notifications;
    this.apiTokens = store.apiTokens;
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.#track(async () => {
      const client: PoolClient = await this.#pool.connect();
      let open = true;
      let broken = false;
      const db: Queryable = {
        query: <R extends QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>> =>
          open
            ? client.query<R>(text, values)
            : Promise.reject(new OmaDmError("INVALID_ARGUMENT", "the transaction has finished")),
      };
      try {
        await client.query("BEGIN");
        const result = await fn(parts(db, this.#clock, this.#schemaKey));
        open = false;
        await client.query("COMMIT");
        return result;
      } catch (error) {
        open = false;
        await client.query("ROLLBACK").catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    });
  }

  migrate(): Promise<void> {
    return this.#track(() => migrate(this.#pool, this.schema, postgresMigrations, this.#clock));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#running]);
    await this.#pool.end();
  }

  /** Runs work unless closed, and remembers it until it settles so that close can wait for it. */
  #track<R>(work: () => Promise<R>): Promise<R> {
    if (this.#closed) return Promise.reject(new OmaDmError("STORE_CLOSED", "the store is closed"));
    const promise = work();
    this.#running.add(promise);
    const forget = () => {
      this.#running.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }
}
