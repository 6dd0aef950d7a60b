/**
 * A real Kannel (Debian's bearerbox + wapbox) as a Push Proxy Gateway for tests, with a reader of
 * its fake SMSC. /work/shared/kannel.md describes the configuration, the start order and the
 * quirks. Every instance gets its own temp directory and free loopback ports, so a test may run
 * a private one (e.g. for wrong-password tests: 4 failed logins lock out the IP until restart).
 * A missing Kannel is an error, never a skip: the tests that use this must fail without it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdirSync, writeFileSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { parseFakeSmscLine, type FakeSmscLine } from "@omadm/client";
import {
  addSmsPart,
  decodeWspPush,
  emptySmsReassembly,
  type SmsMessage,
  type SmsReassembly,
  type WspPush,
} from "@omadm/protocol";

/** Where Debian's kannel package puts the boxes. */
export const kannelBinaries = {
  bearerbox: "/usr/sbin/bearerbox",
  wapbox: "/usr/sbin/wapbox",
  smsbox: "/usr/sbin/smsbox",
} as const;

/** The loopback ports of one instance. */
export interface KannelPorts {
  readonly adminPort: number;
  readonly smsboxPort: number;
  readonly wapboxPort: number;
  readonly ppgPort: number;
  readonly smscPort: number;
  readonly sendsmsPort: number;
}

export interface KannelOptions {
  /** A fresh directory for the config and the logs. */
  readonly dir: string;
  /** PPG user; defaults dmserver / a fixed test password. */
  readonly username?: string;
  readonly password?: string;
  /** Longest wait for a box to open its port; default 15 s. */
  readonly startTimeoutMs?: number;
  /** Fixed ports (e.g. chosen before, to point a client at a Kannel that starts later); default free ones. */
  readonly ports?: KannelPorts;
}

export interface Kannel {
  /** The PAP endpoint, e.g. http://127.0.0.1:PORT/wappush. */
  readonly ppgUrl: string;
  readonly username: string;
  readonly password: string;
  /** The fake SMSC's port: connect a reader here (connectSmscReader). */
  readonly smscPort: number;
  /** smsbox's send-SMS URL (http://127.0.0.1:PORT/cgi-bin/sendsms) and its user. */
  readonly sendsmsUrl: string;
  readonly sendsmsUser: string;
  readonly sendsmsPassword: string;
  readonly ports: KannelPorts;
  readonly configFile: string;
  readonly dir: string;
  /** SIGKILLs smsbox, wapbox and bearerbox and waits for them to exit (instant). Idempotent. */
  stop(): Promise<void>;
}

/** Fails with a clear message when the Debian packages are not installed. */
export function assertKannelInstalled(): void {
  for (const path of Object.values(kannelBinaries)) {
    try {
      accessSync(path, constants.X_OK);
    } catch {
      throw new Error(
        `${path} not found: install Kannel (apt-get install -y kannel kannel-extras); these tests need a real PPG`,
      );
    }
  }
}

/** A port that was free a moment ago (the OS's pick for port 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Six ports that were free a moment ago. */
export async function freePorts(): Promise<KannelPorts> {
  return {
    adminPort: await freePort(),
    smsboxPort: await freePort(),
    wapboxPort: await freePort(),
    ppgPort: await freePort(),
    smscPort: await freePort(),
    sendsmsPort: await freePort(),
  };
}

/**
 * The loopback configuration of kannel.md with the given ports, plus smsbox's send-SMS interface
 * (a sendsms-user with concatenation) for pushes whose WSP content-type parameters Kannel's PPG
 * would drop (bootstraps with SEC and MAC).
 */
