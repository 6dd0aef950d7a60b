import { randomBytes } from "node:crypto";
import {
  encodeUserDataHeader,
  encodeWspPush,
  wapPushPort,
  wspConnectionlessPort,
  type RandomBytes,
} from "@omadm/protocol";
import { postBytes, transportError } from "./http-post.js";
import type { PushContent, PushSender, SendOutcome } from "./push-content.js";

/** Options of kannelSmsSender. */
export interface KannelSmsSenderOptions {
  /** Kannel smsbox's send-SMS URL, e.g. http://127.0.0.1:13013/cgi-bin/sendsms. */
  readonly url: string;
  /** A sendsms-user (its group should have `concatenation = true` and enough `max-messages`). */
  readonly username: string;
  readonly password: string;
  /** The SMS sender; default the user's `default-sender` in Kannel. */
  readonly from?: string;
  /** Longest wait for smsbox's reply; default 10 s. */
  readonly timeoutMs?: number;
  /** Random bytes for WSP transaction ids; default crypto.randomBytes. */
  readonly random?: RandomBytes;
}

/**
 * WAP Push over SMS through Kannel's smsbox (its send-SMS interface), for content a PPG would
 * change: the WSP push PDU is built here (encodeWspPush: content type as its well-known code
 * with every parameter, [TR-NOT §6.3], [TR-SEC §5.1.7.2]) and sent as 8-bit data behind a WDP
 * UDH (destination port 2948, source 9200); Kannel splits it into concatenated SMS. A
 * bootstrap's SEC and MAC arrive intact this way, which Kannel's PPG does not allow
 * (docs/decisions/server-notification.md). smsbox answers 202 "0: Accepted for delivery" or
 * "3: Queued for later delivery"; 4xx are refusals (bad credentials, no sender), 5xx retried.
 */
export function kannelSmsSender(options: KannelSmsSenderOptions): PushSender {
  const url = new URL(options.url);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const random = options.random ?? ((n: number) => new Uint8Array(randomBytes(n)));
  const udh = encodeUserDataHeader({
    ports: { destination: wapPushPort, source: wspConnectionlessPort, bits: 16 },
  });
  return {
    async send(msisdn: string, content: PushContent): Promise<SendOutcome> {
      const to = msisdn.replace(/[\s-]/g, "");
      if (!/^\+?[0-9]{3,20}$/.test(to)) {
        return { ok: false, permanent: true, detail: `not an MSISDN: ${JSON.stringify(msisdn)}` };
      }
      let pdu: Uint8Array;
      try {
        pdu = encodeWspPush({
          transactionId: random(1)[0] ?? 0,
          contentType: content.contentType,
          ...(content.applicationId === undefined ? {} : { applicationId: content.applicationId }),
          body: content.body,
        });
      } catch (e) {
        return { ok: false, permanent: true, detail: e instanceof Error ? e.message : String(e) };
      }
      const headers: Record<string, string> = {
        "Content-Type": "application/octet-stream",
        "X-Kannel-Username": options.username,
        "X-Kannel-Password": options.password,
        "X-Kannel-To": to,
        // Kannel takes the UDH with its length octet, as hex (it adds the concatenation IE).
        "X-Kannel-UDH": Buffer.from(udh).toString("hex"),
        "X-Kannel-Coding": "1",
      };
      if (options.from !== undefined) headers["X-Kannel-From"] = options.from;
      try {
        const reply = await postBytes(url, headers, pdu, { timeoutMs });
        const text = Buffer.from(reply.body).toString("utf8").trim().slice(0, 200);
        if (reply.status >= 200 && reply.status < 300) return { ok: true, detail: `SMS gateway: ${text}` };
        return {
          ok: false,
          permanent: reply.status < 500,
          detail: `SMS gateway refused the push (HTTP ${reply.status}): ${text}`,
        };
      } catch (e) {
        return { ok: false, permanent: false, detail: `SMS gateway unreachable: ${transportError(e)}` };
      }
    },
  };
}
