/**
 * Test support for the engine: a device played with @omadm/protocol alone (server packages never
 * import the client), sending SyncML messages the way a DM 1.2 device does and reading the
 * engine's replies. Used by the session tests; not exported from the package.
 */
import type {
  Command,
  Cred,
  Item,
  Meta,
  Results,
  Status,
  SyncMLEncoding,
  SyncMLMessage,
} from "@omadm/protocol";
import {
  basicCredential,
  decodeNonce,
  decodeSyncML,
  encodeSyncML,
  formatHmacHeader,
  hmacMac,
  md5Credential,
  syncmlMediaType,
} from "@omadm/protocol";
import type { DmEngine, DmReply } from "./session-api.js";
import { sessionTokenOf } from "./session-token.js";

export const testServerUrl = "https://dm.example.com/dm";
export const testServerId = "omadm-test";

/** A device as the tests play it. */
export interface SimDevice {
  readonly deviceId: string;
  sessionId: string;
  /** MsgID of the device's last message. */
  msgId: number;
  /** The session token from the last RespURI. */
  token?: string;
  encoding: SyncMLEncoding;
  readonly auth?: {
    readonly scheme: "basic" | "md5" | "hmac";
    readonly username: string;
    readonly password: string;
  };
  /** The nonce the next MD5/HMAC credential uses. */
  nonce: Uint8Array;
  maxMsgSize?: number;
  maxObjSize?: number;
}

export function simDevice(
  deviceId: string,
  auth?: SimDevice["auth"],
  options: { encoding?: SyncMLEncoding; maxMsgSize?: number; maxObjSize?: number } = {},
): SimDevice {
  return {
    deviceId,
    sessionId: "1",
    msgId: 0,
    encoding: options.encoding ?? "xml",
    ...(auth === undefined ? {} : { auth }),
    nonce: new Uint8Array(0),
    ...(options.maxMsgSize === undefined ? {} : { maxMsgSize: options.maxMsgSize }),
    ...(options.maxObjSize === undefined ? {} : { maxObjSize: options.maxObjSize }),
  };
}

/** Starts a new session: no token, MsgID back to 1. */
export function newSession(d: SimDevice, sessionId: string): void {
  d.sessionId = sessionId;
  d.msgId = 0;
  delete d.token;
}

export interface SendOptions {
  readonly final?: boolean;
  /** "auto": the Cred (or HMAC header) of d.auth; "none": nothing; or a given Cred. */
  readonly cred?: "auto" | "none" | Cred;
  readonly headers?: Record<string, string>;
  /** Override the token (or send none with null). */
  readonly token?: string | null;
  readonly msgId?: number;
  readonly deviceId?: string;
}

export interface Exchange {
  readonly reply: DmReply;
  readonly sent: SyncMLMessage;
  readonly sentBytes: Uint8Array;
  /** The decoded reply (200 only). */
  readonly message?: SyncMLMessage;
}

/** Sends one device message and reads the reply (token and nonce are taken from it). */
export async function send(
  engine: DmEngine,
  d: SimDevice,
  body: readonly Command[],
  options: SendOptions = {},
): Promise<Exchange> {
  const msgId = options.msgId ?? d.msgId + 1;
  const cred = options.cred ?? "auto";
  const auth = d.auth;
  const headerCred: Cred | undefined =
    cred === "none" ? undefined : cred === "auto" ? (auth === undefined ? undefined : credOf(d)) : cred;
  const meta: Meta | undefined =
    d.maxMsgSize === undefined && d.maxObjSize === undefined
      ? undefined
      : {
          ...(d.maxMsgSize === undefined ? {} : { maxMsgSize: d.maxMsgSize }),
          ...(d.maxObjSize === undefined ? {} : { maxObjSize: d.maxObjSize }),
        };
  const sent: SyncMLMessage = {
    header: {
      verDtd: "1.2",
      verProto: "DM/1.2",
      sessionId: d.sessionId,
      msgId,
      target: { locUri: testServerUrl },
      source: {
        locUri: options.deviceId ?? d.deviceId,
        ...(auth === undefined ? {} : { locName: auth.username }),
      },
      ...(headerCred === undefined ? {} : { cred: headerCred }),
      ...(meta === undefined ? {} : { meta }),
    },
    body: numbered(body),
    final: options.final ?? true,
  };
  const sentBytes = encodeSyncML(sent, { encoding: d.encoding });
  const headers: Record<string, string> = { ...options.headers };
  if (cred === "auto" && auth?.scheme === "hmac") {
    headers["x-syncml-hmac"] = formatHmacHeader({
      username: auth.username,
      mac: hmacMac(auth.username, auth.password, d.nonce, sentBytes),
    });
  }
  const token = options.token === null ? undefined : (options.token ?? d.token);
  const reply = await engine.handle({
    body: sentBytes,
    contentType: syncmlMediaType(d.encoding),
    headers,
    ...(token === undefined ? {} : { token }),
  });
  if (reply.httpStatus !== 200 || reply.body === undefined) return { reply, sent, sentBytes };
  d.msgId = msgId;
  const message = decodeSyncML(reply.body);
  const respUri = message.header.respUri;
  const next = respUri === undefined ? undefined : sessionTokenOf(respUri);
  if (next !== undefined) d.token = next;
  const hdr = headerStatus(message);
  const nonce = hdr?.chal?.meta.nextNonce;
  if (nonce !== undefined) d.nonce = decodeNonce(nonce);
  return { reply, sent, sentBytes, message };
}

