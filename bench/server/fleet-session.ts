/**
 * One simulated device running one DM session: a fresh starter tree in memory (no file), our
 * client's session engine (ClientSession) and its HTTP transport, exactly the work a device of
 * the fleet does whichever server answers. Randomness is a seeded generator so that a session
 * can be repeated byte for byte (the floor server replays a recorded session's replies).
 */
import {
  accountsOf,
  ClientSession,
  createStarterDevice,
  type SessionOutcome,
  type Transport,
  type TransportRequest,
  type TransportResult,
} from "@omadm/client";
import type { SyncMLEncoding } from "@omadm/protocol";
import { benchServerId, type BenchDevice } from "./bench-devices.js";

/** How one session went. */
export interface SessionRun {
  readonly outcome: SessionOutcome;
  readonly reason?: string;
  readonly messages: number;
  /** From building Package 1 to the end of the session, ms. */
  readonly ms: number;
}

/** SplitMix32-style bytes: cheap, deterministic per seed. */
export function seededRandom(seed: number): (n: number) => Uint8Array {
  let s = seed >>> 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      out[i] = (z ^ (z >>> 16)) & 0xff;
    }
    return out;
  };
}

/** The session engine of device `d`, with a new tree whose DMAcc points at `serverUrl`. */
export function deviceSession(
  d: BenchDevice,
  serverUrl: string,
  encoding: SyncMLEncoding,
  seed: number,
): ClientSession {
  const tree = createStarterDevice({
    devId: d.devId,
    man: "omadm",
    mod: "bench",
    account: {
      serverId: benchServerId,
      serverUrl,
      name: "unnamed",
      clientAuth: { type: "DIGEST", name: d.clientName, secret: d.clientSecret },
      serverAuth: { type: "DIGEST", name: benchServerId, secret: d.serverSecret },
    },
  });
  const accounts = accountsOf(tree);
  const account = accounts.byServerId(benchServerId);
  if (account === undefined) throw new Error("the starter device has no account for the bench server");
  return new ClientSession({
    tree,
    accounts,
    account,
    trigger: { kind: "client" },
    encoding,
    random: seededRandom(seed),
  });
}

/** Runs one session to its end over `transport`. */
export async function runSession(session: ClientSession, transport: Transport): Promise<SessionRun> {
  const start = performance.now();
  let messages = 0;
  let step = await session.start();
  for (;;) {
    if (step.kind === "done") {
      return {
        outcome: step.outcome,
        ...(step.reason === undefined ? {} : { reason: step.reason }),
        messages,
        ms: performance.now() - start,
      };
    }
    if (messages > 20)
      return { outcome: "aborted", reason: "too many messages", messages, ms: performance.now() - start };
    const result = await transport.send(step.message);
    messages++;
    if (result.kind === "failure") {
      return {
        outcome: "failed",
        reason: `transport ${result.failure}: ${result.message}`,
        messages,
        ms: performance.now() - start,
      };
    }
    step = step.last === true ? session.close("closed") : await session.receive(result);
  }
}

/** One request and its reply, as the floor server replays them. */
export interface RecordedExchange {
  readonly request: TransportRequest;
  readonly result: TransportResult;
}

/** A transport that keeps every exchange. */
export function recordingTransport(inner: Transport): {
  transport: Transport;
  exchanges: RecordedExchange[];
} {
  const exchanges: RecordedExchange[] = [];
  return {
    exchanges,
    transport: {
      async send(request, options) {
        const result = await inner.send(request, options);
        exchanges.push({ request, result });
        return result;
      },
    },
  };
}
