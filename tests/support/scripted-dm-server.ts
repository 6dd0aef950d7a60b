/**
 * A scripted OMA DM 1.2 server for tests over real sockets: node:http(s), built only from
 * @omadm/protocol encoders and auth functions, so a client can be driven through whole sessions
 * before the real server exists (and the server issue can reuse it as a reference peer).
 *
 * What it does per session (keyed by SessionID):
 * - authenticates the client (none, basic, MD5 or HMAC): 407/401 with a Chal until the client's
 *   credentials verify, then 212 (basic, MD5; with a Chal carrying the next nonce for MD5) or 200
 *   with a fresh Chal on every message (HMAC) [TR-PRO §2.4], [TR-SEC §5.1.3-5.1.4];
 * - authenticates itself (none, basic, MD5 or HMAC) with the SRVCRED nonce it was given, taking
 *   the client's NextNonce from the client's SyncHdr Status, and re-sends a step the client
 *   refused (401/407) with the new credentials;
 * - sends the script's steps, one server package each, numbering CmdIDs itself, and records every
 *   command with the Status and Results the client returned for it;
 * - answers multi-message client packages (Final missing) with Alert 1222 [TR-PRO §2.1];
 * - ends the session with a package of Status only once the script is done;
 * - or misbehaves on purpose: garbage bodies, a closed socket, HTTP 500, or never ending.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import {
  basicCredential,
  decodeNonce,
  decodeSyncML,
  encodeNonce,
  encodeSyncML,
  formatHmacHeader,
  hmacMac,
  md5Credential,
  parseHmacHeader,
  verifyBasicCredential,
  verifyHmac,
  verifyMd5Credential,
  type Chal,
  type Command,
  type Cred,
  type Results,
  type Status,
  type SyncMLEncoding,
  type SyncMLMessage,
} from "@omadm/protocol";

export type AuthScheme = "none" | "basic" | "md5" | "hmac";

export interface AuthSettings {
  readonly scheme: AuthScheme;
  readonly username: string;
  readonly password: string;
  /** The nonce the first MD5/HMAC credential uses (CLCRED/SRVCRED AAuthData on the device). */
  readonly nonce?: Uint8Array;
}

/** One package of server commands; a function sees what the client answered so far. */
export type ScriptStep = readonly Command[] | ((session: ScriptedSession) => readonly Command[]);

export type Misbehaviour = "garbage" | "close" | "http-500" | "never-end" | "empty";

export interface ScriptedDmServerOptions {
  /** How the client must authenticate (the device's CLCRED). Default none. */
  readonly clientAuth?: AuthSettings;
  /** How this server authenticates itself (the device's SRVCRED). Default none. */
  readonly serverAuth?: AuthSettings;
  readonly steps?: readonly ScriptStep[];
  /** Reply encoding; default the encoding of the client's request. */
  readonly encoding?: SyncMLEncoding;
  /** Misbehave from the `atMessage`-th request of a session on (1 = the first). */
  readonly misbehave?: { readonly kind: Misbehaviour; readonly atMessage?: number };
  /** Put a RespURI in every reply (a per-session URL on this server). [TR-REP §4.1.1.8] */
  readonly respUri?: boolean;
  /** Serve HTTPS with this key and certificate. */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** Most messages per session before the server stops answering with commands. Default 40. */
  readonly maxMessages?: number;
}

/** A server command as sent, with what the client returned for it. */
export interface SentCommand {
  readonly msgId: number;
  readonly command: Command;
  status?: Status;
  readonly results: Results[];
}

/** Everything one session exchanged. */
export interface ScriptedSession {
  readonly sessionId: string;
  /** The client's messages in order (decoded), with their transport headers. */
  readonly received: {
    readonly message: SyncMLMessage;
    readonly headers: IncomingMessage["headers"];
    readonly url: string;
  }[];
  /** The server's messages in order. */
  readonly sent: SyncMLMessage[];
  /** Every command the server sent (children of Atomic/Sequence too), in order. */
  readonly commands: SentCommand[];
  /** The session alert code of Package 1 (1200 server-initiated, 1201 client-initiated). */
  sessionAlert?: number;
  /** Client alerts (1224, 1226, ...) other than the session alert. */
  readonly clientAlerts: Command[];
  clientAuthenticated: boolean;
  /** The client accepted the server's credentials (its SyncHdr Status was 200 or 212). */
  serverAuthenticated: boolean;
  /** Set once the server has sent its final package. */
  ended: boolean;
}

