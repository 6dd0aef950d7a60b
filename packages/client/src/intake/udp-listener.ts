import { createSocket } from "node:dgram";
import type { IntakeListener } from "./intake-api.js";
import { deliverDatagram, maxPushBytes, type PushTarget } from "./push-dispatch.js";
import { silentLogger } from "./silent-logger.js";

/** Datagrams handled at once; more are dropped (a flood must not queue without bound). */
const maxInFlight = 32;

/**
 * Listens for notifications on a UDP port: each datagram is a connectionless WSP push PDU (as
 * WDP over IP carries it to port 2948, [TR-NOT §6.3]) or a bare Package 0. Bad datagrams are
 * logged and dropped; the listener keeps running. Resolves once the socket is bound.
 */
export function listenUdp(
  port: number,
  target: PushTarget,
  options: { readonly host?: string } = {},
): Promise<IntakeListener> {
  const log = target.log ?? silentLogger;
  const socket = createSocket("udp4");
  let inFlight = 0;
  socket.on("message", (msg, rinfo) => {
    const source = `udp:${rinfo.address}:${rinfo.port}`;
    if (inFlight >= maxInFlight || msg.length > maxPushBytes) {
      log.warn({ source, bytes: msg.length }, "datagram dropped: busy or too large");
      return;
    }
    inFlight++;
    deliverDatagram(new Uint8Array(msg), source, target)
      .catch((e: unknown) => log.error({ source, error: String(e) }, "datagram handling failed"))
      .finally(() => inFlight--);
  });
  socket.on("error", (e) => log.error({ error: e.message }, "UDP listener error"));
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, options.host ?? "0.0.0.0", () => {
      socket.off("error", reject);
      const bound = socket.address().port;
      log.info({ port: bound }, "listening for notifications on UDP");
      resolve({
        port: bound,
        close: () => new Promise<void>((done) => socket.close(() => done())),
      });
    });
  });
}
