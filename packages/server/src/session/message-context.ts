/**
 * Everything the handling of one device message works with: the Store transaction it runs in,
 * the resolved options, the decoded message, the session state (mutated in place and stored at
 * the end), the device, and the signals to emit once the transaction committed.
 */
import type { RandomBytes, SyncMLEncoding, SyncMLMessage } from "@omadm/protocol";
import type { Device, DevicePatch, NewEvent, StoreTx } from "../store/store-api.js";
import type { AutoProvisionPolicy, EngineEvent, EngineLogger } from "./session-api.js";
import type { SessionState } from "./session-state.js";

/** DmEngineOptions with every default applied. */
export interface ResolvedOptions {
  readonly clock: () => number;
  readonly random: RandomBytes;
  readonly log: EngineLogger;
  readonly serverId: string;
  readonly serverUrl: string;
  readonly sessionTtlMs: number;
  readonly nonceTtlMs: number;
  readonly maxFailures: number;
  readonly lockoutMs: number;
  readonly autoProvision: AutoProvisionPolicy;
  readonly maxMsgSize: number;
  readonly maxObjSize: number;
  readonly defaultDeviceMaxMsgSize: number;
  readonly maxMessagesPerSession: number;
}

export interface MessageContext {
  readonly tx: StoreTx;
  readonly options: ResolvedOptions;
  readonly message: SyncMLMessage;
  /** The exact request body (HMAC). */
  readonly body: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  readonly encoding: SyncMLEncoding;
  readonly token: string;
  /** sessionRefOf(token): what commands and events name instead of the token. */
  readonly sessionRef: string;
  readonly now: number;
  readonly state: SessionState;
  /** The device record; undefined while an auto-provisioning candidate has not authenticated yet. */
  device: Device | undefined;
  readonly signals: EngineEvent[];
  /** Domain events of this message, appended together at the end of its transaction. */
  readonly events: NewEvent[];
  /** Changes to the device record of this message, written together at its end (`patchDevice`). */
  readonly devicePatch: MutableDevicePatch;
}

/** A DevicePatch being put together. */
export type MutableDevicePatch = { -readonly [K in keyof DevicePatch]: DevicePatch[K] };

/**
 * Changes the device record: at once in `ctx.device`, in the Store with the message's other
 * device changes in one update at its end (a message may rotate a nonce, note the device seen,
 * take the device's NextNonce for us and its DevInfo).
 */
export function patchDevice(ctx: MessageContext, patch: DevicePatch): void {
  if (ctx.device === undefined) return;
  Object.assign(ctx.devicePatch, patch);
  ctx.device = withDevicePatch(ctx.device, patch);
}

/** `device` as the Store returns it once `patch` is written: given fields replace, null clears. */
export function withDevicePatch(device: Device, patch: DevicePatch): Device {
  const next: Record<string, unknown> = { ...device };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next as unknown as Device;
}

/**
 * Queues a domain event; the engine appends the message's events in one call, last in its
 * transaction (the Store's rule: on PostgreSQL an append holds a lock until the commit).
 */
export function appendEvent(ctx: MessageContext, event: NewEvent): void {
  ctx.events.push(event);
}
