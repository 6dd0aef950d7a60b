import type { ServerResponse } from "node:http";
import type { Clock, Store } from "../store/store-api.js";
import type { EventHub } from "./event-hub.js";

/** Sends a device its notification (Package 0); the notification dispatcher fits this port. */
export interface NotifyPort {
  /** Resolves with a JSON-serialisable account of what was done (attempts, channel, outcome). */
  notify(deviceId: string, request: Readonly<Record<string, unknown>>): Promise<unknown>;
}

/** Builds and delivers a bootstrap for a device; the bootstrap module fits this port. */
export interface BootstrapPort {
  /** Resolves with a JSON-serialisable account (delivered, or the document to hand over). */
  bootstrap(deviceId: string, request: Readonly<Record<string, unknown>>): Promise<unknown>;
}

/** The logger the API uses (pino's fits). */
export interface ApiLog {
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
  error(fields: object, msg: string): void;
}

/** What the REST API handlers work with. */
export interface ApiDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** Our ServerID: the default serverId of a device's serverAuth. */
  readonly serverId: string;
  readonly hub: EventHub;
  readonly log: ApiLog;
  readonly notify?: NotifyPort;
  readonly bootstrap?: BootstrapPort;
  /** Marks a response as a long-lived stream that graceful shutdown ends (the HTTP listener's). */
  readonly stream?: (res: ServerResponse, end: () => void) => void;
}
