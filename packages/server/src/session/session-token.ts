/**
 * Session tokens: the unguessable part of RespURI [TR-REP §4.1.1.17] that names a stored session.
 * 24 random bytes (192 bits), base64url, so it is safe in a query string.
 */
import { createHash } from "node:crypto";
import type { RandomBytes } from "@omadm/protocol";
import { sessionTokenParam } from "./session-api.js";

/** Bytes of randomness in a token. */
export const sessionTokenBytes = 24;

/** A fresh token. */
export function newSessionToken(random: RandomBytes): string {
  const bytes = random(sessionTokenBytes);
  if (bytes.length < 16) throw new RangeError("the random source gave too few bytes for a session token");
  return Buffer.from(bytes).toString("base64url");
}

/** RespURI of a session: `serverUrl` with `?s=<token>` (or `&s=` when it has a query already). */
export function respUriOf(serverUrl: string, token: string): string {
  return `${serverUrl}${serverUrl.includes("?") ? "&" : "?"}${sessionTokenParam}=${token}`;
}

/** The token of a request URL (path with query, or absolute), or undefined when it carries none. */
export function sessionTokenOf(url: string): string | undefined {
  const q = url.indexOf("?");
  if (q === -1) return undefined;
  const value = new URLSearchParams(url.slice(q + 1).split("#")[0]).get(sessionTokenParam);
  return value === null || value === "" ? undefined : value;
}

/**
 * A reference to a session that is not the token itself (the token lets a message continue an
 * authenticated session, so it stays out of logs, events and command rows).
 */
export function sessionRefOf(token: string): string {
  return `s-${createHash("sha256").update(token).digest("base64url").slice(0, 16)}`;
}
