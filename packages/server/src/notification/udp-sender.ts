import { createSocket } from "node:dgram";
import { isIPv6 } from "node:net";
import { transportError } from "./http-post.js";
import type { PushContent, PushSender, SendOutcome } from "./push-content.js";

/** `host:port` or `[v6]:port` -> parts; undefined when malformed. */
export function parseHostPort(address: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(address.trim());
  if (m === null) return undefined;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1] ?? m[2] ?? "", port };
}

/**
 * Package 0 as one UDP datagram to `host:port` (the bare body; the device's listener stands for
 * WDP port 2948). UDP has no delivery receipt: "sent" means the datagram left. A malformed
 * address is permanent; a send error (no route, DNS) is retried.
 */
export function udpSender(): PushSender {
  return {
    send(address: string, content: PushContent): Promise<SendOutcome> {
      const target = parseHostPort(address);
      if (target === undefined) {
        return Promise.resolve({
          ok: false,
          permanent: true,
          detail: `not host:port: ${JSON.stringify(address)}`,
        });
      }
      const socket = createSocket(isIPv6(target.host) ? "udp6" : "udp4");
      return new Promise<SendOutcome>((resolve) => {
        let settled = false;
        const done = (outcome: SendOutcome) => {
          if (settled) return;
          settled = true;
          socket.close();
          resolve(outcome);
        };
        socket.once("error", (e) => done({ ok: false, permanent: false, detail: transportError(e) }));
        socket.send(content.body, target.port, target.host, (e) => {
          if (e) done({ ok: false, permanent: false, detail: `UDP send failed: ${transportError(e)}` });
          else
            done({ ok: true, detail: `${content.body.byteLength} bytes to ${target.host}:${target.port}` });
        });
      });
    },
  };
}
