/**
 * SyncML status codes and DM alert codes: one `as const` table each, every lookup derived from it.
 * Names and meanings follow the fact sheet §1.13 (status, from SyncML RepPro 1.2 §10 as DM uses it)
 * and §1.10 (alerts, [TR-REP §4.2]).
 */

/** Every status code DM can meet on the wire [TR-REP §4.1.6.x], fact sheet §1.13. */
export const statusCodes = [
  {
    code: 101,
    key: "inProgress",
    name: "In progress",
    meaning: "command is being carried out, not finished",
  },
  {
    code: 200,
    key: "ok",
    name: "OK",
    meaning: "success; for UI alert 1101 it means Yes; with HMAC, authenticated for this message",
  },
  { code: 201, key: "itemAdded", name: "Item added", meaning: "item added (DS)" },
  {
    code: 202,
    key: "acceptedForProcessing",
    name: "Accepted for processing",
    meaning:
      "asynchronous Exec accepted, the result follows in a Generic Alert; also a server's reply to a Generic Alert handled later",
  },
  {
    code: 203,
    key: "nonAuthoritativeResponse",
    name: "Non-authoritative response",
    meaning: "non-authoritative response (DS)",
  },
  { code: 204, key: "noContent", name: "No content", meaning: "success, no data returned" },
  { code: 205, key: "resetContent", name: "Reset content", meaning: "reset content (DS)" },
  {
    code: 206,
    key: "partialContent",
    name: "Partial content",
    meaning: "only part of the command was completed",
  },
  {
    code: 207,
    key: "conflictResolvedWithMerge",
    name: "Conflict resolved with merge",
    meaning: "conflict resolved by merging (DS)",
  },
  {
    code: 208,
    key: "conflictResolvedWithClientWinning",
    name: "Conflict resolved with client's command winning",
    meaning: "conflict resolved, client wins (DS)",
  },
  {
    code: 209,
    key: "conflictResolvedWithDuplicate",
    name: "Conflict resolved with duplicate",
    meaning: "conflict resolved by duplicating (DS)",
  },
  {
    code: 210,
    key: "deleteWithoutArchive",
    name: "Delete without archive",
    meaning: "deleted without archiving (DS)",
  },
  { code: 211, key: "itemNotDeleted", name: "Item not deleted", meaning: "item was not deleted (DS)" },
  {
    code: 212,
    key: "authenticationAccepted",
    name: "Authentication accepted",
    meaning:
      "credentials accepted for the rest of the session (SyncHdr Status of a message that carried Cred)",
  },
  {
    code: 213,
    key: "chunkedItemAccepted",
    name: "Chunked item accepted and buffered",
    meaning: "a non-final large-object chunk was buffered",
  },
  {
    code: 214,
    key: "operationCancelled",
    name: "Operation cancelled",
    meaning: "the user cancelled a UI alert; no more commands are processed",
  },
  {
    code: 215,
    key: "notExecuted",
    name: "Not executed",
    meaning: "skipped: the user cancelled or refused, or a Sequence stopped",
  },
  {
    code: 216,
    key: "atomicRollBackOk",
    name: "Atomic roll back OK",
    meaning: "a command inside a failed Atomic was rolled back",
  },
  { code: 300, key: "multipleChoices", name: "Multiple choices", meaning: "redirection (rare in DM)" },
  { code: 301, key: "movedPermanently", name: "Moved permanently", meaning: "redirection (rare in DM)" },
  { code: 302, key: "found", name: "Found", meaning: "redirection (rare in DM)" },
  { code: 303, key: "seeOther", name: "See other", meaning: "redirection (rare in DM)" },
  { code: 304, key: "notModified", name: "Not modified", meaning: "UI alert 1101 answered No (rejected)" },
  { code: 305, key: "useProxy", name: "Use proxy", meaning: "redirection (rare in DM)" },
  {
    code: 400,
    key: "badRequest",
    name: "Bad request",
    meaning: "malformed command: unknown element, missing CmdID",
  },
  {
    code: 401,
    key: "invalidCredentials",
    name: "Invalid credentials",
    meaning: "authentication refused for the supplied credentials; the Status carries Chal",
  },
  { code: 402, key: "paymentRequired", name: "Payment required", meaning: "payment required" },
  {
    code: 403,
    key: "forbidden",
    name: "Forbidden",
    meaning: "understood but refused for non-ACL reasons (node in use, Copy impossible)",
  },
  { code: 404, key: "notFound", name: "Not found", meaning: "the target node does not exist" },
  {
    code: 405,
    key: "commandNotAllowed",
    name: "Command not allowed",
    meaning: "command not permitted on the target (permanent node, child under leaf, Get on ./Inbox)",
  },
  {
    code: 406,
    key: "optionalFeatureNotSupported",
    name: "Optional feature not supported",
    meaning: "unsupported property, ?list form, UI alert, Atomic/Copy/Exec, or alert data",
  },
  {
    code: 407,
    key: "missingCredentials",
    name: "Missing credentials",
    meaning: "authentication required and no credentials given; the Status carries Chal",
  },
  {
    code: 408,
    key: "requestTimeout",
    name: "Request timeout",
    meaning: "UI alert not answered within MAXDT",
  },
  { code: 409, key: "conflict", name: "Conflict", meaning: "conflict (DS)" },
  { code: 410, key: "gone", name: "Gone", meaning: "gone" },
  { code: 411, key: "sizeRequired", name: "Size required", meaning: "Meta Size is needed" },
  {
    code: 412,
    key: "incompleteCommand",
    name: "Incomplete command",
    meaning: "missing or incorrect parameters (e.g. Alert Items)",
  },
  {
    code: 413,
    key: "requestEntityTooLarge",
    name: "Request entity too large",
    meaning: "the item is too large for the recipient",
  },
  {
    code: 414,
    key: "uriTooLong",
    name: "URI too long",
    meaning: "URI length, segment length or depth exceeds the DevDetail/URI limits",
  },
  {
    code: 415,
    key: "unsupportedMediaType",
    name: "Unsupported media type or format",
    meaning: "Meta Type or Format not supported (TNDS, Generic Alert type)",
  },
  {
    code: 416,
    key: "requestedSizeTooBig",
    name: "Requested size too big",
    meaning: "UI alert cannot be displayed (too long, too many choices)",
  },
  { code: 417, key: "retryLater", name: "Retry later", meaning: "retry later" },
  {
    code: 418,
    key: "alreadyExists",
    name: "Already exists",
    meaning: "Add on an existing node; rename onto an existing sibling",
  },
  {
    code: 419,
    key: "conflictResolvedWithServerData",
    name: "Conflict resolved with server data",
    meaning: "conflict resolved with server data (DS)",
  },
  { code: 420, key: "deviceFull", name: "Device full", meaning: "out of storage" },
  {
    code: 421,
    key: "unknownSearchGrammar",
    name: "Unknown search grammar",
    meaning: "unknown search grammar (DS)",
  },
  { code: 422, key: "badCgiScript", name: "Bad CGI script", meaning: "bad CGI script (DS)" },
  {
    code: 423,
    key: "softDeleteConflict",
    name: "Soft-delete conflict",
    meaning: "soft-delete conflict (DS)",
  },
  {
    code: 424,
    key: "sizeMismatch",
    name: "Size mismatch",
    meaning: "the reassembled large object differs from the declared Size",
  },
  {
    code: 425,
    key: "permissionDenied",
    name: "Permission denied",
    meaning: "the ACL does not grant the server this command",
  },
  {
    code: 426,
    key: "partialItemNotAccepted",
    name: "Partial item not accepted",
    meaning: "partial item not accepted",
  },
  {
    code: 427,
    key: "itemNotEmpty",
    name: "Item not empty",
    meaning: "a parent with children cannot be deleted (DS)",
  },
  { code: 428, key: "moveFailed", name: "Move failed", meaning: "move failed" },
  {
    code: 500,
    key: "commandFailed",
    name: "Command failed",
    meaning: "generic failure; nested Atomic; Get inside Atomic",
  },
  {
    code: 501,
    key: "commandNotImplemented",
    name: "Command not implemented",
    meaning: "command not implemented",
  },
  { code: 502, key: "badGateway", name: "Bad gateway", meaning: "bad gateway" },
  {
    code: 503,
    key: "serviceUnavailable",
    name: "Service unavailable",
    meaning: "service unavailable, retry later",
  },
  { code: 504, key: "gatewayTimeout", name: "Gateway timeout", meaning: "gateway timeout" },
  {
    code: 505,
    key: "dtdVersionNotSupported",
    name: "DTD version not supported",
    meaning: "VerDTD not supported",
  },
  {
    code: 506,
    key: "processingError",
    name: "Processing error",
    meaning: "application error, may be retried",
  },
  {
    code: 507,
    key: "atomicFailed",
    name: "Atomic failed",
    meaning: "status of an Atomic whose execution failed",
  },
  { code: 508, key: "refreshRequired", name: "Refresh required", meaning: "refresh required (DS)" },
  { code: 509, key: "reserved509", name: "Reserved", meaning: "reserved" },
  {
    code: 510,
    key: "dataStoreFailure",
    name: "Data store failure",
    meaning: "data store error (Copy, Exec)",
  },
  { code: 511, key: "serverFailure", name: "Server failure", meaning: "server failure" },
  {
    code: 512,
    key: "synchronizationFailed",
    name: "Synchronization failed",
    meaning: "synchronization failed (DS)",
  },
  {
    code: 513,
    key: "protocolVersionNotSupported",
    name: "Protocol version not supported",
    meaning: "VerProto not supported",
  },
  {
    code: 514,
    key: "operationCancelledAlready",
    name: "Operation cancelled",
    meaning: "not done because the operation was already cancelled",
  },
  {
    code: 516,
    key: "atomicRollBackFailed",
    name: "Atomic roll back failed",
    meaning: "a command inside a failed Atomic could not be rolled back",
  },
  {
    code: 517,
    key: "atomicResponseTooLarge",
    name: "Atomic response too large to fit",
    meaning: "the Atomic's responses cannot fit in one message; rolled back",
  },
] as const;