export function kannelConfig(
  c: KannelPorts & { readonly logDir: string; readonly username: string; readonly password: string },
): string {
  return `group = core
admin-port = ${c.adminPort}
admin-interface = 127.0.0.1
admin-password = ${c.password}-admin
admin-deny-ip = "*.*.*.*"
admin-allow-ip = "127.0.0.1"
smsbox-port = ${c.smsboxPort}
smsbox-interface = 127.0.0.1
wapbox-port = ${c.wapboxPort}
box-deny-ip = "*.*.*.*"
box-allow-ip = "127.0.0.1"
log-file = "${join(c.logDir, "bearerbox.log")}"
log-level = 0

group = wapbox
bearerbox-host = 127.0.0.1
log-file = "${join(c.logDir, "wapbox.log")}"
syslog-level = none

group = ppg
ppg-url = /wappush
ppg-port = ${c.ppgPort}
concurrent-pushes = 100
users = 10
trusted-pi = false
ppg-allow-ip = "127.0.0.1"
global-sender = 1234

group = wap-push-user
wap-push-user = ${c.username}
ppg-username = ${c.username}
ppg-password = ${c.password}
allow-ip = "127.0.0.1"

group = smsc
smsc = fake
smsc-id = FAKE
port = ${c.smscPort}
our-host = 127.0.0.1
connect-allow-ip = "127.0.0.1"

group = smsbox
bearerbox-host = 127.0.0.1
sendsms-port = ${c.sendsmsPort}
sendsms-interface = 127.0.0.1
log-file = "${join(c.logDir, "smsbox.log")}"
log-level = 0

group = sendsms-user
username = ${c.username}
password = ${c.password}
default-sender = 1234
concatenation = true
max-messages = 30
user-allow-ip = "127.0.0.1"
`;
}

/**
 * Writes the config into `dir`, starts bearerbox, waits for its wapbox and fake SMSC ports,
 * starts wapbox and smsbox and waits for the PPG and send-SMS ports. On any failure both boxes are killed and the error names the log.
 */
export async function startKannel(options: KannelOptions): Promise<Kannel> {
  assertKannelInstalled();
  const dir = options.dir;
  const logDir = join(dir, "log");
  mkdirSync(logDir, { recursive: true });
  const username = options.username ?? "dmserver";
  const password = options.password ?? "ppg-test-secret";
  const ports = options.ports ?? (await freePorts());
  const configFile = join(dir, "kannel.conf");
  writeFileSync(configFile, kannelConfig({ logDir, username, password, ...ports }));
  const timeoutMs = options.startTimeoutMs ?? 15_000;
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.splice(0).reverse().map(kill));
  };
  try {
    children.push(box(kannelBinaries.bearerbox, configFile, join(logDir, "bearerbox.out")));
    await waitForPort(ports.wapboxPort, children[0]!, timeoutMs, "bearerbox", logDir);
    await waitForPort(ports.smscPort, children[0]!, timeoutMs, "bearerbox (fake SMSC)", logDir);
    children.push(box(kannelBinaries.wapbox, configFile, join(logDir, "wapbox.out")));
    children.push(box(kannelBinaries.smsbox, configFile, join(logDir, "smsbox.out")));
    await waitForPort(ports.ppgPort, children[1]!, timeoutMs, "wapbox (PPG)", logDir);
    await waitForPort(ports.sendsmsPort, children[2]!, timeoutMs, "smsbox (sendsms)", logDir);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    ppgUrl: `http://127.0.0.1:${ports.ppgPort}/wappush`,
    username,
    password,
    smscPort: ports.smscPort,
    sendsmsUrl: `http://127.0.0.1:${ports.sendsmsPort}/cgi-bin/sendsms`,
    sendsmsUser: username,
    sendsmsPassword: password,
    ports,
    configFile,
    dir,
    stop,
  };
}

