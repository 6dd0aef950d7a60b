/**
 * Test support for the session engine (not exported from the package): a small device (tree and
 * accounts), a scripted DM server that writes its messages with the @omadm/protocol encoders,
 * and readers for what the client sent. Tests drive ClientSession message by message with it.
 */
import type { Command, Cred, Meta, SyncHdr, SyncMLEncoding, SyncMLMessage } from "@omadm/protocol";
import { decodeSyncML, encodeSyncML, syncmlMediaType } from "@omadm/protocol";
import type { ManagementTree } from "@omadm/tree";
import { createTree } from "@omadm/tree";
import type { AccountStore, AuthCredential, ServerAccount } from "../account/account-api.js";
import { ClientSession } from "./client-session.js";
import type { IncomingMessage, SessionConfig, SessionStep } from "./session-api.js";

export const devId = "IMEI:493005100592800";
export const serverUrl = "https://dm.example.com/manage";
export const serverId = "omadm.test";

/** A device tree: DevInfo, DevDetail (URI limits, LrgObj), an open ./Vendor area. */
export function testTree(id = devId): ManagementTree {
  const tree = createTree({ clock: () => new Date(Date.UTC(2026, 0, 1)) });
  const leaf = (uri: string, data: string, format = "chr"): void => {
    const r = tree.define(uri, { format, type: "text/plain", data });
    if (r.status !== 200) throw new Error(`define ${uri}: ${r.status}`);
  };
  leaf("./DevInfo/DevId", id);
  leaf("./DevInfo/Man", "omadm");
  leaf("./DevInfo/Mod", "test-device");
  leaf("./DevInfo/DmV", "1.2");
  leaf("./DevInfo/Lang", "en-US");
  leaf("./DevDetail/URI/MaxDepth", "20", "int");
  leaf("./DevDetail/URI/MaxTotLen", "512", "int");
  leaf("./DevDetail/URI/MaxSegLen", "256", "int");
  leaf("./DevDetail/LrgObj", "true", "bool");
  leaf("./DevDetail/Bearer/GSM", "");
  tree.define("./Vendor", { format: "node" }, { acl: "Add=*&Delete=*&Exec=*&Get=*&Replace=*" });
  // Servers may read DevInfo/DevDetail and change the GSM bearer leaf.
  tree.replace("./DevInfo?prop=ACL", { data: "Get=*" }, undefined);
  tree.replace("./DevDetail?prop=ACL", { data: "Get=*" }, undefined);
  tree.replace("./DevDetail/Bearer/GSM?prop=ACL", { data: "Get=*&Replace=*" }, undefined);
  return tree;
}

/** An AccountStore over plain objects; the nonces it is given are recorded. */
export class TestAccounts implements AccountStore {
  accounts: ServerAccount[];
  readonly clientNonces: Uint8Array[] = [];
  readonly serverNonces: Uint8Array[] = [];

  constructor(accounts: ServerAccount[]) {
    this.accounts = accounts;
  }

  list(): ServerAccount[] {
    return this.accounts;
  }

  byServerId(id: string): ServerAccount | undefined {
    return this.accounts.find((a) => a.serverId === id);
  }

  setClientNonce(id: string, nonce: Uint8Array): void {
    this.clientNonces.push(nonce);
    this.#update(id, (a) => (a.client === undefined ? a : { ...a, client: { ...a.client, nonce } }));
  }

  setServerNonce(id: string, nonce: Uint8Array): void {
    this.serverNonces.push(nonce);
    this.#update(id, (a) => (a.server === undefined ? a : { ...a, server: { ...a.server, nonce } }));
  }

  #update(id: string, f: (a: ServerAccount) => ServerAccount): void {
    this.accounts = this.accounts.map((a) => (a.serverId === id ? f(a) : a));
  }
}

export function testAccount(
  options: { client?: AuthCredential; server?: AuthCredential; id?: string } = {},
): ServerAccount {
  return {
    accountUri: "./DMAcc/Test",
    serverId: options.id ?? serverId,
    addresses: [serverUrl],
    ...(options.client !== undefined && { client: options.client }),
    ...(options.server !== undefined && { server: options.server }),
  };
}

