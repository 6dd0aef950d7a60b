import type { IncomingMessage } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { hashApiToken } from "../store/hash-api-token.js";
import type { ApiToken, ApiTokenStore } from "../store/store-api.js";
import { ApiProblem } from "./api-problem.js";

/**
 * Checks `Authorization: Bearer TOKEN` (RFC 6750) against the tokens in the Store, which keeps
 * only their hashes: the hash of what was sent is looked up, then compared in constant time.
 * Resolves with the token, or throws a 401 ApiProblem with a WWW-Authenticate challenge.
 */
export async function authorizeRequest(req: IncomingMessage, tokens: ApiTokenStore): Promise<ApiToken> {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i.exec(header);
  const presented = match?.[1];
  if (presented === undefined) {
    throw new ApiProblem(
      { title: "Unauthorized", status: 401, detail: "send Authorization: Bearer TOKEN" },
      { "www-authenticate": 'Bearer realm="omadm"' },
    );
  }
  const hash = hashApiToken(presented);
  const token = await tokens.findByHash(hash);
  if (token === undefined || !sameText(token.hash, hash)) {
    throw new ApiProblem(
      { title: "Unauthorized", status: 401, detail: "unknown token" },
      { "www-authenticate": 'Bearer realm="omadm", error="invalid_token"' },
    );
  }
  return token;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}
