import { randomBytes } from "node:crypto";
import type { RandomBytes } from "@omadm/protocol";
import { postBytes, transportError } from "./http-post.js";
import { encodePapRequest } from "./pap-request.js";
import { papOutcome, parsePapResponse } from "./pap-response.js";
import type { PushContent, PushSender, SendOutcome } from "./push-content.js";

/** Options of papSender. */
export interface PapSenderOptions {
  /** The PPG's PAP endpoint, e.g. http://ppg.example:8080/wappush (Kannel: ppg-url). */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** Longest wait for the PPG's reply; default 10 s. */
  readonly timeoutMs?: number;
  /** The PPG specifier of client addresses (`...@host`); default the URL's host name. */
  readonly ppgHost?: string;
  /** Random bytes for push ids and MIME boundaries; default crypto.randomBytes. */
  readonly random?: RandomBytes;
}

/**
 * WAP Push through a Push Proxy Gateway with PAP: `send(msisdn, content)` POSTs one push
 * submission (pap-request.ts) with Basic credentials sent up front (a PPG such as Kannel locks
 * an address out after a few failed logins, so no challenge round trip), and turns the PAP
 * response into an outcome (pap-response.ts). Every push gets a fresh push id.
 *
 * Kannel 1.4.5 forwards the content type without its parameters (it rewrites Content-Type to the
 * bare media type), so a bootstrap's SEC and MAC do not survive it: push bootstraps through
 * kannelSmsSender there (docs/decisions/server-notification.md).
 */
export function papSender(options: PapSenderOptions): PushSender {
  const url = new URL(options.url);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const ppgHost = options.ppgHost ?? url.hostname;
  const random = options.random ?? ((n: number) => new Uint8Array(randomBytes(n)));
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString("base64")}`;
  const hex = (n: number) => Buffer.from(random(n)).toString("hex");
  return {
    async send(msisdn: string, content: PushContent): Promise<SendOutcome> {
      const pushId = `${hex(12)}@${ppgHost}`;
      let request;
      try {
        request = encodePapRequest({ pushId, msisdn, ppgHost, boundary: `omadm-${hex(12)}`, content });
      } catch (e) {
        return { ok: false, permanent: true, detail: e instanceof Error ? e.message : String(e) };
      }
      try {
        const reply = await postBytes(
          url,
          { "Content-Type": request.contentType, Authorization: authorization },
          request.body,
          { timeoutMs },
        );
        return papOutcome(reply.status, parsePapResponse(reply.body));
      } catch (e) {
        return { ok: false, permanent: false, detail: `PPG unreachable: ${transportError(e)}` };
      }
    },
  };
}