function box(binary: string, configFile: string, outFile: string): ChildProcess {
  // Output goes to the logs; the children's stdio must not keep the test process alive.
  writeFileSync(outFile, "");
  const child = spawn(binary, [configFile], { stdio: "ignore", detached: false });
  child.on("error", () => undefined);
  return child;
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

async function waitForPort(
  port: number,
  child: ChildProcess,
  timeoutMs: number,
  what: string,
  logDir: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}); see ${logDir}`);
    }
    if (await canConnect(port)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not open port ${port}; see ${logDir}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/** One SMS as the fake SMSC wrote it: the UDH (with its length octet) and the user data after it. */
export interface SmscMessage extends FakeSmscLine {
  /** The raw line, for diagnostics. */
  readonly line: string;
}

export interface SmscReader {
  /** The next SMS; rejects after `timeoutMs` (default 10 s) with the lines seen so far. */
  next(timeoutMs?: number): Promise<SmscMessage>;
  /** SMS received and not yet taken by next(). */
  readonly pending: number;
  close(): Promise<void>;
}

/**
 * Connects to the fake SMSC port as its (only) reader and decodes each line it writes
 * (`<sender> <receiver> udh <urlencoded UDH> <urlencoded data>`). Resolves once connected;
 * SMS queued by bearerbox while nobody read arrive right after.
 */
export async function connectSmscReader(port: number, host = "127.0.0.1"): Promise<SmscReader> {
  const socket: Socket = connect({ host, port });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.on("error", () => undefined);
  socket.setEncoding("latin1");
  const queue: SmscMessage[] = [];
  const waiters: ((m: SmscMessage) => void)[] = [];
  const bad: string[] = [];
  let pending = "";
  socket.on("data", (chunk: string) => {
    pending += chunk;
    let nl = pending.indexOf("\n");
    while (nl >= 0) {
      const line = pending.slice(0, nl).replace(/\r$/, "");
      pending = pending.slice(nl + 1);
      nl = pending.indexOf("\n");
      if (line.trim() === "") continue;
      const sms = parseFakeSmscLine(line);
      if (sms === undefined) {
        bad.push(line);
        continue;
      }
      const message = { ...sms, line };
      const w = waiters.shift();
      if (w !== undefined) w(message);
      else queue.push(message);
    }
  });
  return {
    next(timeoutMs = 10_000) {
      const ready = queue.shift();
      if (ready !== undefined) return Promise.resolve(ready);
      return new Promise<SmscMessage>((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = waiters.indexOf(take);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`no SMS within ${timeoutMs} ms (unparsed lines: ${JSON.stringify(bad)})`));
        }, timeoutMs);
        const take = (m: SmscMessage) => {
          clearTimeout(timer);
          resolve(m);
        };
        waiters.push(take);
      });
    },
    get pending() {
      return queue.length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.destroyed) resolve();
        else {
          socket.once("close", () => resolve());
          socket.destroy();
        }
      }),
  };
}

/** The SMS user data of a message: its UDH (length octet included) followed by the data. */
export function smsUserData(m: FakeSmscLine): Uint8Array {
  const udh = m.udh ?? new Uint8Array(0);
  const out = new Uint8Array(udh.length + m.data.length);
  out.set(udh, 0);
  out.set(m.data, udh.length);
  return out;
}

/** One WAP push as the fake SMSC delivered it: its SMS, the reassembled payload and the decoded PDU. */
export interface ReceivedPush {
  readonly parts: readonly SmscMessage[];
  readonly message: SmsMessage;
  readonly push: WspPush;
}

/**
 * Reads SMS until one whole message is in (concatenated parts reassembled with addSmsPart, as a
 * device does) and decodes its payload as a WSP push PDU.
 */
export async function receivePush(reader: SmscReader, timeoutMs = 10_000): Promise<ReceivedPush> {
  const parts: SmscMessage[] = [];
  let state: SmsReassembly = emptySmsReassembly;
  for (;;) {
    const sms = await reader.next(timeoutMs);
    parts.push(sms);
    const next = addSmsPart(state, { userData: smsUserData(sms), sender: sms.sender });
    state = next.state;
    if (next.message !== undefined) {
      return { parts, message: next.message, push: decodeWspPush(next.message.payload) };
    }
  }
}
