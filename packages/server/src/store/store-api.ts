/**
 * The server's domain and the Store interface every backend implements (@omadm/store-sqlite,
 * @omadm/store-postgres) and one contract suite checks (@omadm/testing `runStoreContract`).
 *
 * Conventions:
 * - Times are milliseconds since the Unix epoch (UTC), taken from the injected {@link Clock}.
 * - Ids the store allocates (commands, notification attempts, API tokens) are decimal strings;
 *   event ids are numbers because SSE and webhook cursors compare them.
 * - Fields typed `unknown` must be JSON-serialisable; they come back as
 *   `JSON.parse(JSON.stringify(value))`.
 * - Optional fields are absent, never `undefined`, on values the store returns.
 * - Every method is atomic on its own; `transaction` groups several.
 */

/** The clock the server and the stores read: ms since the epoch; injected, defaulted at the edge (`Date.now`). */
export type Clock = () => number;

/** Milliseconds since the Unix epoch, UTC. */
export type Timestamp = number;

// ---------------------------------------------------------------------------------------------
// Devices

/** Authentication schemes of DM 1.2: syncml:auth-basic, syncml:auth-md5, syncml:auth-MAC (HMAC). */
export const authSchemes = ["basic", "md5", "hmac"] as const;
export type AuthScheme = (typeof authSchemes)[number];

/** How a device authenticates to us. */
export interface ClientAuth {
  readonly scheme: AuthScheme;
  readonly username: string;
  /**
   * B64(MD5(username ":" secret)): every scheme verifies from it (basic recomputes it from the
   * password received; MD5 and HMAC digests start from it). The secret itself is never stored.
   */
  readonly secretHash: string;
}

/** How we authenticate to the device (when it requires it). */
export interface ServerAuth {
  readonly scheme: AuthScheme;
  readonly serverId: string;
  /** B64(MD5(serverId ":" secret)). */
  readonly secretHash: string;
  /** Only for basic, which must send the password itself. */
  readonly secretPlain?: string;
}

/** Channels that carry Package 0 to a device. */
export const notifyChannels = ["ppg", "http", "udp"] as const;
export type NotifyChannel = (typeof notifyChannels)[number];

/** Where to send a device's Package 0: a PPG address (MSISDN/PLMN), a URL, or host:port. */
export interface NotifyTarget {
  readonly kind: NotifyChannel;
  readonly address: string;
}

/** A managed device. */
export interface Device {
  /** DevId, e.g. IMEI:490154203237518. */
  readonly id: string;
  readonly name?: string;
  readonly msisdn?: string;
  readonly notify?: NotifyTarget;
  readonly clientAuth: ClientAuth;
  readonly serverAuth?: ServerAuth;
  /** Base64: the NextNonce we gave the device, for its next Cred. "" before the first one. */
  readonly clientNonce: string;
  /** When clientNonce was issued (nonce expiry); absent before the first one. */
  readonly clientNonceAt?: Timestamp;
  /** Base64: the device's NextNonce, for our next Cred and Package 0. "" before the first one. */
  readonly serverNonce: string;
  /** Consecutive authentication failures; reset by a successful authentication. */
  readonly authFailures: number;
  readonly lockedUntil?: Timestamp;
  /** The last DevInfo leaves, keyed by path below ./DevInfo ("DevId", "Man", "Mod", "Ext/..."). */
  readonly devInfo?: Readonly<Record<string, string>>;
  readonly createdAt: Timestamp;
  readonly lastSeenAt?: Timestamp;
  /** Created on first authenticated contact rather than provisioned ahead. */
  readonly autoProvisioned?: boolean;
}

/** What `devices.create` needs; the rest is defaulted (nonces "", authFailures 0, createdAt now). */
export interface NewDevice {
  readonly id: string;
  readonly name?: string;
  readonly msisdn?: string;
  readonly notify?: NotifyTarget;
  readonly clientAuth: ClientAuth;
  readonly serverAuth?: ServerAuth;
  readonly clientNonce?: string;
  readonly clientNonceAt?: Timestamp;
  readonly serverNonce?: string;
  readonly devInfo?: Readonly<Record<string, string>>;
  readonly autoProvisioned?: boolean;
}

type Patch<T, Fixed extends keyof T> = {
  readonly [K in Exclude<keyof T, Fixed>]?: undefined extends T[K] ? T[K] | null : T[K];
};

/**
 * A partial update: a field left out (or `undefined`) is unchanged; `null` clears an optional
 * field (e.g. `{ lockedUntil: null, authFailures: 0 }` after a successful authentication).
 */
export type DevicePatch = Patch<Device, "id" | "createdAt">;

