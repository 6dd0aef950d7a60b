/**
 * The SQLite schema as an ordered list of migrations. A migration, once released, never changes:
 * append a new one. `omadm_migrations` records which versions a database has.
 *
 * Times are INTEGER milliseconds since the epoch; JSON columns are TEXT; booleans are 0/1.
 */
export interface SqliteMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const sqliteMigrations: readonly SqliteMigration[] = [
  {
    version: 1,
    name: "devices, commands, sessions, events, notification attempts, api tokens",
    sql: `
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  name TEXT,
  msisdn TEXT,
  notify TEXT,
  client_auth TEXT NOT NULL,
  server_auth TEXT,
  client_nonce TEXT NOT NULL DEFAULT '',
  client_nonce_at INTEGER,
  server_nonce TEXT NOT NULL DEFAULT '',
  auth_failures INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  dev_info TEXT,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER,
  auto_provisioned INTEGER NOT NULL DEFAULT 0,
  next_seq INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE commands (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  command TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'done', 'failed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  resent INTEGER NOT NULL DEFAULT 0,
  session_ref TEXT,
  status INTEGER,
  results TEXT,
  children TEXT,
  correlator TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (device_id, seq)
);
CREATE INDEX commands_device_state ON commands (device_id, state, seq);
CREATE INDEX commands_state ON commands (state);
CREATE INDEX commands_correlator ON commands (device_id, correlator) WHERE correlator IS NOT NULL;

CREATE TABLE sessions (
  token TEXT PRIMARY KEY,
  device_id TEXT,
  session_id TEXT NOT NULL,
  state TEXT NOT NULL,
  version INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_device ON sessions (device_id);
CREATE INDEX sessions_created ON sessions (created_at, token);

CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  device_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  data TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX events_device ON events (device_id, id);

CREATE TABLE notification_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  channel TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'failed')),
  detail TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX notification_attempts_device ON notification_attempts (device_id, id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
`,
  },
];
