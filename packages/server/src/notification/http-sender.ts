import { postBytes, transportError } from "./http-post.js";
import { contentTypeHeader, type PushContent, type PushSender, type SendOutcome } from "./push-content.js";

/**
 * Package 0 by HTTP POST to a URL the device listens on (a device URL, the address of its
 * notify target): the bare body with its Content-Type (application/vnd.syncml.notification).
 * 2xx is delivered; 408, 429 and 5xx are retried; other statuses and a bad URL are permanent.
 */
export function httpSender(options: { readonly timeoutMs?: number } = {}): PushSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(address: string, content: PushContent): Promise<SendOutcome> {
      let url: URL;
      try {
        url = new URL(address);
      } catch {
        return { ok: false, permanent: true, detail: `not a URL: ${JSON.stringify(address)}` };
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        return { ok: false, permanent: true, detail: `not an http(s) URL: ${url.protocol}` };
      }
      try {
        const reply = await postBytes(
          url,
          { "Content-Type": contentTypeHeader(content.contentType) },
          content.body,
          { timeoutMs, maxResponseBytes: 1024 },
        );
        if (reply.status >= 200 && reply.status < 300) return { ok: true, detail: `HTTP ${reply.status}` };
        const retry = reply.status === 408 || reply.status === 429 || reply.status >= 500;
        return { ok: false, permanent: !retry, detail: `device URL answered HTTP ${reply.status}` };
      } catch (e) {
        return { ok: false, permanent: false, detail: `device URL unreachable: ${transportError(e)}` };
      }
    },
  };
}
