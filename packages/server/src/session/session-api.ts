/**
 * The public types of session/: the DM 1.2 server session engine without I/O. The HTTP adapter
 * turns a POST into a `DmRequest`, awaits `engine.handle(request)` and writes the `DmReply`;
 * everything that must outlive the request (devices, nonces, the command queue, session state)
 * lives in the injected Store, so any server process can continue any session.
 *
 * HTTP mapping (the engine decides the status; the adapter only copies it):
 * - 200: a DM message in `body` (`contentType` is the DM media type of the request's encoding).
 *   Protocol outcomes, authentication refusals included, are SyncHdr statuses inside it.
 * - 400: the body is not a SyncML DM message (DecodeError), or a MsgID that is not the next one
 *   of the session (a replay or out of order). Nothing was changed.
 * - 403: the token belongs to another device or SessionID (a foreign token). Nothing was changed.
 * - 404: the token names no live session (unknown, expired or ended). Nothing was changed.
 * - 409: another process handled a message of this session at the same time (the Store refused
 *   our optimistic update); nothing of this message was kept.
 * - 413: the body is larger than our MaxMsgSize.
 * - 415: the Content-Type is not a SyncML DM type.
 * `handle` rejects only when the Store fails (or on a bug); the adapter answers 500 then.
 */
import type { RandomBytes } from "@omadm/protocol";
import type { Clock, Event, Store } from "../store/store-api.js";

/** One DM message as the HTTP adapter received it. */
export interface DmRequest {
  /** The exact body bytes (HMAC covers them as received). */
  readonly body: Uint8Array;
  /** The request's Content-Type, parameters included (`application/vnd.syncml.dm+xml; charset=UTF-8`). */
  readonly contentType: string;
  /** Transport headers; names in any case (x-syncml-hmac is looked up case-insensitively). */
  readonly headers: Readonly<Record<string, string>>;
  /** The session token from the RespURI (query parameter `s`, see `sessionTokenOf`); absent = a new session. */
  readonly token?: string;
}

/** What the adapter writes back. */
export interface DmReply {
  readonly httpStatus: number;
  readonly body?: Uint8Array;
  readonly contentType?: string;
  /** Extra response headers (`cache-control: private`, x-syncml-hmac when the server signs). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The engine: one call per HTTP request. */
export interface DmEngine {
  handle(request: DmRequest): Promise<DmReply>;
}

/** A pino-compatible logger (the subset the engine uses). Secrets are never passed to it. */
export interface EngineLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

/** Device authentication schemes at the DM level. [TR-STD §7.1.3.1.20] */
export type DeviceAuthSchemeName = "basic" | "md5" | "hmac";

/** What an auto-provisioning callback is told about an unknown device. */
export interface ProvisionRequest {
  /** SyncHdr Source LocURI (the DevId, e.g. IMEI:490154203237518). */
  readonly deviceId: string;
  /** SyncHdr Source LocName, or the user name of a Basic credential / HMAC header. */
  readonly username?: string;
  /** The scheme of the credential the device presented, if any. */
  readonly scheme?: DeviceAuthSchemeName;
}

/** The credentials an unknown device must prove before it is created (secrets in plain text here only). */
export interface ProvisionGrant {
  readonly clientAuth: {
    readonly scheme: DeviceAuthSchemeName;
    readonly username: string;
    readonly secret: string;
  };
  readonly serverAuth?: {
    readonly scheme: DeviceAuthSchemeName;
    readonly serverId: string;
    readonly secret: string;
  };
  readonly name?: string;
}

/**
 * Auto-provisioning of devices the Store does not know:
 * - `false` (default): unknown devices are challenged and never created;
 * - `true`: trust on first use for Basic only: a device presenting a Basic credential is created
 *   with that user name and password (a digest does not reveal the secret, so MD5/HMAC devices are
 *   challenged for Basic);
 * - a function: it names the credentials the device must prove; the device is created only after
 *   its credential verified against them. `undefined` refuses the device.
 */
export type AutoProvisionPolicy =
  boolean | ((request: ProvisionRequest) => ProvisionGrant | undefined | Promise<ProvisionGrant | undefined>);

/** Operational signals for metrics, SSE and webhooks (in-process listeners). */
export type EngineEvent =
  | {
      readonly type: "message";
      readonly deviceId?: string;
      readonly httpStatus: number;
      readonly bytesIn: number;
      readonly bytesOut: number;
    }
  | { readonly type: "session-opened"; readonly deviceId: string; readonly sessionId: string }
  | {
      readonly type: "session-closed";
      readonly deviceId: string;
      readonly sessionId: string;
      readonly outcome: "completed" | "aborted" | "auth-failed";
    }
  | {
      readonly type: "auth-failure";
      readonly deviceId: string;
      readonly reason: "missing" | "invalid" | "stale-nonce" | "locked" | "unknown-device" | "wrong-scheme";
      readonly locked: boolean;
    }
  | {
      readonly type: "command-updated";
      readonly deviceId: string;
      readonly commandId: string;
      readonly state: string;
      readonly status?: number;
    }
  /** Every domain Event the engine appended to the Store (with its id), for SSE/webhooks. */
  | { readonly type: "stored-event"; readonly event: Event };

/** Options of `createDmEngine`. Durations in milliseconds. */
export interface DmEngineOptions {
  readonly store: Store;
  /** The clock (injected; tests use a fake one to expire sessions and nonces). */
  readonly clock: Clock;
  /** Random bytes (crypto.randomBytes at the edge): session tokens and nonces. */
  readonly random: RandomBytes;
  readonly log?: EngineLogger;
  /** Our ServerID: SyncHdr Source LocName and the name in our own credentials. */
  readonly serverId: string;
  /** The DM endpoint's absolute URL (https://host/dm): SyncHdr Source LocURI, base of RespURI. */
  readonly serverUrl: string;
  /** A session unused for this long is gone (default 10 minutes). */
  readonly sessionTtlMs?: number;
  /** A client nonce older than this is stale: MD5/HMAC credentials built with it are challenged again (default 7 days). */
  readonly nonceTtlMs?: number;
  /** Wrong credentials in a row before the device is locked (default 5). */
  readonly maxFailures?: number;
  /** How long a lock-out lasts (default 15 minutes). */
  readonly lockoutMs?: number;
  readonly autoProvision?: AutoProvisionPolicy;
  /** Our MaxMsgSize: the largest message we accept, announced in every SyncHdr (default 1 MiB). */
  readonly maxMsgSize?: number;
  /** Our MaxObjSize: the largest (reassembled) object we accept, announced in every SyncHdr (default 4 MiB). */
  readonly maxObjSize?: number;
  /** The device's MaxMsgSize when it announces none (default 10240). */
  readonly defaultDeviceMaxMsgSize?: number;
  /** Most client messages one session may take before the server ends it (default 200). */
  readonly maxMessagesPerSession?: number;
  readonly events?: (event: EngineEvent) => void;
}

/** Query parameter of RespURI that carries the session token. */
export const sessionTokenParam = "s";