export type StatusCodeEntry = (typeof statusCodes)[number];
/** A status code listed in `statusCodes`. Status.data is a plain number: peers send others too. */
export type StatusCode = StatusCodeEntry["code"];
export type StatusKey = StatusCodeEntry["key"];

/** Status codes by key: `statusCode.authenticationAccepted === 212`. */
export const statusCode = Object.fromEntries(statusCodes.map((s) => [s.key, s.code])) as {
  readonly [E in StatusCodeEntry as E["key"]]: E["code"];
};

const statusByCode: ReadonlyMap<number, StatusCodeEntry> = new Map(statusCodes.map((s) => [s.code, s]));

/** The table entry for `code`, or undefined for a code the table does not list (e.g. vendor 518). */
export function statusEntry(code: number): StatusCodeEntry | undefined {
  return statusByCode.get(code);
}

/** The name of a status code ("Authentication accepted"), or undefined when unlisted. */
export function statusName(code: number): string | undefined {
  return statusByCode.get(code)?.name;
}

/** The DM meaning of a status code, or undefined when unlisted. */
export function statusMeaning(code: number): string | undefined {
  return statusByCode.get(code)?.meaning;
}

export function isKnownStatus(code: number): code is StatusCode {
  return statusByCode.has(code);
}

/** The class a status code falls in by its hundreds digit (SyncML RepPro §10). */
export type StatusClass = "informational" | "success" | "redirection" | "originatorError" | "recipientError";

