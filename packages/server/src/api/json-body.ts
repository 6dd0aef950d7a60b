import type { IncomingMessage } from "node:http";
import { readBody } from "../http/read-body.js";
import { ApiProblem } from "./api-problem.js";

/** The largest JSON body the REST API reads (a TNDS document fits; a firmware image does not). */
export const maxJsonBodyBytes = 4 << 20;

/**
 * Reads a JSON request body. An empty body is `undefined`; a body that is not JSON, not
 * application/json, or too large is an ApiProblem (400, 415, 413).
 */
export async function readJsonBody(req: IncomingMessage, maxBytes = maxJsonBodyBytes): Promise<unknown> {
  const read = await readBody(req, maxBytes);
  switch (read.kind) {
    case "too-large":
      throw new ApiProblem(
        { title: "Body too large", status: 413, detail: `at most ${maxBytes} bytes` },
        { connection: "close" },
      );
    case "aborted":
      throw new ApiProblem({ title: "Bad request", status: 400, detail: read.reason });
    case "body":
      break;
  }
  if (read.body.byteLength === 0) return undefined;
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json" && !(type?.startsWith("application/") && type.endsWith("+json"))) {
    throw new ApiProblem({ title: "Unsupported media type", status: 415, detail: "send application/json" });
  }
  try {
    return JSON.parse(Buffer.from(read.body).toString("utf8")) as unknown;
  } catch (e) {
    throw new ApiProblem({ title: "Malformed JSON", status: 400, detail: (e as Error).message });
  }
}
