import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { LogLevel, PushChannels, ServerLogger, Store } from "@omadm/server";
import { UsageError } from "../usage-error.js";
import { apiTokenFile } from "./api-client.js";

export const serverUsage = `omadm server [--port N] [--host H] [--database URL] [--data-dir DIR]
    [--tls-cert FILE --tls-key FILE] [--ppg URL --ppg-user U --ppg-password P]
    [--sms-gateway URL --sms-gateway-user U --sms-gateway-password P] [--api-token T]
    [--server-id ID] [--public-url URL] [--auto-provision] [--webhook URL ...]
    [--log-level fatal|error|warn|info|debug|trace|silent]
  Runs the OMA DM 1.2 server: the DM endpoint (/dm), the REST API (/api, OpenAPI at
  /api/openapi.json), Prometheus metrics (/metrics) and /healthz, all on one port.
  --port N             default 8080
  --database URL       postgres://... for PostgreSQL (several server processes may share it);
                       default a SQLite file DIR/omadm.db
  --data-dir DIR       default ./data
  --tls-cert, --tls-key  PEM files: serve HTTPS
  --ppg URL            a Push Proxy Gateway's PAP URL (Kannel: http://HOST:PORT/wappush) for
                       Package 0 by WAP Push to a device's MSISDN (with --ppg-user and
                       --ppg-password)
  --sms-gateway URL    Kannel smsbox's send-SMS URL (http://HOST:PORT/cgi-bin/sendsms; with
                       --sms-gateway-user and --sms-gateway-password, a sendsms-user with
                       concatenation): the channel for pushed bootstraps, whose SEC and MAC
                       Kannel's PPG drops; also Package 0 when there is no --ppg
  --api-token T        the REST API's bearer token (or $OMADM_API_TOKEN); without one an admin
                       token is created, kept in DIR/${apiTokenFile} (mode 0600) and printed
  --server-id ID       our ServerID (default omadm)
  --public-url URL     how devices and operators reach this server (behind a proxy)
  --auto-provision     create unknown devices that present a Basic credential (trust on first use)
  --webhook URL        POST every event to URL (repeatable)
  Logs go to stderr as JSON lines. SIGINT/SIGTERM shut down gracefully.`;

// As logLevels of @omadm/server (not imported here: see serverCommand).
const logLevelNames: readonly string[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

const options = {
  port: { type: "string" },
  host: { type: "string" },
  database: { type: "string" },
  "data-dir": { type: "string" },
  "tls-cert": { type: "string" },
  "tls-key": { type: "string" },
  ppg: { type: "string" },
  "ppg-user": { type: "string" },
  "ppg-password": { type: "string" },
  "sms-gateway": { type: "string" },
  "sms-gateway-user": { type: "string" },
  "sms-gateway-password": { type: "string" },
  "api-token": { type: "string" },
  "server-id": { type: "string" },
  "public-url": { type: "string" },
  "auto-provision": { type: "boolean" },
  webhook: { type: "string", multiple: true },
  "log-level": { type: "string" },
} as const;

export async function serverCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options,
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`server takes flags only, not "${positionals[0]}"`);
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("--port takes 0..65535");
  const level = (values["log-level"] ?? "info") as LogLevel;
  if (!logLevelNames.includes(level)) throw new UsageError(`--log-level takes ${logLevelNames.join(", ")}`);
  if ((values["tls-cert"] === undefined) !== (values["tls-key"] === undefined)) {
    throw new UsageError("--tls-cert and --tls-key go together");
  }
  if (
    values.ppg !== undefined &&
    (values["ppg-user"] === undefined || values["ppg-password"] === undefined)
  ) {
    throw new UsageError("--ppg needs --ppg-user and --ppg-password");
  }
  if (
    values["sms-gateway"] !== undefined &&
    (values["sms-gateway-user"] === undefined || values["sms-gateway-password"] === undefined)
  ) {
    throw new UsageError("--sms-gateway needs --sms-gateway-user and --sms-gateway-password");
  }
  const dataDir = resolve(values["data-dir"] ?? "./data");
  const serverId = values["server-id"] ?? "omadm";
  // The server (pino, the database drivers) loads only for this command: the other omadm
  // commands stay light, and bundles of the CLI that never start a server never load them.
  const { createLogger } = await import("@omadm/server");
  const log = createLogger(level, 2);
  const random = (n: number) => new Uint8Array(randomBytes(n));

  // Listen for the stop signals before anything is announced: a SIGTERM that arrives right after
  // the banner must shut down gracefully, not kill the process.
  let requestStop: () => void = () => {};
  const stopRequested = new Promise<void>((resolve) => (requestStop = resolve));
  const stop = () => requestStop();
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    return await serve(values, { dataDir, serverId, port, log, random }, stopRequested);
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

