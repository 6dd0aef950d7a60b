import { readFile, stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import {
  applyBootstrapPush,
  devicePaths,
  DmClient,
  fakeSmscConnector,
  headlessUi,
  httpTransport,
  listenHttp,
  listenUdp,
  NotificationIntake,
  openDevice,
  type BootstrapPush,
  type CredentialSettings,
  type Device,
  type HeadlessUiPolicy,
  type IntakeListener,
  type SessionLogger,
  type SessionReport,
  type SessionRequest,
} from "@omadm/client";
import type { AAuthType } from "@omadm/protocol";
import { UsageError } from "../usage-error.js";

export const clientUsage = `omadm client --server URL --server-id ID --device-id ID --tree FILE
    [--client-auth SCHEME:NAME:SECRET] [--server-auth SCHEME:NAME:SECRET] [--encoding xml|wbxml]
    [--once | --notification FILE | --listen udp:PORT|http:PORT ... | --smsc HOST:PORT --msisdn +NUMBER]
    [--ca FILE] [--timeout MS] [--max-messages N] [--imsi IMSI] [--user-pin PIN]
    [--log-level debug|info|warn|error] [--config FILE]
  Runs the OMA DM 1.2 device client on the device whose tree is FILE. A FILE that does not exist
  is created as a starter device (DevInfo, DevDetail, Inbox, and a DMAcc account for --server-id
  at --server with the credentials below, managed by that server); it persists between runs.
  SCHEME is basic, md5 or hmac (NAME and SECRET are the AAuthName and AAuthSecret; SECRET may
  contain ':'), or none. --client-auth is how the device proves itself (CLCRED), --server-auth
  how the server must (SRVCRED, also the Package 0 key). The credentials only shape a new tree:
  an existing tree keeps the account the server manages (a bare SCHEME there is accepted and
  changes nothing); --server always sets the URL this run talks to.
  --once                 one client-initiated session (Alert 1201); exit 0 if it completed
  --notification FILE    one server-initiated session from a Package 0 file; exit 0 if it completed
  --listen, --smsc       serve notifications (UDP/HTTP listener, Kannel fake SMSC) and pending
                         client alerts until SIGINT/SIGTERM
                         (a pushed DM-profile or CP bootstrap whose MAC verifies under --imsi
                         and/or --user-pin adds its account; the device then calls that server)
  --ca FILE              PEM CA bundle that signs the server's HTTPS certificate
  --config FILE          JSON object with the same settings (camelCase or flag names); flags win
  Logs go to stderr as JSON lines. Exit: 0 clean, 1 the session did not complete, 2 usage.`;

const options = {
  server: { type: "string" },
  "server-id": { type: "string" },
  "device-id": { type: "string" },
  tree: { type: "string" },
  "client-auth": { type: "string" },
  "server-auth": { type: "string" },
  encoding: { type: "string" },
  once: { type: "boolean" },
  notification: { type: "string" },
  listen: { type: "string", multiple: true },
  smsc: { type: "string" },
  msisdn: { type: "string" },
  ca: { type: "string" },
  timeout: { type: "string" },
  "max-messages": { type: "string" },
  "log-level": { type: "string" },
  imsi: { type: "string" },
  "user-pin": { type: "string" },
  config: { type: "string" },
} as const;

type FlagName = keyof typeof options;

/** The settings after merging --config and the flags. */
interface ClientSettings {
  readonly server?: string;
  readonly serverId?: string;
  readonly deviceId?: string;
  readonly tree?: string;
  readonly clientAuth?: string;
  readonly serverAuth?: string;
  readonly encoding?: string;
  readonly once?: boolean;
  readonly notification?: string;
  readonly listen?: readonly string[];
  readonly smsc?: string;
  readonly msisdn?: string;
  readonly ca?: string;
  readonly timeout?: string;
  readonly maxMessages?: string;
  readonly logLevel?: string;
  /** Bootstrap MAC secrets: NETWPIN (IMSI), USERPIN (the PIN handed to the user). */
  readonly imsi?: string;
  readonly userPin?: string;
  /** Config only: ./DevInfo/Man and Mod of a starter device, and the headless UI policy. */
  readonly manufacturer?: string;
  readonly model?: string;
  readonly ui?: HeadlessUiPolicy;
}

export async function clientCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options,
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`client takes flags only, not "${positionals[0]}"`);
  const s = await settingsOf(values);
  const log = jsonLogger(levelOf(s.logLevel ?? "info"));
  const encoding = s.encoding ?? "xml";
  if (encoding !== "xml" && encoding !== "wbxml") throw new UsageError("--encoding must be xml or wbxml");
  const tree = required(s.tree, "--tree");
  const listeners = (s.listen ?? []).map(parseListen);
  const smsc = s.smsc === undefined ? undefined : parseHostPort(s.smsc, "--smsc");
  if (smsc !== undefined && s.msisdn === undefined) throw new UsageError("--smsc needs --msisdn");
  const serving = listeners.length > 0 || smsc !== undefined;
  const modes = [s.once === true, s.notification !== undefined, serving].filter(Boolean).length;
  if (modes !== 1) {
    throw new UsageError("choose one of --once, --notification FILE, or --listen/--smsc to serve");
  }
  const clientAuth = parseAuth(s.clientAuth, "--client-auth");
  const serverAuth = parseAuth(s.serverAuth, "--server-auth");
  const timeoutMs = positiveInt(s.timeout, "--timeout");
  const maxMessages = positiveInt(s.maxMessages, "--max-messages");

  const exists = await stat((await devicePaths(tree)).tree).then(
    () => true,
    () => false,
  );
  const device = exists ? await openDevice(tree) : await openStarter(tree, s, clientAuth, serverAuth);
  const serverId = s.serverId ?? device.accounts.list()[0]?.serverId;
  if (serverId === undefined || device.accounts.byServerId(serverId) === undefined) {
    await device.close();
    throw new UsageError(`the device has no account for server ${JSON.stringify(serverId ?? "")}`);
  }
  if (!device.created && (clientAuth?.settings !== undefined || serverAuth?.settings !== undefined)) {
    log.info(
      { tree },
      "existing tree: its DMAcc account is kept, --client-auth/--server-auth credentials not applied",
    );
  }

  const client = new DmClient({
    device,
    transport: httpTransport({
      ...(s.ca === undefined ? {} : { ca: await readFile(s.ca) }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    }),
    ui: headlessUi(s.ui ?? {}),
    encoding,
    log,
    ...(maxMessages === undefined ? {} : { maxMessages }),
    ...(s.server === undefined ? {} : { serverUrls: { [serverId]: s.server } }),
  });

  const stop = onSignal(() => client.close({ graceMs: 2000 }));
  try {
    if (s.once === true) return exitCode(await client.runSession(serverId, { kind: "client" }));
    if (s.notification !== undefined) return await runNotification(client, device, s.notification, log);
    const started: IntakeListener[] = [];
    const keys = {
      ...(s.imsi === undefined ? {} : { imsi: s.imsi }),
      ...(s.userPin === undefined ? {} : { pin: s.userPin }),
    };
    const target = {
      notifications: client.notifications,
      log,
      bootstrap: async (push: BootstrapPush) => {
        const outcome = await applyBootstrapPush(device, push, keys);
        if (outcome.kind === "refused") {
          log.warn(
            { source: push.source, profile: push.profile, reason: outcome.reason, detail: outcome.detail },
            "bootstrap refused",
          );
          return;
        }
        const servers = outcome.accounts.map((a) => a.serverId);
        log.info(
          { source: push.source, profile: push.profile, servers, skipped: outcome.skipped.length },
          "bootstrap applied",
        );
        // [TR-BOOT §3.1.4] a bootstrapped device calls its new server: Alert 1201.
        for (const id of servers) client.enqueue({ serverId: id, trigger: { kind: "client" } });
      },
    };
    for (const l of listeners) {
      started.push(
        await (l.kind === "udp"
          ? listenUdp(l.port, target, l.host === undefined ? {} : { host: l.host })
          : listenHttp(l.port, target, l.host === undefined ? {} : { host: l.host })),
      );
    }
    if (smsc !== undefined) {
      started.push(fakeSmscConnector({ host: smsc.host, port: smsc.port, msisdn: s.msisdn ?? "", target }));
    }
    log.info({ serverId, listeners: s.listen ?? [], smsc: s.smsc }, "serving");
    await client.serve(started);
    log.info({}, "stopped");
    return 0;
  } finally {
    stop();
    await client.close({ graceMs: 0 });
    await device.close();
  }
}

