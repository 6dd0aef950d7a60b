import { OmaDmError } from "../errors.js";
import { parseUserData, type SmsPorts } from "./sms-user-data.js";

/** A concatenated message still missing parts. */
export interface PendingSms {
  readonly key: string;
  readonly sender: string;
  readonly ports?: SmsPorts;
  readonly total: number;
  /** Payloads by sequence number - 1; undefined until that part arrives. */
  readonly parts: readonly (Uint8Array | undefined)[];
  readonly received: number;
}

/** Reassembly state: plain data, oldest pending message first. Start from emptySmsReassembly. */
export interface SmsReassembly {
  readonly pending: readonly PendingSms[];
}

/** A whole message: the payload of every part in order (for WAP push, a WSP PDU). */
export interface SmsMessage {
  readonly sender: string;
  readonly ports?: SmsPorts;
  readonly payload: Uint8Array;
}

export const emptySmsReassembly: SmsReassembly = { pending: [] };

/** Pending messages kept by default; the oldest is dropped when another one starts. */
export const defaultMaxPendingSms = 16;

/**
 * Adds one received SMS (8-bit user data starting with a UDH) and returns the new state, plus
 * the whole message once its last part is in. Parts may come in any order; a repeated part is
 * ignored; at most `maxPending` incomplete messages are kept (no clock here: the count bounds
 * memory, 255 parts of 140 octets bound each message). Pure: `state` is not modified.
 * Throws DecodeError("SMS_INVALID") for a malformed UDH.
 */
export function addSmsPart(
  state: SmsReassembly,
  part: { readonly userData: Uint8Array; readonly sender?: string },
  options: { readonly maxPending?: number } = {},
): { state: SmsReassembly; message?: SmsMessage } {
  const maxPending = options.maxPending ?? defaultMaxPendingSms;
  if (!Number.isInteger(maxPending) || maxPending < 1) {
    throw new OmaDmError("INVALID_ARGUMENT", `maxPending must be a positive integer, got ${maxPending}`);
  }
  const sender = part.sender ?? "";
  const { header, payload } = parseUserData(part.userData);
  const { ports, concat } = header;
  const portsOf = ports === undefined ? {} : { ports };
  if (concat === undefined || concat.total === 1) {
    return { state, message: { sender, ...portsOf, payload } };
  }
  const key = [
    sender,
    concat.refBits,
    concat.ref,
    concat.total,
    ports?.destination ?? "",
    ports?.source ?? "",
  ].join("\u0000");
  const index = state.pending.findIndex((p) => p.key === key);
  const existing = state.pending[index];
  const parts: (Uint8Array | undefined)[] =
    existing === undefined
      ? new Array<Uint8Array | undefined>(concat.total).fill(undefined)
      : [...existing.parts];
  if (parts[concat.seq - 1] !== undefined) return { state };
  parts[concat.seq - 1] = payload;
  const received = (existing?.received ?? 0) + 1;
  const others = state.pending.filter((_, i) => i !== index);
  if (received === concat.total) {
    return { state: { pending: others }, message: { sender, ...portsOf, payload: join(parts) } };
  }
  const updated: PendingSms = { key, sender, ...portsOf, total: concat.total, parts, received };
  const pending =
    existing === undefined ? [...others, updated] : state.pending.map((p, i) => (i === index ? updated : p));
  return { state: { pending: pending.slice(Math.max(0, pending.length - maxPending)) } };
}

function join(parts: readonly (Uint8Array | undefined)[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p?.length ?? 0;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    if (p === undefined) continue;
    out.set(p, at);
    at += p.length;
  }
  return out;
}
