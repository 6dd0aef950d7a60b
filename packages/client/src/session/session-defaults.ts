/**
 * Defaults of the session engine, and what the client supports, for the device to publish
 * (./DevDetail/LrgObj is `true` because the engine handles large objects both ways).
 */
export const sessionDefaults = {
  /** Largest message the client accepts; libdmclient announces 16384, we take more room. */
  maxMsgSize: 65536,
  /** Largest object (reassembled large object) the client accepts. */
  maxObjSize: 1 << 20,
  /** Messages the client sends in one session before it aborts with Alert 1223. */
  maxMessages: 100,
  /** Authentication failures tolerated per direction before the session ends "auth-failed". */
  maxAuthAttempts: 3,
} as const;

/** The engine receives and sends chunked objects (MoreData, 213, 424, 1225). [TR-PRO §2.2] */
export const supportsLargeObjects = true;

/** Commands the engine runs; Atomic and Copy and Exec included. [TR-REP §4.1.6] */
export const supportedCommands = [
  "Add",
  "Alert",
  "Atomic",
  "Copy",
  "Delete",
  "Exec",
  "Get",
  "Replace",
  "Sequence",
] as const;
