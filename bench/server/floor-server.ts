/**
 * The floor: a bare HTTP server, in a process of its own, that answers each DM message with the
 * reply the real server gave to the same bytes in a recorded session (fleet `record` job). The
 * fleet replays that session (same device, same seed, so the same bytes), so the client does the
 * same work as against the real server while the server side does next to none: the figure the
 * real server is compared with.
 *
 *   node floor-server.mjs RECORDING.json PORT
 *
 * Prints "listening" once it accepts connections; a message it has no reply for gets HTTP 500.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

interface Recorded {
  readonly request: { readonly body: string };
  readonly reply: {
    readonly status?: number;
    readonly contentType?: string;
    readonly headers?: Record<string, string>;
    readonly body?: string;
  };
}

const [file, portArg] = process.argv.slice(2);
if (file === undefined || portArg === undefined) throw new Error("usage: floor-server RECORDING.json PORT");
const recording = JSON.parse(readFileSync(file, "utf8")) as Recorded[];

/** Request bytes (as a latin1 string) -> the recorded reply. */
const replies = new Map<string, { readonly headers: Record<string, string>; readonly body: Buffer }>();
for (const { request, reply } of recording) {
  if (reply.body === undefined) continue;
  const headers: Record<string, string> = {
    "content-type": reply.contentType ?? "application/vnd.syncml.dm+xml",
  };
  for (const [k, v] of Object.entries(reply.headers ?? {})) if (k.startsWith("x-syncml-")) headers[k] = v;
  replies.set(Buffer.from(request.body, "base64").toString("latin1"), {
    headers,
    body: Buffer.from(reply.body, "base64"),
  });
}

let misses = 0;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const reply = replies.get(Buffer.concat(chunks).toString("latin1"));
    if (reply === undefined) {
      misses++;
      res.writeHead(500, { "content-type": "text/plain" }).end(`no recorded reply (${misses} so far)`);
      return;
    }
    res.writeHead(200, reply.headers).end(reply.body);
  });
});
server.listen(Number(portArg), "127.0.0.1", () => process.stdout.write("listening\n"));
process.once("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
