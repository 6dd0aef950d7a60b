/**
 * A stand-in for Kannel's fake SMSC in tests: a TCP server on a loopback port that writes one
 * line per SMS to its connected reader, in the fake SMSC line format (/work/shared/kannel.md):
 * `<sender> <receiver> udh <urlencoded UDH> <urlencoded data>` (Kannel's own spelling) or with
 * the word `data` before the user data (the spelling kannel.md documents).
 */
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { segmentForSms } from "@omadm/protocol";

export interface FakeSmsc {
  readonly port: number;
  /** Resolves when a reader is connected (immediately if one is). */
  connected(): Promise<Socket>;
  /** Writes raw text to the connected reader. */
  write(text: string): Promise<void>;
  /** Sends a WSP push PDU to `receiver` as one or more SMS lines (concatenated when over 140 octets). */
  sendPush(receiver: string, pdu: Uint8Array, options?: SendOptions): Promise<number>;
  /** Drops the current reader's connection (the SMSC "goes away"); the server keeps listening. */
  dropReader(): void;
  /** Total connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

export interface SendOptions {
  readonly sender?: string;
  readonly ref?: number;
  /** "kannel": `udh X Y` as Kannel writes; "documented": `udh X data Y`. Default "kannel". */
  readonly spelling?: "kannel" | "documented";
  /** Send the parts in this order (indexes into the part list). */
  readonly order?: readonly number[];
}

/** Kannel's URL encoding: alphanumerics and `-_.!~*'()` as is, space as `+`, the rest `%xx`. */
export function kannelUrlEncode(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    if (b === 0x20) out += "+";
    else if (/[A-Za-z0-9\-_.!~*'()]/.test(c)) out += c;
    else out += "%" + b.toString(16).padStart(2, "0");
  }
  return out;
}

/** One fake SMSC line for one SMS user data part (UDH with its length octet, then payload). */
export function kannelLine(
  sender: string,
  receiver: string,
  userData: Uint8Array,
  spelling: "kannel" | "documented" = "kannel",
): string {
  const udhLength = (userData[0] ?? 0) + 1;
  const udh = kannelUrlEncode(userData.subarray(0, udhLength));
  const data = kannelUrlEncode(userData.subarray(udhLength));
  return spelling === "kannel"
    ? `${sender} ${receiver} udh ${udh} ${data}\n`
    : `${sender} ${receiver} udh ${udh} data ${data}\n`;
}

/** Starts a fake SMSC on a free loopback port. */
export async function startFakeSmsc(): Promise<FakeSmsc> {
  let reader: Socket | undefined;
  let connections = 0;
  let waiters: ((s: Socket) => void)[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      if (reader === socket) reader = undefined;
    });
    socket.on("error", () => undefined);
    socket.resume();
    reader = socket;
    const w = waiters;
    waiters = [];
    for (const resolve of w) resolve(socket);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const connected = () =>
    reader !== undefined ? Promise.resolve(reader) : new Promise<Socket>((r) => waiters.push(r));
  const write = async (text: string) => {
    const s = await connected();
    await new Promise<void>((resolve, reject) => s.write(text, "latin1", (e) => (e ? reject(e) : resolve())));
  };
  return {
    port: (server.address() as AddressInfo).port,
    connected,
    write,
    async sendPush(receiver, pdu, options = {}) {
      const parts = segmentForSms(pdu, { ref: options.ref ?? 7 });
      const order = options.order ?? parts.map((_, i) => i);
      for (const i of order) {
        const part = parts[i];
        if (part === undefined) continue;
        await write(kannelLine(options.sender ?? "1234", receiver, part, options.spelling));
      }
      return parts.length;
    },
    dropReader() {
      reader?.destroy();
      reader = undefined;
    },
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