export interface ScriptedDmServer {
  /** The URL to configure as the account's server address. */
  readonly url: string;
  readonly sessions: ScriptedSession[];
  /** The nonce the client must use next for MD5/HMAC (the server's view of CLCRED AAuthData). */
  readonly clientNonce: Uint8Array;
  /** The nonce this server uses next for its own credentials (SRVCRED AAuthData). */
  readonly serverNonce: Uint8Array;
  close(): Promise<void>;
}

/** Starts the server on a free loopback port. */
export async function startScriptedDmServer(
  options: ScriptedDmServerOptions = {},
): Promise<ScriptedDmServer> {
  const clientAuth = options.clientAuth ?? { scheme: "none", username: "", password: "" };
  const serverAuth = options.serverAuth ?? { scheme: "none", username: "", password: "" };
  let clientNonce = clientAuth.nonce ?? new Uint8Array(0);
  let serverNonce = serverAuth.nonce ?? new Uint8Array(0);
  let nonceCounter = 0;
  const freshNonce = () => new TextEncoder().encode(`nonce-${++nonceCounter}-${Date.now()}`);
  const sessions: ScriptedSession[] = [];
  const state = new Map<string, SessionState>();
  let baseUrl = "";

  interface SessionState {
    readonly record: ScriptedSession;
    msgId: number;
    requests: number;
    step: number;
    /** The commands of the step in flight, re-sent if the client refuses our credentials. */
    pending: readonly Command[];
    resends: number;
    /** Server-side nonce the client's MD5/HMAC must use in this session. */
    clientNonce: Uint8Array;
  }

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const raw = new Uint8Array(body);
    let msg: SyncMLMessage;
    try {
      msg = decodeSyncML(raw);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const sessionId = msg.header.sessionId;
    let s = state.get(sessionId);
    if (s === undefined) {
      const record: ScriptedSession = {
        sessionId,
        received: [],
        sent: [],
        commands: [],
        clientAlerts: [],
        clientAuthenticated: clientAuth.scheme === "none",
        serverAuthenticated: serverAuth.scheme === "none",
        ended: false,
      };
      sessions.push(record);
      s = { record, msgId: 0, requests: 0, step: 0, pending: [], resends: 0, clientNonce };
      state.set(sessionId, s);
    }
    s.requests++;
    s.record.received.push({ message: msg, headers: req.headers, url: req.url ?? "/" });

    const bad = options.misbehave;
    if (bad !== undefined && s.requests >= (bad.atMessage ?? 1)) {
      switch (bad.kind) {
        case "garbage":
          res.writeHead(200, {
            "content-type": req.headers["content-type"] ?? "application/vnd.syncml.dm+xml",
          });
          res.end(Buffer.from("\x00\x01this is not SyncML<<>>\xff", "latin1"));
          return;
        case "empty":
          res.writeHead(200, {
            "content-type": req.headers["content-type"] ?? "application/vnd.syncml.dm+xml",
          });
          res.end();
          return;
        case "close":
          req.socket.destroy();
          return;
        case "http-500":
          res.writeHead(500).end("internal error");
          return;
        case "never-end":
          break;
      }
    }

    // Record what the client answered for our commands, and its alerts.
    const { record } = s;
    let refusedOurCredentials = false;
    for (const c of msg.body) {
      if (c.kind === "Status") {
        if (c.cmdRef === 0) {
          if (c.data === 200 || c.data === 212) record.serverAuthenticated = true;
          if (c.data === 401 || c.data === 407) refusedOurCredentials = true;
          const next = c.chal?.meta.nextNonce;
          if (next !== undefined) serverNonce = decodeNonce(next);
          continue;
        }
        const sent = record.commands.find((x) => x.msgId === c.msgRef && x.command.cmdId === c.cmdRef);
        if (sent !== undefined) sent.status = c;
      } else if (c.kind === "Results") {
        const sent = record.commands.find(
          (x) => x.msgId === (c.msgRef ?? s.msgId) && x.command.cmdId === c.cmdRef,
        );
        sent?.results.push(c);
      } else if (c.kind === "Alert") {
        if (c.data === 1200 || c.data === 1201) record.sessionAlert = c.data;
        else if (c.data !== 1222) record.clientAlerts.push(c);
      }
    }

    // Authenticate the client.
    const hdrStatus = checkClient(s, msg, raw, req.headers);
    const authOk = hdrStatus.data === 200 || hdrStatus.data === 212;

    s.msgId++;
    const statuses: Command[] = [hdrStatus];
    for (const c of msg.body) {
      if (c.kind === "Status") continue;
      statuses.push(statusFor(c, msg.header.msgId, authOk ? 200 : hdrStatus.data));
    }
    let commands: readonly Command[] = [];
    let final = true;
    if (!authOk) {
      // [TR-PRO §2.4] on an authentication failure: only statuses; the client starts over.
      final = true;
    } else if (!msg.final) {
      // [TR-PRO §2.1] the client's package continues: ask for the next message.
      commands = [{ kind: "Alert", cmdId: 0, data: 1222, items: [] }];
      final = false;
    } else if (refusedOurCredentials && s.pending.length > 0 && s.resends < 3) {
      s.resends++;
      commands = s.pending;
    } else if (options.misbehave?.kind === "never-end") {
      commands = [{ kind: "Get", cmdId: 0, items: [{ target: { locUri: "./DevInfo/DevId" } }] }];
    } else if (s.requests <= (options.maxMessages ?? 40) && s.step < (options.steps?.length ?? 0)) {
      const step = options.steps?.[s.step];
      s.step++;
      s.resends = 0;
      commands = typeof step === "function" ? step(record) : (step ?? []);
    }
    let next = 0;
    const numbered = [...statuses, ...commands].map((c) => renumber(c, () => ++next));
    const managed = numbered.slice(statuses.length);
    if (authOk && commands.length > 0 && commands[0]?.kind !== "Alert") s.pending = commands;
    for (const c of managed) track(record, s.msgId, c);
    if (authOk && managed.length === 0) record.ended = true;

    const reply: SyncMLMessage = {
      header: {
        verDtd: "1.2",
        verProto: "DM/1.2",
        sessionId,
        msgId: s.msgId,
        target: { locUri: msg.header.source.locUri },
        source: { locUri: msg.header.target.locUri },
        ...(options.respUri === true
          ? { respUri: `${baseUrl}/session/${encodeURIComponent(sessionId)}` }
          : {}),
        ...serverCred(record),
      },
      body: numbered,
      final,
    };
    record.sent.push(reply);
    const encoding =
      options.encoding ?? (String(req.headers["content-type"]).includes("wbxml") ? "wbxml" : "xml");
    const out = encodeSyncML(reply, { encoding });
    const headers: Record<string, string | number> = {
      "content-type": `application/vnd.syncml.dm+${encoding}`,
      "content-length": out.length,
    };
    if (serverAuth.scheme === "hmac") {
      headers["x-syncml-hmac"] = formatHmacHeader({
        username: serverAuth.username,
        mac: hmacMac(serverAuth.username, serverAuth.password, serverNonce, out),
      });
    }
    res.writeHead(200, headers);
    res.end(out);
  };

  /** The SyncHdr Status for the client's message. */
  function checkClient(
    s: SessionState,
    msg: SyncMLMessage,
    raw: Uint8Array,
    headers: IncomingMessage["headers"],
  ): Status {
    const base = {
      kind: "Status" as const,
      cmdId: 0,
      msgRef: msg.header.msgId,
      cmdRef: 0,
      cmd: "SyncHdr",
      targetRefs: [msg.header.target.locUri],
      sourceRefs: [msg.header.source.locUri],
      items: [],
    };
    const { record } = s;
    const chal = (type: string, withNonce: boolean): Chal => {
      if (!withNonce) return { meta: { type, format: "b64" } };
      const nonce = freshNonce();
      s.clientNonce = nonce;
      clientNonce = nonce;
      return { meta: { type, format: "b64", nextNonce: encodeNonce(nonce) } };
    };
    const { username, password } = clientAuth;
    switch (clientAuth.scheme) {
      case "none":
        return { ...base, data: 200 };
      case "basic": {
        if (record.clientAuthenticated && msg.header.cred === undefined) return { ...base, data: 200 };
        const cred = msg.header.cred;
        if (cred === undefined) return { ...base, data: 407, chal: chal("syncml:auth-basic", false) };
        if (!verifyBasicCredential(cred.data, username, password)) {
          return { ...base, data: 401, chal: chal("syncml:auth-basic", false) };
        }
        record.clientAuthenticated = true;
        return { ...base, data: 212 };
      }
      case "md5": {
        if (record.clientAuthenticated && msg.header.cred === undefined) return { ...base, data: 200 };
        const cred = msg.header.cred;
        if (cred === undefined) return { ...base, data: 407, chal: chal("syncml:auth-md5", true) };
        if (!verifyMd5Credential(cred.data, { username, password }, s.clientNonce)) {
          return { ...base, data: 401, chal: chal("syncml:auth-md5", true) };
        }
        record.clientAuthenticated = true;
        // [TR-PRO §2.4.1] 212 with a Chal: the nonce for the next session.
        return { ...base, data: 212, chal: chal("syncml:auth-md5", true) };
      }
      case "hmac": {
        const value = headers["x-syncml-hmac"];
        if (typeof value !== "string") return { ...base, data: 407, chal: chal("syncml:auth-MAC", true) };
        let valid = false;
        try {
          valid = verifyHmac(parseHmacHeader(value), { username, password }, s.clientNonce, raw);
        } catch {
          valid = false;
        }
        if (!valid) return { ...base, data: 401, chal: chal("syncml:auth-MAC", true) };
        record.clientAuthenticated = true;
        // [TR-SEC §5.1.4.3] 200 and a new nonce on every HMAC message.
        return { ...base, data: 200, chal: chal("syncml:auth-MAC", true) };
      }
    }
  }

  /** The server's SyncHdr Cred (basic/MD5) until the client accepted it. */
  function serverCred(record: ScriptedSession): { cred?: Cred } {
    const { scheme, username, password } = serverAuth;
    if (record.serverAuthenticated && record.received.length > 1) return {};
    switch (scheme) {
      case "basic":
        return {
          cred: {
            meta: { type: "syncml:auth-basic", format: "b64" },
            data: basicCredential(username, password),
          },
        };
      case "md5":
        return {
          cred: {
            meta: { type: "syncml:auth-md5", format: "b64" },
            data: md5Credential(username, password, serverNonce),
          },
        };
      case "hmac":
      case "none":
        return {};
    }
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        handle(req, res, Buffer.concat(chunks));
      } catch {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      }
    });
  };
  const server: Server =
    options.tls === undefined ? createServer(onRequest) : createHttpsServer(options.tls, onRequest);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `${options.tls === undefined ? "http" : "https"}://${options.tls === undefined ? "127.0.0.1" : "localhost"}:${port}`;
  return {
    url: `${baseUrl}/dm`,
    sessions,
    get clientNonce() {
      return clientNonce;
    },
    get serverNonce() {
      return serverNonce;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function statusFor(c: Command, msgRef: number, code: number): Status {
  const targets: string[] = [];
  const sources: string[] = [];
  if ("items" in c && c.kind !== "Status") {
    for (const i of c.items) {
      if (i.target !== undefined) targets.push(i.target.locUri);
      if (i.source !== undefined) sources.push(i.source.locUri);
    }
  }
  return {
    kind: "Status",
    cmdId: 0,
    msgRef,
    cmdRef: "cmdId" in c && c.cmdId !== undefined ? c.cmdId : 0,
    cmd: c.kind === "Unknown" ? c.name : c.kind,
    targetRefs: c.kind === "Alert" ? [] : targets,
    sourceRefs: c.kind === "Alert" ? [] : sources,
    data: code,
    items: [],
  };
}

/** Gives a command (and the commands inside an Atomic or Sequence) fresh CmdIDs. */
function renumber(c: Command, next: () => number): Command {
  switch (c.kind) {
    case "Atomic":
    case "Sequence": {
      const cmdId = next();
      return { ...c, cmdId, commands: c.commands.map((x) => renumber(x, next)) };
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
      return { ...c, cmdId: next() };
  }
}

function track(record: ScriptedSession, msgId: number, c: Command): void {
  record.commands.push({ msgId, command: c, results: [] });
  if (c.kind === "Atomic" || c.kind === "Sequence") for (const x of c.commands) track(record, msgId, x);
}