async function runNotification(
  client: DmClient,
  device: Device,
  file: string,
  log: SessionLogger,
): Promise<number> {
  const bytes = new Uint8Array(await readFile(file));
  let request: SessionRequest | undefined;
  const intake = new NotificationIntake({ accounts: device.accounts, onSession: (r) => (request = r), log });
  const outcome = await intake.receive(bytes, `file:${file}`);
  if (!outcome.accepted || request === undefined) {
    process.stderr.write(
      `omadm: notification refused: ${outcome.accepted ? "no session" : outcome.refusal}\n`,
    );
    return 1;
  }
  return exitCode(await client.runSession(request.serverId, request.trigger));
}

function exitCode(report: SessionReport): number {
  if (report.outcome === "completed") return 0;
  process.stderr.write(`omadm: session ${report.outcome}: ${report.reason ?? ""}\n`);
  return 1;
}

async function openStarter(
  tree: string,
  s: ClientSettings,
  clientAuth: ParsedAuth | undefined,
  serverAuth: ParsedAuth | undefined,
): Promise<Device> {
  const server = required(s.server, "--server (to create a new tree)");
  const serverId = required(s.serverId, "--server-id (to create a new tree)");
  const devId = required(s.deviceId, "--device-id (to create a new tree)");
  const credential = (auth: ParsedAuth | undefined, flag: string): CredentialSettings | undefined => {
    if (auth === undefined || auth.scheme === "none") return undefined;
    if (auth.settings === undefined)
      throw new UsageError(`${flag} needs SCHEME:NAME:SECRET to create a new tree`);
    return auth.settings;
  };
  const clientCred = credential(clientAuth, "--client-auth");
  const serverCred = credential(serverAuth, "--server-auth");
  return openDevice(tree, {
    starter: {
      devId,
      man: s.manufacturer ?? "omadm",
      mod: s.model ?? "omadm-client",
      account: {
        serverId,
        serverUrl: server,
        ...(clientCred === undefined ? {} : { clientAuth: clientCred }),
        ...(serverCred === undefined ? {} : { serverAuth: serverCred }),
      },
    },
  });
}

