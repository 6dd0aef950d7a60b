import type { ServerResponse } from "node:http";

/** An RFC 9457 problem document, the body of every REST error. */
export interface Problem {
  readonly type?: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  /** Validation failures: where (a JSON pointer into the body) and what. */
  readonly errors?: readonly { readonly pointer: string; readonly message: string }[];
}

/** Writes `value` as JSON with `status`. */
export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = Buffer.from(JSON.stringify(value), "utf8");
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": body.length,
  });
  res.end(body);
}

/** Writes a problem+json document. */
export function sendProblem(
  res: ServerResponse,
  problem: Problem,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = Buffer.from(JSON.stringify({ type: "about:blank", ...problem }), "utf8");
  res.writeHead(problem.status, {
    ...headers,
    "content-type": "application/problem+json; charset=utf-8",
    "content-length": body.length,
  });
  res.end(body);
}

/** Writes a short text body. */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = Buffer.from(text, "utf8");
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    ...headers,
    "content-length": body.length,
  });
  res.end(body);
}

/**
 * Answers without reading the rest of the request (413, or a request refused before its body)
 * and closes the connection once the answer is out, so an unread body cannot be taken for the
 * next request on a kept-alive connection.
 */
export function sendAndClose(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.shouldKeepAlive = false;
  sendText(res, status, text, { ...headers, connection: "close" });
  res.on("finish", () => res.socket?.destroySoon());
}
