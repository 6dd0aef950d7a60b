/**
 * The PostgreSQL schema as an ordered list of migrations, the same tables as the SQLite store's
 * (a migration, once released, never changes: append a new one). `omadm_migrations` records which
 * versions a schema has.
 *
 * Times are BIGINT milliseconds since the epoch. JSON is kept as TEXT, as in SQLite: the store
 * never looks inside except for the DevInfo filter, and TEXT keeps a document exactly as written
 * (jsonb would reorder keys and refuse \u0000). Ids sort in "C" collation, byte order, as SQLite's
 * BINARY does, so both stores page in the same order.
 */
export interface PostgresMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const postgresMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    name: "devices, commands, sessions, events, notification attempts, api tokens",
    sql: `
CREATE TABLE devices (
  id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT,
  msisdn TEXT,
  notify TEXT,
  client_auth TEXT NOT NULL,
  server_auth TEXT,
  client_nonce TEXT NOT NULL DEFAULT '',
  client_nonce_at BIGINT,
  server_nonce TEXT NOT NULL DEFAULT '',
  auth_failures INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT,
  dev_info TEXT,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT,
  auto_provisioned BOOLEAN NOT NULL DEFAULT FALSE,
  next_seq INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE commands (
  id BIGSERIAL PRIMARY KEY,
  device_id TEXT COLLATE "C" NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  command TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'done', 'failed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  resent BOOLEAN NOT NULL DEFAULT FALSE,
  session_ref TEXT,
  status INTEGER,
  results TEXT,
  children TEXT,
  correlator TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (device_id, seq)
);
CREATE INDEX commands_device_state ON commands (device_id, state, seq);
CREATE INDEX commands_state ON commands (state);
CREATE INDEX commands_correlator ON commands (device_id, correlator) WHERE correlator IS NOT NULL;

CREATE TABLE sessions (
  token TEXT COLLATE "C" PRIMARY KEY,
  device_id TEXT COLLATE "C",
  session_id TEXT NOT NULL,
  state TEXT NOT NULL,
  version INTEGER NOT NULL,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_device ON sessions (device_id);
CREATE INDEX sessions_created ON sessions (created_at, token);

CREATE TABLE events (
  id BIGSERIAL PRIMARY KEY,
  device_id TEXT COLLATE "C" NOT NULL,
  kind TEXT NOT NULL,
  data TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX events_device ON events (device_id, id);

CREATE TABLE notification_attempts (
  id BIGSERIAL PRIMARY KEY,
  device_id TEXT COLLATE "C" NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  channel TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'failed')),
  detail TEXT,
  at BIGINT NOT NULL
);
CREATE INDEX notification_attempts_device ON notification_attempts (device_id, id);

CREATE TABLE api_tokens (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);
`,
  },
];
