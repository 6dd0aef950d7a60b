import { OmaDmError } from "../errors.js";
import { encodeUserDataHeader } from "./sms-user-data.js";

/** Octets of user data in one SMS (8-bit data coding). [3GPP TS 23.040 §9.2.3.16] */
export const smsUserDataBytes = 140;

/** The WAP connectionless push port, where DM notifications arrive. [TR-NOT §6.3] */
export const wapPushPort = 2948;

/** The WDP source port Kannel uses for pushes (the WSP connectionless port). */
export const wspConnectionlessPort = 9200;

/**
 * Splits a WSP PDU into SMS user data parts of at most 140 octets, each UDH + payload, as
 * Kannel sends them: one part with UDH `06 05 04 <dest> <src>` when it fits, else parts with
 * `0b 05 04 <dest> <src> 00 03 ref total seq`. `ref` (0..255) tells concatenated messages apart;
 * the caller picks it (randomness and counters are injected, never created here).
 */
export function segmentForSms(
  pdu: Uint8Array,
  options: { readonly destPort?: number; readonly srcPort?: number; readonly ref?: number } = {},
): Uint8Array[] {
  const ports = {
    destination: options.destPort ?? wapPushPort,
    source: options.srcPort ?? wspConnectionlessPort,
    bits: 16 as const,
  };
  const single = encodeUserDataHeader({ ports });
  if (single.length + pdu.length <= smsUserDataBytes) return [concat(single, pdu)];
  const ref = options.ref ?? 0;
  const headerLength = encodeUserDataHeader({ ports, concat: { ref, total: 1, seq: 1, refBits: 8 } }).length;
  const room = smsUserDataBytes - headerLength;
  const total = Math.ceil(pdu.length / room);
  if (total > 255) throw new OmaDmError("INVALID_ARGUMENT", `PDU needs ${total} SMS, more than 255`);
  const parts: Uint8Array[] = [];
  for (let seq = 1; seq <= total; seq++) {
    const udh = encodeUserDataHeader({ ports, concat: { ref, total, seq, refBits: 8 } });
    parts.push(concat(udh, pdu.subarray((seq - 1) * room, seq * room)));
  }
  return parts;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
