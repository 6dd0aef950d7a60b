/**
 * A real omadm server on an ephemeral port with a temporary SQLite file, and devices that talk
 * to it: our DM client in-process (DmClient over the HTTP transport) or `omadm client` as a child
 * process (client-e2e-helpers.ts). Tests drive the server only through its sockets: /dm, /api,
 * /metrics.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DmClient,
  headlessUi,
  httpTransport,
  openDevice,
  type Device,
  type SessionReport,
  type Transport,
  type TransportRequest,
  type TransportResult,
} from "@omadm/client";
import type { AAuthType } from "@omadm/protocol";
import { createLogger, createServer, type OmadmServer, type ServerOptions } from "@omadm/server";
import { openSqliteStore, type SqliteStore } from "@omadm/store-sqlite";

export const serverId = "omadm.e2e";
export const apiToken = "e2e-admin-token";

export type Scheme = "basic" | "md5" | "hmac";

/** Whatever JSON the API answered (tests look into it freely). */
export type Json = ReturnType<typeof JSON.parse>;

/** A running server, its store, and a REST helper. */
export interface TestServer {
  readonly server: OmadmServer;
  readonly store: SqliteStore;
  readonly dir: string;
  api<T = Json>(method: string, path: string, body?: unknown, token?: string | null): Promise<ApiReply<T>>;
  close(): Promise<void>;
}

export interface ApiReply<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** A fresh temporary folder. */
export function tempDir(prefix = "omadm-server-e2e-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** What startServer takes: options, or a function of the store making them. */
export type TestServerOptions =
  Partial<Omit<ServerOptions, "store">> | ((store: SqliteStore) => Partial<Omit<ServerOptions, "store">>);

/**
 * Starts a server on 127.0.0.1 (port 0 unless `at.port`) with a new SQLite file, or on `at.store`
 * (a second "process" sharing the first one's store); `options` override the defaults.
 */
export async function startServer(
  options: TestServerOptions = {},
  at: { readonly store?: SqliteStore; readonly port?: number } = {},
): Promise<TestServer> {
  const dir = tempDir();
  const store = at.store ?? (await openSqliteStore({ path: join(dir, "omadm.db"), synchronous: "off" }));
  const ownStore = at.store === undefined;
  const server = await createServer({
    store,
    serverId,
    port: at.port ?? 0,
    host: "127.0.0.1",
    apiToken,
    log: createLogger(process.env.OMADM_E2E_LOG === "1" ? "debug" : "silent"),
    eventPollMs: 100,
    shutdownGraceMs: 2000,
    ...(typeof options === "function" ? options(store) : options),
  });
  return {
    server,
    store,
    dir,
    async api(method, path, body, token = apiToken) {
      const headers: Record<string, string> = {};
      if (token !== null) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text === "" ? undefined : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed as never, headers: res.headers };
    },
    async close() {
      await server.close(500);
      if (ownStore) await store.close();
    },
  };
}

/** Device credentials shared by the server record and the device's DMAcc. */
export interface DeviceCredentials {
  readonly devId: string;
  readonly scheme: Scheme;
  readonly clientName: string;
  readonly clientSecret: string;
  readonly serverSecret: string;
}

export function credentials(devId: string, scheme: Scheme): DeviceCredentials {
  return {
    devId,
    scheme,
    clientName: `user-${devId.slice(-4)}`,
    clientSecret: "client:secret",
    serverSecret: "server-secret",
  };
}

/** Provisions a device through POST /api/devices; returns the API's answer. */
export async function provision(t: TestServer, c: DeviceCredentials): Promise<ApiReply<Json>> {
  return t.api("POST", "/api/devices", {
    id: c.devId,
    clientAuth: { scheme: c.scheme, username: c.clientName, secret: c.clientSecret },
    serverAuth: { scheme: c.scheme, secret: c.serverSecret },
  });
}

const aauth: Readonly<Record<Scheme, AAuthType>> = { basic: "BASIC", md5: "DIGEST", hmac: "HMAC" };

/** Our DM client, in-process, with a starter tree whose DMAcc names the test server. */
export interface TestDevice {
  readonly device: Device;
  readonly client: DmClient;
  /** One client-initiated session (Alert 1201). */
  session(): Promise<SessionReport>;
  close(): Promise<void>;
}

export async function openTestDevice(
  t: TestServer,
  c: DeviceCredentials,
  options: {
    encoding?: "xml" | "wbxml";
    maxMsgSize?: number;
    maxObjSize?: number;
    /** Credentials the device holds when they differ from the server's record. */
    clientSecret?: string;
    /** Wraps the HTTP transport (to record or replay messages). */
    transport?: (inner: Transport) => Transport;
    /** PEM of the CA that signed the server's HTTPS certificate. */
    ca?: string;
  } = {},
): Promise<TestDevice> {
  const device = await openDevice(join(tempDir("omadm-device-"), "device.json"), {
    fsync: false,
    starter: {
      devId: c.devId,
      man: "omadm",
      mod: "e2e",
      account: {
        serverId,
        serverUrl: t.server.dmUrl,
        clientAuth: {
          type: aauth[c.scheme],
          name: c.clientName,
          secret: options.clientSecret ?? c.clientSecret,
        },
        serverAuth: { type: aauth[c.scheme], name: serverId, secret: c.serverSecret },
      },
    },
  });
  const client = new DmClient({
    device,
    transport: (options.transport ?? ((x: Transport) => x))(
      httpTransport({ timeoutMs: 10_000, ...(options.ca === undefined ? {} : { ca: options.ca }) }),
    ),
    ui: headlessUi({}),
    encoding: options.encoding ?? "xml",
    ...(options.maxMsgSize === undefined ? {} : { maxMsgSize: options.maxMsgSize }),
    ...(options.maxObjSize === undefined ? {} : { maxObjSize: options.maxObjSize }),
    sessionTimeoutMs: 30_000,
  });
  return {
    device,
    client,
    session: () => client.runSession(serverId, { kind: "client" }),
    async close() {
      await client.close({ graceMs: 0 });
      await device.close();
    },
  };
}

/** Waits until `check` holds (polling), or fails after `ms`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A transport that records every exchange and lets a test act after each one. */
export function recordingTransport(
  after?: (request: TransportRequest, result: TransportResult, index: number) => Promise<void> | void,
): {
  wrap: (inner: Transport) => Transport;
  exchanges: { request: TransportRequest; result: TransportResult }[];
} {
  const exchanges: { request: TransportRequest; result: TransportResult }[] = [];
  return {
    exchanges,
    wrap: (inner) => ({
      async send(request, options) {
        const result = await inner.send(request, options);
        exchanges.push({ request, result });
        await after?.(request, result, exchanges.length - 1);
        return result;
      },
    }),
  };
}

/** POSTs raw bytes to the DM endpoint (optionally with a session token). */
export async function postDm(
  t: TestServer,
  body: Uint8Array | string,
  options: { contentType?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Uint8Array }> {
  const url = `${t.server.dmUrl}${options.token === undefined ? "" : `?s=${encodeURIComponent(options.token)}`}`;
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": options.contentType ?? "application/vnd.syncml.dm+xml", ...options.headers },
    body: typeof body === "string" ? body : Buffer.from(body),
  });
  return { status: res.status, body: new Uint8Array(await res.arrayBuffer()) };
}

/** The session token a RespURI carries. */
export function tokenOf(url: string): string | undefined {
  return new URL(url).searchParams.get("s") ?? undefined;
}