/** Filters of `devices.list`; all given conditions must hold. */
export interface DeviceFilter {
  /** Case-insensitive substring of the id or the name. */
  readonly search?: string;
  readonly autoProvisioned?: boolean;
  /** Only devices seen at or after this time. */
  readonly seenSince?: Timestamp;
  /** Exact matches on DevInfo leaves, e.g. `{ Mod: "X1" }`. */
  readonly devInfo?: Readonly<Record<string, string>>;
}

/** Cursor paging: pass the `nextCursor` of one page as `cursor` to get the next. */
export interface PageRequest {
  /** Default 100, at most 1000. */
  readonly limit?: number;
  /** Opaque; from a previous page's `nextCursor`. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Present when more items may follow. */
  readonly nextCursor?: string;
}

/** The device registry. */
export interface DeviceRegistry {
  /** Throws OmaDmError STORE_CONFLICT when the id exists. */
  create(device: NewDevice): Promise<Device>;
  get(id: string): Promise<Device | undefined>;
  /** Ordered by id. */
  list(filter?: DeviceFilter, page?: PageRequest): Promise<Page<Device>>;
  count(filter?: DeviceFilter): Promise<number>;
  /** Returns the updated device, or undefined when there is none with this id. */
  update(id: string, patch: DevicePatch): Promise<Device | undefined>;
  /**
   * Atomically adds one to authFailures; when the new count reaches `lock.threshold`, also sets
   * lockedUntil to `lock.until`. Two processes failing at once both count.
   */
  recordAuthFailure(
    id: string,
    lock?: { readonly threshold: number; readonly until: Timestamp },
  ): Promise<Device | undefined>;
  /** Deletes the device with its commands, sessions and notification attempts (events stay). */
  delete(id: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Commands

/** Item data: text, bytes as base64, or a TNDS document (XML text of a MgmtTree). */
export type CommandData = { readonly text: string } | { readonly base64: string } | { readonly tnds: string };

export interface DmGet {
  readonly kind: "Get";
  readonly uri: string;
}
export interface DmAddReplace {
  readonly kind: "Replace" | "Add";
  readonly uri: string;
  readonly format?: string;
  readonly type?: string;
  readonly data?: CommandData;
}
export interface DmDelete {
  readonly kind: "Delete";
  readonly uri: string;
}
export interface DmExec {
  readonly kind: "Exec";
  readonly uri: string;
  readonly format?: string;
  readonly type?: string;
  readonly data?: CommandData;
  /** Asynchronous: the device answers 202 and later a Generic Alert with our Correlator. */
  readonly async?: boolean;
}
export interface DmCopy {
  readonly kind: "Copy";
  readonly uri: string;
  readonly source: string;
}
export interface DmGroup {
  readonly kind: "Atomic" | "Sequence";
  readonly commands: readonly DmCommand[];
}

/**
 * A protocol-neutral management command as operators queue it; the DM 1.2 engine renders it as
 * SyncML (commands/ owns the rendering and may extend this union).
 */
export type DmCommand = DmGet | DmAddReplace | DmDelete | DmExec | DmCopy | DmGroup;

export const commandStates = ["queued", "sent", "done", "failed", "cancelled"] as const;
export type CommandState = (typeof commandStates)[number];

/** One Results item stored against a command (a Get's value, an async Exec's result data). */
export interface ResultItem {
  readonly uri: string;
  readonly format?: string;
  readonly type?: string;
  readonly data?: CommandData;
}

/** The outcome of one child of an Atomic or Sequence, in the order of `commands`. */
export interface ChildOutcome {
  readonly status?: number;
  readonly results?: readonly ResultItem[];
  readonly children?: readonly ChildOutcome[];
}

/** What `commands.recordResult` stores. */
export interface CommandOutcome {
  /** The DM status code of the command. */
  readonly status: number;
  readonly results?: readonly ResultItem[];
  readonly children?: readonly ChildOutcome[];
  /** Default: "done" for 2xx statuses, "failed" otherwise. */
  readonly state?: "done" | "failed";
}

/** One entry of `commands.recordResults`. */
export interface CommandResult {
  readonly id: string;
  readonly outcome: CommandOutcome;
}

/** What `commands.recordResults` reports of a command it changed. */
export interface RecordedResult {
  readonly id: string;
  readonly state: "done" | "failed";
}

/** A command in a device's queue. */
export interface QueuedCommand {
  readonly id: string;
  readonly deviceId: string;
  /** Per-device order, 1, 2, 3, ... in enqueue order. */
  readonly seq: number;
  readonly command: DmCommand;
  readonly state: CommandState;
  /** Times sent. */
  readonly attempts: number;
  /** True once sent again after a Status that never came. */
  readonly resent: boolean;
  /** The session (token) that sent it last. */
  readonly sessionRef?: string;
  readonly status?: number;
  readonly results?: readonly ResultItem[];
  readonly children?: readonly ChildOutcome[];
  /** Correlator of an async Exec, to match its Generic Alert. */
  readonly correlator?: string;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

export interface CommandFilter {
  readonly deviceId?: string;
  /** Any of these states; all states when absent. */
  readonly states?: readonly CommandState[];
}

/** The per-device command queue. */
export interface CommandQueue {
  /** Appends to the device's queue (state "queued"). Throws OmaDmError STORE_NOT_FOUND for an unknown device. */
  enqueue(
    deviceId: string,
    command: DmCommand,
    options?: { readonly correlator?: string },
  ): Promise<QueuedCommand>;
  get(id: string): Promise<QueuedCommand | undefined>;
  /** In enqueue order (per device that is seq order). */
  list(filter?: CommandFilter, page?: PageRequest): Promise<Page<QueuedCommand>>;
  /** For queue-depth metrics. */
  count(filter?: CommandFilter): Promise<number>;
  /** The commands a new session should send: "queued" and "sent" (no Status yet), in seq order. */
  nextForSession(deviceId: string): Promise<readonly QueuedCommand[]>;
  /**
   * Marks commands sent by session `sessionRef`: state "sent", attempts + 1, resent when attempts
   * becomes > 1. Only commands still "queued" or "sent" change; returns those, in seq order.
   */
  markSent(ids: readonly string[], sessionRef: string): Promise<readonly QueuedCommand[]>;
  /**
   * Stores a command's Status (and Results), making it "done" or "failed". Applies in any state,
   * cancelled included (a command cancelled after it was sent still ran); a later call (an async
   * Exec's final result after its 202) overwrites status and results.
   */
  recordResult(id: string, outcome: CommandOutcome): Promise<QueuedCommand | undefined>;
  /**
   * `recordResult` for several commands in one statement (the outcomes of a device's package).
   * Returns the id and new state of each command that exists, in the order given.
   */
  recordResults(results: readonly CommandResult[]): Promise<readonly RecordedResult[]>;
  /** The most recent command of the device with this correlator. */
  findByCorrelator(deviceId: string, correlator: string): Promise<QueuedCommand | undefined>;
  /** Cancels a "queued" or "sent" command; false when it is not in one of those states. */
  cancel(id: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Sessions

/** A DM session's persisted state, so that any server process can continue any session. */
export interface Session {
  /** Unguessable, carried in RespURI. */
  readonly token: string;
  readonly deviceId?: string;
  /** The SyncML SessionID. */
  readonly sessionId: string;
  /** Engine-private, JSON-serialisable. */
  readonly state: unknown;
  /** Starts at 1, +1 per successful update (optimistic concurrency). */
  readonly version: number;
  readonly expiresAt: Timestamp;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

export interface NewSession {
  readonly token: string;
  readonly deviceId?: string;
  readonly sessionId: string;
  readonly state: unknown;
  readonly expiresAt: Timestamp;
}

export interface SessionPatch {
  readonly deviceId?: string;
  readonly state?: unknown;
  readonly expiresAt?: Timestamp;
}

export interface SessionStore {
  /** Version 1. Throws OmaDmError STORE_CONFLICT when the token exists. */
  create(session: NewSession): Promise<Session>;
  /** The session, expired or not (the engine decides what expiry means for it). */
  get(token: string): Promise<Session | undefined>;
  /**
   * Applies the patch and increments the version only if the stored version is
   * `expectedVersion`; false otherwise (another process continued the session, or it is gone).
   */
  update(token: string, expectedVersion: number, patch: SessionPatch): Promise<boolean>;
  /**
   * Inside a transaction: holds the session for the rest of it if its version is still `version`
   * (PostgreSQL `SELECT ... FOR UPDATE`, which a second process doing the same waits on and then
   * finds moved on; SQLite has one writer anyway). False when it moved on or is gone. Changes
   * nothing: the `update` that saves the session later checks the same version.
   */
  claim(token: string, version: number): Promise<boolean>;
  delete(token: string): Promise<boolean>;
  /** Deletes sessions with expiresAt <= now; returns how many. */
  deleteExpired(now: Timestamp): Promise<number>;
  /** Sessions with expiresAt > now. */
  countOpen(now: Timestamp): Promise<number>;
  /** Open sessions (expiresAt > now), oldest first. */
  list(
    filter: { readonly now: Timestamp; readonly deviceId?: string },
    page?: PageRequest,
  ): Promise<Page<Session>>;
}

// ---------------------------------------------------------------------------------------------
// Events

export const eventKinds = [
  "generic-alert",
  "client-event",
  "exec-result",
  "command-status",
  "session",
  "device",
  "auth-failure",
  "notification",
] as const;
export type EventKind = (typeof eventKinds)[number];

/**
 * Something that happened, for SSE streams, webhooks and the events API. (Named as in the design;
 * it shadows the global DOM-style `Event` in modules that import it.)
 */
export interface Event {
  /** Strictly increasing in commit order: a reader that saw id N never later finds an id < N. */
  readonly id: number;
  /** The device concerned (for auth failures, the claimed id, which may be unknown). */
  readonly deviceId: string;
  readonly kind: EventKind;
  /** JSON-serialisable. */
  readonly data: unknown;
  readonly at: Timestamp;
}

export interface NewEvent {
  readonly deviceId: string;
  readonly kind: EventKind;
  readonly data: unknown;
}

export interface EventQuery {
  /** Only events with id > after (default 0). */
  readonly after?: number;
  /** Default 100, at most 1000. */
  readonly limit?: number;
  readonly deviceId?: string;
  readonly kinds?: readonly EventKind[];
}

export interface EventLog {
  append(event: NewEvent): Promise<Event>;
  /** Appends several events in one statement; their ids increase in the order given. */
  appendMany(events: readonly NewEvent[]): Promise<readonly Event[]>;
  /** Ascending by id. */
  list(query?: EventQuery): Promise<readonly Event[]>;
  /** The highest id so far, 0 when there is none (an SSE stream starting "now"). */
  lastId(): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Notification attempts

export interface NotificationAttempt {
  readonly id: string;
  readonly deviceId: string;
  readonly channel: NotifyChannel;
  /** 1 for the first try of one notification, 2 for its first retry, ... */
  readonly attempt: number;
  readonly outcome: "sent" | "failed";
  readonly detail?: string;
  readonly at: Timestamp;
}

export interface NewNotificationAttempt {
  readonly deviceId: string;
  readonly channel: NotifyChannel;
  readonly attempt: number;
  readonly outcome: "sent" | "failed";
  readonly detail?: string;
}

export interface NotificationLog {
  /** Throws OmaDmError STORE_NOT_FOUND for an unknown device. */
  append(attempt: NewNotificationAttempt): Promise<NotificationAttempt>;
  /** The device's most recent `limit` attempts (all by default) at or after `since`, oldest first. */
  list(
    deviceId: string,
    options?: { readonly since?: Timestamp; readonly limit?: number },
  ): Promise<readonly NotificationAttempt[]>;
}

// ---------------------------------------------------------------------------------------------
// API tokens

/** A REST API bearer token; only its hash is stored (see `hashApiToken`). */
export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly hash: string;
  readonly createdAt: Timestamp;
}

export interface ApiTokenStore {
  /** Throws OmaDmError STORE_CONFLICT when the hash exists. */
  create(token: { readonly name: string; readonly hash: string }): Promise<ApiToken>;
  findByHash(hash: string): Promise<ApiToken | undefined>;
  /** Oldest first. */
  list(): Promise<readonly ApiToken[]>;
  delete(id: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// The store

/** Everything a transaction can do. */
export interface StoreTx {
  readonly devices: DeviceRegistry;
  readonly commands: CommandQueue;
  readonly sessions: SessionStore;
  readonly events: EventLog;
  readonly notifications: NotificationLog;
  readonly apiTokens: ApiTokenStore;
}

/** Storage of the server: one interface, two backends, one contract suite. */
export interface Store extends StoreTx {
  /** "sqlite" or "postgres", for logs and metrics. */
  readonly backend: string;
  /**
   * Runs `fn` atomically: everything it does through `tx` commits together, or nothing does when
   * it throws (the error is rethrown); it settles once the commit is durable. Typical use: update
   * a session with its expected version first (if that returns false, throw or return: another
   * process has this message), then record the message's statuses, then append events.
   *
   * Rules: use `tx`, never the store, inside `fn` (SQLite queues store calls behind the open
   * transaction, so such a call would wait forever); keep `fn` short and free of network waits
   * (SQLite runs one transaction at a time, PostgreSQL holds row locks until commit); append
   * events last (on PostgreSQL an append takes a lock that orders event ids until the commit).
   * Not retried: a PostgreSQL deadlock or connection loss rejects, and nothing was kept.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Brings the schema up to date; idempotent. The open functions call it unless told not to. */
  migrate(): Promise<void>;
  /** Waits for running work and releases the database; further calls throw STORE_CLOSED. */
  close(): Promise<void>;
}
