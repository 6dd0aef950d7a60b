import { connect, type Socket } from "node:net";
import {
  addSmsPart,
  decodeWspPush,
  emptySmsReassembly,
  type SmsMessage,
  type SmsReassembly,
} from "@omadm/protocol";
import type { IntakeListener } from "./intake-api.js";
import { parseFakeSmscLine } from "./fake-smsc-line.js";
import { deliverPush, maxPushBytes, type PushTarget } from "./push-dispatch.js";
import { silentLogger } from "./silent-logger.js";

/** Options of fakeSmscConnector. */
export interface FakeSmscOptions {
  /** The SMSC's host and port (Kannel `group = smsc`, `smsc = fake`, `port`). */
  readonly host: string;
  readonly port: number;
  /** This device's number; only SMS addressed to it are read. */
  readonly msisdn: string;
  readonly target: PushTarget;
  /** Reconnect delays: the first, doubled after each failure up to the last. Default 250 ms .. 30 s. */
  readonly reconnect?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Incomplete concatenated messages kept; default 16 (see addSmsPart). */
  readonly maxPendingSms?: number;
}

/** A running connector; `connected` tells whether a connection to the SMSC is up right now. */
export interface FakeSmscConnector extends IntakeListener {
  readonly connected: boolean;
}

/** Longest line read; Kannel's lines are a few hundred bytes (140 octets URL-encoded, plus UDH). */
const maxLineBytes = 16 * 1024;

/**
 * The device's SMS bearer in tests: connects to Kannel's fake SMSC port and reads one SMS per
 * line (see fake-smsc-line.ts). SMS for this MSISDN are reassembled (concatenated SMS, 3GPP TS
 * 23.040), the WDP ports come from the UDH, the payload is decoded as a WSP push and routed by
 * port 2948 and application id 7 [TR-NOT §6.3]. Malformed lines and pushes are logged and
 * dropped; a dropped connection is re-opened with back-off until close().
 */
export function fakeSmscConnector(options: FakeSmscOptions): FakeSmscConnector {
  const log = options.target.log ?? silentLogger;
  const initialMs = options.reconnect?.initialMs ?? 250;
  const maxMs = Math.max(initialMs, options.reconnect?.maxMs ?? 30_000);
  const ourNumber = normalizeMsisdn(options.msisdn);
  let reassembly: SmsReassembly = emptySmsReassembly;
  let socket: Socket | undefined;
  let connected = false;
  let closing = false;
  let delay = initialMs;
  let timer: NodeJS.Timeout | undefined;
  let onClosed: (() => void) | undefined;

  const open = () => {
    timer = undefined;
    if (closing) return;
    const s = connect({ host: options.host, port: options.port });
    socket = s;
    let pending = "";
    let skipping = false;
    s.setEncoding("latin1");
    s.on("connect", () => {
      connected = true;
      delay = initialMs;
      log.info({ host: options.host, port: options.port }, "connected to the SMSC");
    });
    s.on("data", (chunk: string) => {
      let text = pending + chunk;
      let nl = text.indexOf("\n");
      while (nl >= 0) {
        const line = text.slice(0, nl);
        text = text.slice(nl + 1);
        if (skipping) skipping = false;
        else onLine(line.endsWith("\r") ? line.slice(0, -1) : line);
        nl = text.indexOf("\n");
      }
      if (text.length > maxLineBytes) {
        log.warn({ bytes: text.length }, "over-long SMSC line dropped");
        text = "";
        skipping = true;
      }
      pending = skipping ? "" : text;
    });
    s.on("error", (e: NodeJS.ErrnoException) => {
      log.warn(
        { host: options.host, port: options.port, error: e.code ?? e.message },
        "SMSC connection error",
      );
    });
    s.on("close", () => {
      const was = connected;
      connected = false;
      socket = undefined;
      if (closing) {
        onClosed?.();
        return;
      }
      if (was) log.warn({ host: options.host, port: options.port }, "SMSC connection lost");
      timer = setTimeout(open, delay);
      delay = Math.min(delay * 2, maxMs);
    });
  };

  const onLine = (line: string) => {
    if (line.trim() === "") return;
    const sms = parseFakeSmscLine(line);
    if (sms === undefined) {
      log.warn({ line: line.slice(0, 200) }, "malformed SMSC line dropped");
      return;
    }
    if (normalizeMsisdn(sms.receiver) !== ourNumber) return;
    if (sms.udh === undefined) {
      // A WAP push always has a UDH with the WDP ports. [TR-NOT §6.3]
      log.info({ sender: sms.sender }, "SMS without a user data header ignored");
      return;
    }
    const userData = new Uint8Array(sms.udh.length + sms.data.length);
    userData.set(sms.udh, 0);
    userData.set(sms.data, sms.udh.length);
    let message: SmsMessage | undefined;
    try {
      const next = addSmsPart(
        reassembly,
        { userData, sender: sms.sender },
        options.maxPendingSms === undefined ? {} : { maxPending: options.maxPendingSms },
      );
      reassembly = next.state;
      message = next.message;
    } catch (e) {
      log.warn({ sender: sms.sender, error: String(e) }, "SMS with a malformed header dropped");
      return;
    }
    if (message !== undefined) deliver(message);
  };

  const deliver = (message: SmsMessage) => {
    const source = `sms:${message.sender}`;
    if (message.ports === undefined) {
      log.info({ source }, "SMS without WDP ports ignored");
      return;
    }
    let push;
    try {
      push = decodeWspPush(message.payload, { maxBytes: maxPushBytes });
    } catch (e) {
      log.warn({ source, error: String(e) }, "SMS payload is not a WSP push; dropped");
      return;
    }
    deliverPush(push, message.ports.destination, source, options.target).catch((e: unknown) =>
      log.error({ source, error: String(e) }, "push handling failed"),
    );
  };

  open();
  return {
    port: options.port,
    get connected() {
      return connected;
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        if (timer !== undefined) clearTimeout(timer);
        if (socket === undefined) {
          resolve();
          return;
        }
        onClosed = resolve;
        socket.destroy();
      }),
  };
}

/** Compares numbers as digits: "+15551234567", "15551234567" and "0015551234567" are one number. */
function normalizeMsisdn(n: string): string {
  const digits = n.replace(/[\s-]/g, "");
  if (digits.startsWith("+")) return digits.slice(1);
  if (digits.startsWith("00")) return digits.slice(2);
  return digits;
}