type ServerValues = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof options; allowPositionals: true; strict: true }>
>["values"];

async function serve(
  values: ServerValues,
  settings: {
    readonly dataDir: string;
    readonly serverId: string;
    readonly port: number;
    readonly log: ServerLogger;
    readonly random: (n: number) => Uint8Array;
  },
  stopRequested: Promise<void>,
): Promise<number> {
  const { dataDir, serverId, port, log, random } = settings;
  const { createServer } = await import("@omadm/server");
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const store = await openStore(values.database, dataDir);

  const fromEnv = process.env.OMADM_API_TOKEN;
  const given = values["api-token"] ?? (fromEnv === undefined || fromEnv === "" ? undefined : fromEnv);
  const token =
    given === undefined ? await adminToken(dataDir, random) : { value: given, source: "given" as const };

  // The server builds the notification dispatcher (HTTP, UDP, WAP Push) and the bootstrap
  // service from these, and closes them.
  const push: PushChannels = {
    ...(values.ppg === undefined
      ? {}
      : {
          ppg: {
            url: values.ppg,
            username: values["ppg-user"] ?? "",
            password: values["ppg-password"] ?? "",
          },
        }),
    ...(values["sms-gateway"] === undefined
      ? {}
      : {
          smsGateway: {
            url: values["sms-gateway"],
            username: values["sms-gateway-user"] ?? "",
            password: values["sms-gateway-password"] ?? "",
          },
        }),
  };
  let server;
  try {
    const tls =
      values["tls-cert"] === undefined || values["tls-key"] === undefined
        ? undefined
        : { cert: await readFile(values["tls-cert"]), key: await readFile(values["tls-key"]) };
    const publicUrl = (
      values["public-url"] ?? `${tls === undefined ? "http" : "https"}://${urlHost(values.host)}:${port}`
    ).replace(/\/+$/, "");
    server = await createServer({
      store,
      serverId,
      port,
      ...(values.host === undefined ? {} : { host: values.host }),
      ...(tls === undefined ? {} : { tls }),
      ...(values["public-url"] === undefined && port === 0 ? {} : { publicUrl }),
      apiToken: token.value,
      log,
      clock: Date.now,
      random,
      push,
      engine: { ...(values["auto-provision"] === true ? { autoProvision: true } : {}) },
      ...(values.webhook === undefined ? {} : { webhooks: values.webhook.map((url) => ({ url })) }),
    });
  } catch (e) {
    await store.close();
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") {
      process.stderr.write(`omadm: port ${port} is in use\n`);
      return 1;
    }
    throw e;
  }

  process.stdout.write(
    [
      `omadm server ${serverId} (${store.backend})`,
      `  DM endpoint  ${server.dmUrl}`,
      `  REST API     ${server.url}/api   (OpenAPI: ${server.url}/api/openapi.json)`,
      `  Metrics      ${server.url}/metrics`,
      `  API token    ${token.source === "created" || token.source === "file" ? token.value : "(as given)"}${
        token.source === "created"
          ? `   (new, kept in ${join(dataDir, apiTokenFile)})`
          : token.source === "file"
            ? `   (from ${join(dataDir, apiTokenFile)})`
            : ""
      }`,
      "",
    ].join("\n"),
  );

  await stopRequested;
  log.info({}, "shutting down");
  await server.close();
  await store.close();
  return 0;
}

/** The admin token kept in the data directory, created (mode 0600) on first start. */
async function adminToken(
  dataDir: string,
  random: (n: number) => Uint8Array,
): Promise<{ value: string; source: "file" | "created" | "given" }> {
  const file = join(dataDir, apiTokenFile);
  try {
    const text = (await readFile(file, "utf8")).trim();
    if (text !== "") return { value: text, source: "file" };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const value = Buffer.from(random(32)).toString("base64url");
  await writeFile(file, value + "\n", { mode: 0o600, flag: "wx" });
  return { value, source: "created" };
}

function urlHost(host: string | undefined): string {
  if (host === undefined || host === "" || host === "0.0.0.0" || host === "::") return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * The Store a --database URL names: PostgreSQL for postgres://, else a SQLite file (default
 * DIR/omadm.db). The backends are imported here, not at the top, so the other omadm commands
 * never load a database driver (the SQLite WebAssembly module instantiates itself on import).
 */
async function openStore(database: string | undefined, dataDir: string): Promise<Store> {
  if (database !== undefined && /^postgres(ql)?:\/\//.test(database)) {
    const { openPostgresStore } = await import("@omadm/store-postgres");
    return openPostgresStore({ url: database });
  }
  const { openSqliteStore } = await import("@omadm/store-sqlite");
  return openSqliteStore({ path: database ?? join(dataDir, "omadm.db") });
}
