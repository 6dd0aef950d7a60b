import { createHash } from "node:crypto";
import type { Device, Event, QueuedCommand, Session, Timestamp } from "../store/store-api.js";

/** Pending commands of a device by state (the detail view). */
export interface CommandCounts {
  readonly queued: number;
  readonly sent: number;
  readonly done: number;
  readonly failed: number;
  readonly cancelled: number;
}

const iso = (t: Timestamp): string => new Date(t).toISOString();

/**
 * A device as the API shows it. Secrets never leave the server: no secretHash, no secretPlain,
 * no nonces (a nonce is half of the next digest).
 */
export function deviceView(d: Device): Record<string, unknown> {
  return {
    id: d.id,
    ...(d.name === undefined ? {} : { name: d.name }),
    ...(d.msisdn === undefined ? {} : { msisdn: d.msisdn }),
    ...(d.notify === undefined ? {} : { notify: d.notify }),
    clientAuth: { scheme: d.clientAuth.scheme, username: d.clientAuth.username },
    ...(d.serverAuth === undefined
      ? {}
      : { serverAuth: { scheme: d.serverAuth.scheme, serverId: d.serverAuth.serverId } }),
    authFailures: d.authFailures,
    ...(d.lockedUntil === undefined ? {} : { lockedUntil: iso(d.lockedUntil) }),
    ...(d.devInfo === undefined ? {} : { devInfo: d.devInfo }),
    createdAt: iso(d.createdAt),
    ...(d.lastSeenAt === undefined ? {} : { lastSeenAt: iso(d.lastSeenAt) }),
    autoProvisioned: d.autoProvisioned === true,
  };
}

/** A device with its pending command counts. */
export function deviceDetailView(d: Device, commands: CommandCounts): Record<string, unknown> {
  return { ...deviceView(d), commands };
}

/** A queued command with its status and results. */
export function commandView(c: QueuedCommand): Record<string, unknown> {
  return {
    id: c.id,
    deviceId: c.deviceId,
    seq: c.seq,
    command: c.command,
    state: c.state,
    attempts: c.attempts,
    resent: c.resent,
    ...(c.status === undefined ? {} : { status: c.status }),
    ...(c.results === undefined ? {} : { results: c.results }),
    ...(c.children === undefined ? {} : { children: c.children }),
    ...(c.correlator === undefined ? {} : { correlator: c.correlator }),
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}

/**
 * An open session. The token itself is a bearer secret (whoever holds it continues the session),
 * so the view names the session by a digest of it.
 */
export function sessionView(s: Session): Record<string, unknown> {
  return {
    ref: sessionRef(s.token),
    ...(s.deviceId === undefined ? {} : { deviceId: s.deviceId }),
    sessionId: s.sessionId,
    version: s.version,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    expiresAt: iso(s.expiresAt),
  };
}

/** A stable, non-secret name for a session token (first 16 base64url chars of its SHA-256). */
export function sessionRef(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("base64url").slice(0, 16);
}

/** An event as the API, SSE and webhooks show it. */
export function eventView(e: Event): Record<string, unknown> {
  return { id: e.id, deviceId: e.deviceId, kind: e.kind, data: e.data, at: iso(e.at) };
}
