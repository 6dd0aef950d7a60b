/**
 * Stable error codes. Users match on `code`, never on message text; docs/errors.md lists them.
 * Protocol outcomes (a 404 for a missing node, a 401 for bad credentials) are status values,
 * not errors: these codes are for malformed input, refused input, and misuse of the API.
 */
export const errorCodes = [
  // Any decoder
  "DECODE_TRUNCATED", // input ended inside a structure
  "DECODE_LIMIT", // a size, depth or count limit was exceeded; nothing was allocated for it
  "DECODE_INVALID_UTF8", // text that must be UTF-8 is not
  "DECODE_UNKNOWN_FORMAT", // sniffing could not tell what the bytes are
  // XML
  "XML_MALFORMED",
  "XML_DTD_REFUSED", // internal DTD subset with entity declarations, or an external entity (XXE)
  "XML_UNDEFINED_ENTITY",
  "XML_UNBOUND_PREFIX",
  // WBXML
  "WBXML_MALFORMED",
  "WBXML_UNSUPPORTED_VERSION",
  "WBXML_UNKNOWN_PUBLIC_ID",
  "WBXML_UNKNOWN_TOKEN",
  "WBXML_UNKNOWN_TAG", // encoder: an element name no code page of the language has
  // Typed documents built on the element tree
  "SYNCML_INVALID",
  "TNDS_INVALID",
  "JSON_MALFORMED",
  "DM2_INVALID",
  "CP_INVALID",
  // Binary messages
  "PACKAGE0_INVALID",
  "DM2_NOTIFICATION_INVALID",
  "WSP_INVALID",
  "SMS_INVALID",
  // Security
  "AUTH_HEADER_INVALID",
  "BOOTSTRAP_INVALID",
  // API misuse (a bug in the caller, not bad input)
  "INVALID_ARGUMENT",
  "AUTH_NONCE_INVALID", // NextNonce / AAuthData text is not valid base64 (auth/nonce.ts)
  "WBXML_UNSUPPORTED_CHARSET", // WBXML header charset other than UTF-8, US-ASCII, ISO-8859-1 or 0 (wbxml/)
  "TREE_FILE_INVALID", // a tree file that is not intact: empty, truncated, not JSON, digest mismatch (tree persistence/)
  "TREE_FILE_VERSION", // a tree file written by a newer omadm, or a version with no migration (tree persistence/)
  "ALERT_FILE_INVALID", // a device's pending-alert file that is not intact: truncated, not JSON, wrong shape (client device/)
  "STORE_CONFLICT", // a store row with that key exists: a device id, a session token, an API token hash (server store/)
  "STORE_NOT_FOUND", // a store call names a device that does not exist (enqueue, notification attempt) (server store/)
  "STORE_VERSION", // a database whose schema a newer omadm wrote; this build cannot use it (server store/)
  "STORE_CLOSED", // a store used after close() (server store/)
  "STORE_LOCKED", // the SQLite database file is in use by another process (server store/)
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** The one error base of omadm. */
export class OmaDmError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "OmaDmError";
    this.code = code;
  }
}

/** Thrown by every decoder for input it cannot turn into a value; `offset` is the byte offset. */
export class DecodeError extends OmaDmError {
  readonly offset: number;

  constructor(code: ErrorCode, message: string, offset: number, options?: ErrorOptions) {
    super(code, `${message} (at byte ${offset})`, options);
    this.name = "DecodeError";
    this.offset = offset;
  }
}

/** True for a DecodeError; convenient in tests and in `catch` blocks of adapters. */
export function isDecodeError(e: unknown): e is DecodeError {
  return e instanceof DecodeError;
}