/** Random bytes from a counter: deterministic, never the same twice. */
export function counterRandom(): (n: number) => Uint8Array {
  let k = 0;
  return (n) => Uint8Array.from({ length: n }, () => (k++ * 37 + 11) & 0xff);
}

export interface Harness {
  readonly session: ClientSession;
  readonly tree: ManagementTree;
  readonly accounts: TestAccounts;
  readonly account: ServerAccount;
}

/** A session over the test device; `config` overrides any part. */
export function harness(config: Partial<SessionConfig> = {}): Harness {
  const tree = config.tree ?? testTree();
  const account = config.account ?? testAccount();
  const accounts = (config.accounts as TestAccounts | undefined) ?? new TestAccounts([account]);
  const session = new ClientSession({
    tree,
    accounts,
    account,
    trigger: { kind: "client", sessionId: "1" },
    encoding: "xml",
    random: counterRandom(),
    ...config,
  });
  return { session, tree, accounts, account };
}

/** The message a `send` step carries, decoded; fails the test for a `done` step. */
export function sentMessage(step: SessionStep): SyncMLMessage {
  if (step.kind !== "send")
    throw new Error(`expected a message, the session ended: ${step.outcome} ${step.reason ?? ""}`);
  return decodeSyncML(step.message.body);
}

/** Builds the scripted server's messages for one session. */
export class ScriptedServer {
  msgId = 0;
  readonly sessionId: string;
  readonly encoding: SyncMLEncoding;

  constructor(sessionId: string, encoding: SyncMLEncoding = "xml") {
    this.sessionId = sessionId;
    this.encoding = encoding;
  }

  header(extra: Partial<SyncHdr> = {}): SyncHdr {
    return {
      verDtd: "1.2",
      verProto: "DM/1.2",
      sessionId: this.sessionId,
      msgId: ++this.msgId,
      target: { locUri: devId },
      source: { locUri: serverUrl },
      ...extra,
    };
  }

  /** A message: `statusFor` adds the SyncHdr Status (200) for the client's message of that MsgID. */
  message(
    body: readonly Command[],
    options: {
      final?: boolean;
      statusFor?: number;
      headerStatus?: number;
      header?: Partial<SyncHdr>;
      cred?: Cred;
      meta?: Meta;
      headers?: Record<string, string>;
    } = {},
  ): IncomingMessage {
    const header = this.header({
      ...(options.cred !== undefined && { cred: options.cred }),
      ...(options.meta !== undefined && { meta: options.meta }),
      ...options.header,
    });
    const hdrStatus: Command[] =
      options.statusFor === undefined
        ? []
        : [
            {
              kind: "Status",
              cmdId: 900,
              msgRef: options.statusFor,
              cmdRef: 0,
              cmd: "SyncHdr",
              targetRefs: [serverUrl],
              sourceRefs: [devId],
              data: options.headerStatus ?? 200,
              items: [],
            },
          ];
    const msg: SyncMLMessage = { header, body: [...hdrStatus, ...body], final: options.final ?? true };
    const bytes = encodeSyncML(msg, { encoding: this.encoding });
    return { body: bytes, contentType: syncmlMediaType(this.encoding), headers: options.headers ?? {} };
  }
}

/** The Statuses of a message as [cmd, cmdRef, code] rows, SyncHdr included. */
export function statusRows(msg: SyncMLMessage): [string, number, number][] {
  return msg.body.flatMap((c) =>
    c.kind === "Status" ? [[c.cmd, c.cmdRef, c.data] as [string, number, number]] : [],
  );
}

/** Wraps raw fixture bytes as a server reply. */
export function incoming(bytes: Uint8Array, encoding: SyncMLEncoding): IncomingMessage {
  return { body: bytes, contentType: syncmlMediaType(encoding), headers: {} };
}