export function statusClass(code: number): StatusClass | undefined {
  if (!Number.isInteger(code)) return undefined;
  if (code >= 100 && code < 200) return "informational";
  if (code >= 200 && code < 300) return "success";
  if (code >= 300 && code < 400) return "redirection";
  if (code >= 400 && code < 500) return "originatorError";
  if (code >= 500 && code < 600) return "recipientError";
  return undefined;
}

/** 2xx: the command succeeded (212 and 213 included). */
export function isSuccessStatus(code: number): boolean {
  return statusClass(code) === "success";
}

/** 4xx or 5xx. */
export function isErrorStatus(code: number): boolean {
  const c = statusClass(code);
  return c === "originatorError" || c === "recipientError";
}

/** Alert codes valid in DM [TR-REP §4.2], fact sheet §1.10 (1221 is not defined). */
export const alertCodes = [
  { code: 1100, key: "display", name: "DISPLAY", meaning: "server to client: show text" },
  { code: 1101, key: "confirmOrReject", name: "CONFIRM OR REJECT", meaning: "yes/no; reject answers 304" },
  {
    code: 1102,
    key: "textInput",
    name: "TEXT INPUT",
    meaning: "the user types text, returned in the Status Item",
  },
  {
    code: 1103,
    key: "singleChoice",
    name: "SINGLE CHOICE",
    meaning: "one choice, returned as a 1-based index",
  },
  { code: 1104, key: "multipleChoice", name: "MULTIPLE CHOICE", meaning: "several choices" },
  {
    code: 1200,
    key: "serverInitiatedMgmt",
    name: "SERVER-INITIATED MGMT",
    meaning: "package 1 of a session triggered by package 0",
  },
  {
    code: 1201,
    key: "clientInitiatedMgmt",
    name: "CLIENT-INITIATED MGMT",
    meaning: "package 1 of a session the client started",
  },
  { code: 1222, key: "nextMessage", name: "NEXT MESSAGE", meaning: "asks for the next message of a package" },
  { code: 1223, key: "sessionAbort", name: "SESSION ABORT", meaning: "aborts the session" },
  {
    code: 1224,
    key: "clientEvent",
    name: "CLIENT EVENT",
    meaning: "event data in Item Data with Meta Type and Format",
  },
  { code: 1225, key: "noEndOfData", name: "NO END OF DATA", meaning: "a chunked object was not terminated" },
  {
    code: 1226,
    key: "genericAlert",
    name: "GENERIC ALERT",
    meaning: "client alert, optionally tied to an MO",
  },
] as const;

export type AlertCodeEntry = (typeof alertCodes)[number];
export type AlertCode = AlertCodeEntry["code"];
export type AlertKey = AlertCodeEntry["key"];

/** Alert codes by key: `alertCode.genericAlert === 1226`. */
export const alertCode = Object.fromEntries(alertCodes.map((a) => [a.key, a.code])) as {
  readonly [E in AlertCodeEntry as E["key"]]: E["code"];
};

const alertByCode: ReadonlyMap<number, AlertCodeEntry> = new Map(alertCodes.map((a) => [a.code, a]));

export function alertEntry(code: number): AlertCodeEntry | undefined {
  return alertByCode.get(code);
}

/** The name of an alert code ("GENERIC ALERT"), or undefined when DM does not define it. */
export function alertName(code: number): string | undefined {
  return alertByCode.get(code)?.name;
}

export function isKnownAlert(code: number): code is AlertCode {
  return alertByCode.has(code);
}

/** 1100-1104: user-interaction alerts, server to client only [TR-PRO §2.5]. */
export function isUserInteractionAlert(code: number): boolean {
  return code >= 1100 && code <= 1104;
}
