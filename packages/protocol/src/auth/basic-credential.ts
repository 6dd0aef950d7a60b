import { constantTimeEqual } from "./digest-primitives.js";

/** `syncml:auth-basic` Cred Data: B64(username ":" password). [TR-PRO §2.4.4.1] */
export function basicCredential(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, "utf8").toString("base64");
}

/**
 * Splits a `syncml:auth-basic` Cred Data into username and password (at the first colon).
 * Undefined when the data is not base64 or has no colon: that is a failed authentication
 * (a 401), not malformed input.
 */
export function parseBasicCredential(data: string): { username: string; password: string } | undefined {
  const text = data.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return undefined;
  const decoded = Buffer.from(text, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** True if `data` is the Basic credential of username and password (constant time). */
export function verifyBasicCredential(data: string, username: string, password: string): boolean {
  return constantTimeEqual(data.trim(), basicCredential(username, password));
}