interface ParsedAuth {
  readonly scheme: "none" | "basic" | "md5" | "hmac";
  /** Absent for a bare scheme. */
  readonly settings?: CredentialSettings;
}

const aauthTypes: Readonly<Record<"basic" | "md5" | "hmac", AAuthType>> = {
  basic: "BASIC",
  md5: "DIGEST",
  hmac: "HMAC",
};

/** `none`, a bare `basic|md5|hmac`, or `SCHEME:NAME:SECRET` (the secret may hold ':'). */
function parseAuth(value: string | undefined, flag: string): ParsedAuth | undefined {
  if (value === undefined) return undefined;
  const first = value.indexOf(":");
  const scheme = (first < 0 ? value : value.slice(0, first)).toLowerCase();
  if (scheme === "none" && first < 0) return { scheme: "none" };
  if (scheme !== "basic" && scheme !== "md5" && scheme !== "hmac") {
    throw new UsageError(`${flag} must be none, basic, md5 or hmac, optionally followed by :NAME:SECRET`);
  }
  if (first < 0) return { scheme };
  const second = value.indexOf(":", first + 1);
  if (second < 0) throw new UsageError(`${flag} must be SCHEME:NAME:SECRET`);
  const name = value.slice(first + 1, second);
  const secret = value.slice(second + 1);
  if (name === "") throw new UsageError(`${flag}: NAME must not be empty`);
  return { scheme, settings: { type: aauthTypes[scheme], name, secret } };
}

