/**
 * The REST API as the admin commands (`omadm device|get|replace|...|results|notify`) use it:
 * where the server is, which token to send, and one JSON request at a time.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../usage-error.js";

/** Default server URL when neither --api nor OMADM_API_URL is given. */
export const defaultApiUrl = "http://localhost:8080";

/** File name of the admin token in the data directory (written by `omadm server`). */
export const apiTokenFile = "api-token";

/** The flags every admin command takes. */
export const apiFlags = {
  api: { type: "string" },
  token: { type: "string" },
  "data-dir": { type: "string" },
} as const;

/** Usage text of the shared flags. */
export const apiFlagsUsage = `  --api URL     the server (default $OMADM_API_URL or ${defaultApiUrl})
  --token T     bearer token (default $OMADM_API_TOKEN, or the token file in --data-dir
                (default ./data) when the server is local)`;

/** A refusal from the server: HTTP status and the problem document's text. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(status: number, message: string, body: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}

/** A configured connection to the REST API. */
export interface ApiClient {
  readonly url: string;
  /** Sends a request; resolves with the parsed JSON body (undefined for 204); ApiError for non-2xx. */
  request<T = unknown>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T>;
}

/** The API client from --api/--token, environment variables, and the local token file. */
export function apiClientOf(values: {
  readonly api?: string | undefined;
  readonly token?: string | undefined;
  readonly "data-dir"?: string | undefined;
}): ApiClient {
  // An empty variable counts as unset.
  const env = (name: string) => (process.env[name] === "" ? undefined : process.env[name]);
  const url = (values.api ?? env("OMADM_API_URL") ?? defaultApiUrl).replace(/\/+$/, "");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--api ${url} is not a URL`);
  }
  const token = values.token ?? env("OMADM_API_TOKEN") ?? localToken(parsed, values["data-dir"] ?? "./data");
  return {
    url,
    async request<T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
      const headers: Record<string, string> = { accept: "application/json" };
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers["content-type"] = "application/json";
      let res: Response;
      try {
        res = await fetch(`${url}${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        throw new ApiError(
          0,
          `cannot reach ${url}: ${cause?.code ?? cause?.message ?? String(e)}`,
          undefined,
        );
      }
      const text = await res.text();
      let json: unknown;
      try {
        json = text === "" ? undefined : (JSON.parse(text) as unknown);
      } catch {
        json = text;
      }
      if (!res.ok) {
        const p = json as { title?: string; detail?: string } | undefined;
        const what = typeof p === "object" && p !== null ? (p.detail ?? p.title) : text.trim();
        const hint = res.status === 401 ? " (pass --token or set OMADM_API_TOKEN)" : "";
        throw new ApiError(res.status, `HTTP ${res.status}: ${what ?? res.statusText}${hint}`, json);
      }
      return json as T;
    },
  };
}

/** The token `omadm server` kept in the data directory, for a server on this machine. */
function localToken(url: URL, dataDir: string): string | undefined {
  const local = ["localhost", "127.0.0.1", "[::1]", "::1"].includes(url.hostname);
  if (!local) return undefined;
  try {
    const text = readFileSync(join(dataDir, apiTokenFile), "utf8").trim();
    return text === "" ? undefined : text;
  } catch {
    return undefined;
  }
}

/** Percent-encodes a device id or command id for a URL path. */
export function segment(id: string): string {
  return encodeURIComponent(id);
}

/** Runs an admin command; an ApiError is printed (exit 1) instead of escaping. */
export async function runApi(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    process.stderr.write(`omadm: ${e.message}\n`);
    const errors = (e.body as { errors?: { pointer: string; message: string }[] } | undefined)?.errors;
    for (const err of errors ?? []) process.stderr.write(`  ${err.pointer || "/"}: ${err.message}\n`);
    return 1;
  }
}
