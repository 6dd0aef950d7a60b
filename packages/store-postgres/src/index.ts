/**
 * @omadm/store-postgres: the omadm Store on PostgreSQL, for several server processes on one
 * database. Start with postgres-store.ts.
 */
export { openPostgresStore } from "./postgres-store.js";
export type { PostgresStore, PostgresStoreOptions } from "./postgres-store.js";
export { postgresMigrations } from "./postgres-migrations.js";
export type { PostgresMigration } from "./postgres-migrations.js";
