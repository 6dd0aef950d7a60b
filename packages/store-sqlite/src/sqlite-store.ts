import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { OmaDmError } from "@omadm/protocol";
import type { Clock, Store, StoreTx } from "@omadm/server";
import { sqliteCommands } from "./sqlite-commands.js";
import { SqliteConnection } from "./sqlite-connection.js";
import type { Sync } from "./sqlite-connection.js";
import { sqliteDevices } from "./sqlite-devices.js";
import { databaseFileOwnership } from "./sqlite-file-lock.js";
import type { FileOwnership } from "./sqlite-file-lock.js";
import { sqliteApiTokens, sqliteEvents, sqliteNotifications } from "./sqlite-logs.js";
import { sqliteMigrations } from "./sqlite-migrations.js";
import type { SqliteMigration } from "./sqlite-migrations.js";
import { sqliteSessions } from "./sqlite-sessions.js";

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** The database file, created with its directory if missing; ":memory:" for a throw-away store. Default ./data/omadm.db. */
  readonly path?: string;
  /** Default Date.now. */
  readonly clock?: Clock;
  /** Run the migrations on open (default true). */
  readonly migrate?: boolean;
  /** PRAGMA synchronous (default "full": a write the store acknowledged survives a power loss). */
  readonly synchronous?: SqliteSynchronous;
}

/** A Store on SQLite, with the file it uses. */
export interface SqliteStore extends Store {
  readonly path: string;
}

/** The default database file. */
export const defaultSqlitePath = "./data/omadm.db";

type SyncTx = { readonly [K in keyof StoreTx]: Sync<StoreTx[K]> };

/** Runs a store call (now or later) and settles when its effects are durable. */
type Runner = <R>(f: () => R) => Promise<R>;

/** Methods that only read: they need not wait for a commit. */
const readMethods = new Set([
  "get",
  "list",
  "count",
  "nextForSession",
  "findByCorrelator",
  "countOpen",
  "lastId",
  "findByHash",
]);

function asyncPart<T>(part: Sync<T>, read: Runner, write: Runner): T {
  const out: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(part as Record<string, (...args: unknown[]) => unknown>)) {
    const run = readMethods.has(name) ? read : write;
    out[name] = (...args: unknown[]) => run(() => method(...args));
  }
  return out as T;
}

function asyncTx(parts: SyncTx, read: Runner, write: Runner): StoreTx {
  return {
    devices: asyncPart(parts.devices, read, write),
    commands: asyncPart(parts.commands, read, write),
    sessions: asyncPart(parts.sessions, read, write),
    events: asyncPart(parts.events, read, write),
    notifications: asyncPart(parts.notifications, read, write),
    apiTokens: asyncPart(parts.apiTokens, read, write),
  };
}

