import { request as httpRequest, type OutgoingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";

/** The status and (the first `maxResponseBytes` of) the body of an HTTP reply. */
export interface HttpReply {
  readonly status: number;
  readonly body: Uint8Array;
}

/**
 * One HTTP request with exactly the headers given (node:http adds Host and Connection, which a
 * PPG drops as hop-by-hop; kannel.md: other client headers leak into the push PDU). No
 * `Expect: 100-continue` (it costs Kannel a second). Rejects on a transport failure or when
 * the whole exchange takes longer than `timeoutMs`.
 */
export function postBytes(
  url: URL,
  headers: OutgoingHttpHeaders,
  body: Uint8Array | undefined,
  options: { readonly timeoutMs: number; readonly maxResponseBytes?: number; readonly method?: string },
): Promise<HttpReply> {
  const limit = options.maxResponseBytes ?? 64 * 1024;
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<HttpReply>((resolve, reject) => {
    const req = send(
      url,
      {
        method: options.method ?? "POST",
        headers: body === undefined ? headers : { ...headers, "Content-Length": body.byteLength },
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on("data", (chunk: Buffer) => {
          // Keep reading to the end (the connection stays usable) but keep only the start.
          if (kept < limit) {
            const part = chunk.subarray(0, limit - kept);
            chunks.push(part);
            kept += part.length;
          }
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body === undefined ? undefined : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
}

/** A short description of a transport error for an attempt's detail (never includes credentials). */
export function transportError(e: unknown): string {
  if (e instanceof Error) {
    if (e.name === "TimeoutError" || e.name === "AbortError") return "timed out";
    const code = (e as NodeJS.ErrnoException).code;
    return code ?? e.message;
  }
  return String(e);
}