type ListenSpec = { readonly kind: "udp" | "http"; readonly host?: string; readonly port: number };

/** `udp:PORT`, `http:PORT`, or with a bind address: `udp:HOST:PORT`. */
function parseListen(value: string): ListenSpec {
  const m = /^(udp|http):(?:(.+):)?(\d{1,5})$/.exec(value);
  const port = Number(m?.[3]);
  if (m === null || port > 65535)
    throw new UsageError(`--listen must be udp:PORT or http:PORT, got ${value}`);
  return { kind: m[1] as "udp" | "http", port, ...(m[2] === undefined ? {} : { host: m[2] }) };
}

function parseHostPort(value: string, flag: string): { host: string; port: number } {
  const m = /^(.+):(\d{1,5})$/.exec(value);
  const port = Number(m?.[2]);
  if (m?.[1] === undefined || port < 1 || port > 65535) throw new UsageError(`${flag} must be HOST:PORT`);
  return { host: m[1], port };
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1)
    throw new UsageError(`${flag} must be a positive integer`);
  return Number(value);
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === "") throw new UsageError(`${flag} is required`);
  return value;
}

/** Merges --config FILE (keys camelCase or as the flags spell them) under the flags. */
async function settingsOf(
  values: Partial<Record<FlagName, string | boolean | string[]>>,
): Promise<ClientSettings> {
  const config: Record<string, unknown> = {};
  if (typeof values.config === "string") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(values.config, "utf8"));
    } catch (e) {
      throw new UsageError(`--config ${values.config}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new UsageError(`--config ${values.config}: not a JSON object`);
    }
    const known = new Set([...Object.keys(options).map(camel), "manufacturer", "model", "ui"]);
    for (const [k, v] of Object.entries(parsed)) {
      if (!known.has(camel(k)) || camel(k) === "config")
        throw new UsageError(`--config: unknown setting ${k}`);
      config[camel(k)] = v;
    }
  }
  const flags: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined && k !== "config") flags[camel(k)] = v;
  const merged = { ...config, ...flags };
  if (typeof merged.listen === "string") merged.listen = [merged.listen];
  for (const key of ["timeout", "maxMessages"])
    if (typeof merged[key] === "number") merged[key] = String(merged[key]);
  for (const [key, value] of Object.entries(merged)) {
    const expected =
      key === "once" ? "boolean" : key === "ui" ? "object" : key === "listen" ? "array" : "string";
    const actual = Array.isArray(value) ? "array" : typeof value;
    const ok =
      actual === expected && (key !== "listen" || (value as unknown[]).every((v) => typeof v === "string"));
    if (!ok)
      throw new UsageError(
        `setting ${key} must be ${expected === "array" ? "a list of strings" : `a ${expected}`}`,
      );
  }
  return merged;
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

const levels = { debug: 20, info: 30, warn: 40, error: 50 } as const;
type LevelName = keyof typeof levels;

function levelOf(name: string): LevelName {
  if (name in levels) return name as LevelName;
  throw new UsageError("--log-level must be debug, info, warn or error");
}

/** A pino-compatible logger writing JSON lines (level, time, pid, msg, fields) to stderr. */
function jsonLogger(min: LevelName): SessionLogger & { info(fields: object, msg: string): void } {
  const write = (level: LevelName) => (fields: object, msg?: string) => {
    if (levels[level] < levels[min]) return;
    const line = { level: levels[level], time: Date.now(), pid: process.pid, msg, ...plain(fields) };
    process.stderr.write(JSON.stringify(line) + "\n");
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

/** Errors become { message, stack, code }; bytes their length; anything else as is. */
function plain(fields: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof Error) {
      out[k] = { type: v.name, message: v.message, ...("code" in v ? { code: v.code } : {}), stack: v.stack };
    } else if (v instanceof Uint8Array) out[k] = { bytes: v.length };
    else out[k] = v;
  }
  return out;
}

/** Calls `stop` on the first SIGINT or SIGTERM; returns the function that removes the handlers. */
function onSignal(stop: () => Promise<void>): () => void {
  const handler = () => {
    stop().catch(() => undefined);
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}
