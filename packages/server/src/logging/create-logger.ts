import { pino, type DestinationStream, type Logger } from "pino";

/** The pino levels the server accepts on its command line. */
export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** One of `logLevels`. */
export type LogLevel = (typeof logLevels)[number];

/** The logger the server injects everywhere: pino's, so engines log structured facts. */
export type ServerLogger = Logger;

// Keys whose values never reach a log line, at the top level and up to three levels down: device
// and server secrets, their digest inputs (B64(H(name:secret)) is as good as the password for MD5
// and HMAC, [TR-SEC §5.1.3.2]), nonces, bearer tokens, SyncML Cred data and HTTP auth headers.
const secretKeys = [
  "secret",
  "serverSecret",
  "password",
  "secretHash",
  "secretPlain",
  "userPassHash",
  "token",
  "apiToken",
  "authorization",
  "proxy-authorization",
  "x-syncml-hmac",
  "cred",
  "ppgPassword",
  "clientNonce",
  "serverNonce",
] as const;

/** The redaction paths handed to pino (exported for tests and for callers that build their own pino). */
export const redactPaths: readonly string[] = secretKeys.flatMap((key) => {
  const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const dot = k.startsWith("[") ? k : `.${k}`;
  return [k.startsWith("[") ? k : key, `*${dot}`, `*.*${dot}`, `*.*.*${dot}`];
});

/**
 * A pino logger at `level` writing JSON lines to `destination` (a stream, or a file descriptor
 * such as 2 for stderr; default stdout) with secrets, credentials and authorization headers
 * replaced by "[redacted]".
 */
export function createLogger(level: LogLevel = "info", destination?: DestinationStream | number): Logger {
  return pino(
    {
      level,
      base: { name: "omadm-server" },
      redact: { paths: [...redactPaths], censor: "[redacted]" },
    },
    typeof destination === "number" ? pino.destination(destination) : destination,
  );
}