function credOf(d: SimDevice): Cred | undefined {
  const auth = d.auth;
  if (auth === undefined) return undefined;
  switch (auth.scheme) {
    case "basic":
      return {
        meta: { type: "syncml:auth-basic", format: "b64" },
        data: basicCredential(auth.username, auth.password),
      };
    case "md5":
      return {
        meta: { type: "syncml:auth-md5", format: "b64" },
        data: md5Credential(auth.username, auth.password, d.nonce),
      };
    case "hmac":
      return undefined;
  }
}

/** Gives every command (and nested ones) a CmdID, 1, 2, ... (devices restart per message). */
function numbered(body: readonly Command[]): Command[] {
  let n = 0;
  const walk = (c: Command): Command => {
    switch (c.kind) {
      case "Atomic":
      case "Sequence": {
        const cmdId = ++n;
        return { ...c, cmdId, commands: c.commands.map(walk) };
      }
      case "Unknown":
        return c;
      case "Add":
      case "Alert":
      case "Copy":
      case "Delete":
      case "Exec":
      case "Get":
      case "Replace":
      case "Results":
      case "Status":
        return { ...c, cmdId: ++n };
    }
  };
  return body.map(walk);
}

/** Package 1 body: Alert 1201/1200 and the DevInfo Replace [TR-PRO §2.3.3]. */
export function packageOne(alert: 1200 | 1201 = 1201, extra: readonly Command[] = []): Command[] {
  const leaf = (name: string, value: string): Item => ({
    source: { locUri: `./DevInfo/${name}` },
    meta: { format: "chr", type: "text/plain" },
    data: value,
  });
  return [
    { kind: "Alert", cmdId: 0, data: alert, items: [] },
    {
      kind: "Replace",
      cmdId: 0,
      items: [
        leaf("DevId", "IMEI:1"),
        leaf("Man", "omadm"),
        leaf("Mod", "sim"),
        leaf("DmV", "1.2"),
        leaf("Lang", "en"),
      ],
    },
    ...extra,
  ];
}

/** The SyncHdr Status of a reply. */
export function headerStatus(m: SyncMLMessage): Status | undefined {
  const s = m.body.find((c) => c.kind === "Status" && c.cmdRef === 0);
  return s?.kind === "Status" ? s : undefined;
}

/** The Status the reply gives the device's command `cmdRef`. */
export function statusFor(m: SyncMLMessage, cmdRef: number): Status | undefined {
  const s = m.body.find((c) => c.kind === "Status" && c.cmdRef === cmdRef);
  return s?.kind === "Status" ? s : undefined;
}

/** The reply's commands other than Status. */
export function commandsOf(m: SyncMLMessage): Command[] {
  return m.body.filter((c) => c.kind !== "Status");
}

/** Every management command in a reply, children of Atomic/Sequence included, parents first. */
export function flatCommands(m: SyncMLMessage): Command[] {
  const out: Command[] = [];
  const walk = (c: Command): void => {
    out.push(c);
    if (c.kind === "Atomic" || c.kind === "Sequence") c.commands.forEach(walk);
  };
  commandsOf(m).forEach(walk);
  return out;
}

/** Status for `c` of the server message `m`. */
export function status(m: SyncMLMessage, c: Command, code: number): Status {
  return {
    kind: "Status",
    cmdId: 0,
    msgRef: m.header.msgId,
    cmdRef: "cmdId" in c && c.cmdId !== undefined ? c.cmdId : 0,
    cmd: c.kind,
    targetRefs: [],
    sourceRefs: [],
    data: code,
    items: [],
  };
}

/** The device's SyncHdr Status for the server message `m`. */
export function hdrStatus(m: SyncMLMessage, code = 200, nextNonce?: string): Status {
  return {
    kind: "Status",
    cmdId: 0,
    msgRef: m.header.msgId,
    cmdRef: 0,
    cmd: "SyncHdr",
    targetRefs: [m.header.target.locUri],
    sourceRefs: [m.header.source.locUri],
    ...(nextNonce === undefined
      ? {}
      : { chal: { meta: { type: "syncml:auth-md5", format: "b64", nextNonce } } }),
    data: code,
    items: [],
  };
}

/** Results for the Get `c` of `m`. */
export function results(m: SyncMLMessage, c: Command, items: readonly Item[]): Results {
  return {
    kind: "Results",
    cmdId: 0,
    msgRef: m.header.msgId,
    cmdRef: "cmdId" in c ? (c.cmdId ?? 0) : 0,
    items,
  };
}

/** The target URI of a rendered command's first Item. */
export function targetOf(c: Command): string | undefined {
  switch (c.kind) {
    case "Exec":
      return c.item.target?.locUri;
    case "Add":
    case "Replace":
    case "Delete":
    case "Copy":
    case "Get":
      return c.items[0]?.target?.locUri;
    case "Alert":
    case "Atomic":
    case "Results":
    case "Sequence":
    case "Status":
    case "Unknown":
      return undefined;
  }
}

/** A device answering every command of `m` with 200 (Gets with a value). */
export function answerAll(m: SyncMLMessage, code = 200): Command[] {
  const out: Command[] = [hdrStatus(m)];
  for (const c of flatCommands(m)) {
    if (c.kind === "Alert") {
      out.push(status(m, c, 200));
      continue;
    }
    out.push(status(m, c, code));
    if (c.kind === "Get" && code === 200) {
      out.push(
        results(m, c, [{ source: { locUri: targetOf(c) ?? "" }, meta: { format: "chr" }, data: "value" }]),
      );
    }
  }
  return out;
}