function settle<R>(f: () => R): Promise<R> {
  try {
    return Promise.resolve(f());
  } catch (error) {
    return Promise.reject(toError(error));
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Synchronous levels of SQLite: "full" (default) survives power loss; "normal" and "off" trade that for speed. */
export type SqliteSynchronous = "full" | "normal" | "off";

function migrate(db: SqliteConnection, migrations: readonly SqliteMigration[], clock: Clock): void {
  db.exec(
    "CREATE TABLE IF NOT EXISTS omadm_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
  );
  const applied = new Set(
    db.all("SELECT version FROM omadm_migrations").map((row) => Number(row["version"])),
  );
  const known = new Set(migrations.map((m) => m.version));
  const newer = [...applied].filter((version) => !known.has(version));
  if (newer.length > 0) {
    throw new OmaDmError(
      "STORE_VERSION",
      `the database has schema version ${Math.max(...newer)}, written by a newer omadm; this one knows up to ${Math.max(0, ...known)}`,
    );
  }
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.atomic(() => {
      db.exec(migration.sql);
      db.run("INSERT INTO omadm_migrations (version, name, applied_at) VALUES (?, ?, ?)", [
        migration.version,
        migration.name,
        clock(),
      ]);
    });
  }
}

/**
 * Opens (creating if needed) the SQLite store. One process owns the file (PRAGMA
 * locking_mode=EXCLUSIVE); a second process gets STORE_LOCKED. For several server processes use
 * @omadm/store-postgres.
 */
/** At most this many transactions share one commit, so none waits long for its fsync. */
const maxGroup = 32;

export function openSqliteStore(options: SqliteStoreOptions = {}): Promise<SqliteStore> {
  try {
    return Promise.resolve(openNow(options));
  } catch (error) {
    return Promise.reject(toError(error));
  }
}

function openNow(options: SqliteStoreOptions): SqliteStore {
  const clock = options.clock ?? Date.now;
  const synchronous = options.synchronous ?? "full";
  if (!["full", "normal", "off"].includes(synchronous)) {
    throw new OmaDmError(
      "INVALID_ARGUMENT",
      `synchronous must be full, normal or off, not ${String(synchronous)}`,
    );
  }
  const memory = options.path === ":memory:";
  const path = memory ? ":memory:" : resolve(options.path ?? defaultSqlitePath);
  let ownership: FileOwnership | undefined;
  if (!memory) {
    mkdirSync(dirname(path), { recursive: true });
    ownership = databaseFileOwnership(path);
  }
  const db = new SqliteConnection(path);
  try {
    // One writer, held for the life of the connection: no lock traffic per statement (the WASM
    // VFS locks with a directory, which is slow), and no second process writing underneath us.
    // WAL works in this build only because the lock is exclusive: SQLite then keeps the WAL index
    // in heap memory instead of the shared memory the WASM VFS lacks. A commit appends the changed
    // pages to the WAL and syncs that one file (a rollback journal syncs the journal, then the
    // database).
    db.exec(
      `PRAGMA locking_mode = EXCLUSIVE; PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;
       PRAGMA synchronous = ${synchronous.toUpperCase()};`,
    );
    // Take the lock now, so a second process fails at open rather than at its first request.
    db.get("SELECT count(*) AS n FROM sqlite_master");
    if (options.migrate !== false) migrate(db, sqliteMigrations, clock);
  } catch (error) {
    closeDatabase(db);
    if (error instanceof Error && /database is locked/i.test(error.message)) {
      throw new OmaDmError(
        "STORE_LOCKED",
        `${path} is in use by another process (SQLite serves one process; use PostgreSQL for several)`,
        { cause: error },
      );
    }
    throw error;
  }
  ownership?.claim();
  return new SqliteStoreImpl(path, db, clock, ownership);
}

/**
 * Closes the connection, back in rollback-journal mode (which checkpoints the WAL into the file):
 * a cleanly closed file is then a plain database that any SQLite opens, this WASM build without
 * the exclusive lock included. After a crash the file stays in WAL mode, which we (and native
 * SQLite) open and recover.
 */
function closeDatabase(db: SqliteConnection): void {
  try {
    db.exec("PRAGMA journal_mode = DELETE");
  } catch {
    // Closed anyway; the WAL is checkpointed on the next open.
  }
  db.close();
}

/** One group commit: the writes of one turn of the event loop, committed together. */
interface Batch {
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

class SqliteStoreImpl implements SqliteStore {
  readonly backend = "sqlite";
  readonly path: string;
  readonly devices: StoreTx["devices"];
  readonly commands: StoreTx["commands"];
  readonly sessions: StoreTx["sessions"];
  readonly events: StoreTx["events"];
  readonly notifications: StoreTx["notifications"];
  readonly apiTokens: StoreTx["apiTokens"];

  readonly #db: SqliteConnection;
  readonly #clock: Clock;
  readonly #ownership: FileOwnership | undefined;
  readonly #parts: SyncTx;
  /** A transaction running or queued: plain calls wait behind it. */
  #pending = 0;
  #tail: Promise<unknown> = Promise.resolve();
  #batch: Batch | undefined;
  #inTransaction = false;
  #commitAfterTransaction = false;
  /** Transactions that left the current batch open for the ones queued behind them. */
  #grouped = 0;
  #closed = false;

  constructor(path: string, db: SqliteConnection, clock: Clock, ownership: FileOwnership | undefined) {
    this.path = path;
    this.#db = db;
    this.#clock = clock;
    this.#ownership = ownership;
    this.#parts = {
      devices: sqliteDevices(db, clock),
      commands: sqliteCommands(db, clock),
      sessions: sqliteSessions(db, clock),
      events: sqliteEvents(db, clock),
      notifications: sqliteNotifications(db, clock),
      apiTokens: sqliteApiTokens(db, clock),
    };
    const tx = asyncTx(
      this.#parts,
      (f) => this.#read(f),
      (f) => this.#write(f),
    );
    this.devices = tx.devices;
    this.commands = tx.commands;
    this.sessions = tx.sessions;
    this.events = tx.events;
    this.notifications = tx.notifications;
    this.apiTokens = tx.apiTokens;
  }

  async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const { result, batch } = await this.#serialized(async () => {
      let open = true;
      const direct: Runner = (f) =>
        open ? settle(f) : Promise.reject(new OmaDmError("INVALID_ARGUMENT", "the transaction has finished"));
      const tx = asyncTx(this.#parts, direct, direct);
      const batch = this.#joinBatch();
      // A savepoint inside the group commit: rolled back alone when fn throws.
      this.#inTransaction = true;
      this.#db.run("SAVEPOINT omadm_tx");
      try {
        const result = await fn(tx);
        this.#db.run("RELEASE omadm_tx");
        return { result, batch };
      } catch (error) {
        this.#db.exec("ROLLBACK TO omadm_tx");
        this.#db.exec("RELEASE omadm_tx");
        throw error;
      } finally {
        open = false;
        this.#inTransaction = false;
        if (this.#commitAfterTransaction) {
          this.#commitAfterTransaction = false;
          this.#commitOrGroup();
        }
      }
    });
    await batch.done;
    return result;
  }

  migrate(): Promise<void> {
    return this.#write(() => migrate(this.#db, sqliteMigrations, this.#clock));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#tail;
    const batch = this.#batch;
    if (batch !== undefined) {
      this.#commit();
      await batch.done.catch(() => undefined);
    }
    closeDatabase(this.#db);
    this.#ownership?.release();
  }

  /** A read: at once (a synchronous call cannot interleave with another), unless a transaction runs. */
  #read<R>(f: () => R): Promise<R> {
    if (this.#closed) return Promise.reject(new OmaDmError("STORE_CLOSED", "the store is closed"));
    if (this.#pending > 0) return this.#serialized(() => settle(f));
    return settle(f);
  }

  /**
   * A write: runs at once inside the open group commit and settles when that commits. Every
   * commit of the file is an fsync (several milliseconds), so the writes of one turn of the event
   * loop share one; each caller still hears back only once its write is durable.
   */
  #write<R>(f: () => R): Promise<R> {
    if (this.#closed) return Promise.reject(new OmaDmError("STORE_CLOSED", "the store is closed"));
    if (this.#pending > 0) {
      return this.#serialized(() => settle(() => this.#writeInBatch(f))).then(({ result, batch }) =>
        batch.done.then(() => result),
      );
    }
    try {
      const { result, batch } = this.#writeInBatch(f);
      return batch.done.then(() => result);
    } catch (error) {
      return Promise.reject(toError(error));
    }
  }

  #writeInBatch<R>(f: () => R): { result: R; batch: Batch } {
    const batch = this.#joinBatch();
    return { result: f(), batch };
  }

  #joinBatch(): Batch {
    if (this.#batch !== undefined) return this.#batch;
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.#db.run("BEGIN IMMEDIATE");
    const batch: Batch = { done, resolve, reject };
    this.#batch = batch;
    setImmediate(() => {
      if (this.#batch !== batch) return;
      if (this.#inTransaction) this.#commitAfterTransaction = true;
      else this.#commit();
    });
    return batch;
  }

  /**
   * Group commit for transactions: a transaction that spans turns of the event loop would
   * otherwise commit (and fsync) alone. When others are queued behind it, the batch stays open
   * for them, up to `maxGroup` transactions; the last one, or the next quiet turn, commits.
   * Nobody hears back before the commit that holds their changes.
   */
  #commitOrGroup(): void {
    const batch = this.#batch;
    // #pending still counts the transaction finishing now: more than one means others wait.
    if (batch !== undefined && this.#pending > 1 && ++this.#grouped < maxGroup) {
      setImmediate(() => {
        if (this.#batch !== batch) return;
        if (this.#inTransaction) this.#commitAfterTransaction = true;
        else this.#commit();
      });
      return;
    }
    this.#commit();
  }

  #commit(): void {
    const batch = this.#batch;
    if (batch === undefined) return;
    this.#batch = undefined;
    this.#grouped = 0;
    try {
      this.#db.run("COMMIT");
      batch.resolve();
    } catch (error) {
      if (this.#db.inTransaction) this.#db.exec("ROLLBACK");
      batch.reject(error);
    }
  }

  #serialized<R>(f: () => Promise<R>): Promise<R> {
    if (this.#closed) return Promise.reject(new OmaDmError("STORE_CLOSED", "the store is closed"));
    this.#pending++;
    const result = this.#tail.then(f).finally(() => {
      this.#pending--;
    });
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
