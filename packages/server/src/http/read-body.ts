import type { IncomingMessage } from "node:http";

/** How reading a request body ended. */
export type BodyRead =
  | { readonly kind: "body"; readonly body: Uint8Array }
  /** Declared or streamed past the limit; the rest was not read. */
  | { readonly kind: "too-large"; readonly declared?: number }
  /** The peer went away or sent a broken body (bad Content-Length, reset). */
  | { readonly kind: "aborted"; readonly reason: string };

/**
 * Reads a request body of at most `maxBytes`. A declared Content-Length over the limit is refused
 * before a byte is read; a body that streams past it (chunked, or more than declared) is refused
 * as soon as the limit is crossed, and what is left is never read: the caller answers 413 with
 * `Connection: close`. Never rejects.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const header = req.headers["content-length"];
  let declared: number | undefined;
  if (header !== undefined) {
    if (!/^\d+$/.test(header)) return Promise.resolve({ kind: "aborted", reason: "bad Content-Length" });
    declared = Number(header);
    if (declared > maxBytes) return Promise.resolve({ kind: "too-large", declared });
  }
  return new Promise((resolve) => {
    // Preallocate when the length is known (it is at most maxBytes here); otherwise collect chunks.
    const fixed = declared === undefined ? undefined : Buffer.allocUnsafe(declared);
    const chunks: Buffer[] = [];
    let length = 0;
    let done = false;
    const finish = (result: BodyRead) => {
      if (done) return;
      done = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      if (length + chunk.length > maxBytes || (fixed !== undefined && length + chunk.length > fixed.length)) {
        req.pause();
        finish({ kind: "too-large", ...(declared === undefined ? {} : { declared }) });
        return;
      }
      if (fixed !== undefined) chunk.copy(fixed, length);
      else chunks.push(chunk);
      length += chunk.length;
    };
    const onEnd = () => {
      if (fixed !== undefined) {
        if (length !== fixed.length) finish({ kind: "aborted", reason: "body shorter than Content-Length" });
        else finish({ kind: "body", body: new Uint8Array(fixed.buffer, fixed.byteOffset, length) });
        return;
      }
      const all = Buffer.concat(chunks, length);
      finish({ kind: "body", body: new Uint8Array(all.buffer, all.byteOffset, all.byteLength) });
    };
    const onError = (e: Error) => finish({ kind: "aborted", reason: e.message });
    const onClose = () => finish({ kind: "aborted", reason: "connection closed" });
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}
