/**
 * @omadm/store-sqlite: the default omadm Store, SQLite in one file (WebAssembly build, nothing to
 * install). Start with sqlite-store.ts.
 */
export { defaultSqlitePath, openSqliteStore } from "./sqlite-store.js";
export type { SqliteStore, SqliteStoreOptions, SqliteSynchronous } from "./sqlite-store.js";
export { sqliteMigrations } from "./sqlite-migrations.js";
export type { SqliteMigration } from "./sqlite-migrations.js";
