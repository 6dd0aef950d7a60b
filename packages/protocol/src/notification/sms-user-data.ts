import { DecodeError, OmaDmError } from "../errors.js";
import { copyBytes } from "./copy-bytes.js";

/** WDP ports from a user data header: IE 0x05 (16-bit) or 0x04 (8-bit). [3GPP TS 23.040 §9.2.3.24] */
export interface SmsPorts {
  readonly destination: number;
  readonly source: number;
  readonly bits: 8 | 16;
}

/** Concatenation from IE 0x00 (8-bit reference) or 0x08 (16-bit reference); seq counts from 1. */
export interface SmsConcat {
  readonly ref: number;
  readonly total: number;
  readonly seq: number;
  readonly refBits: 8 | 16;
}

/** Any other information element, kept as raw bytes. */
export interface SmsInformationElement {
  readonly iei: number;
  readonly data: Uint8Array;
}

/** A user data header (UDH). */
export interface UserDataHeader {
  readonly ports?: SmsPorts;
  readonly concat?: SmsConcat;
  readonly others?: readonly SmsInformationElement[];
}

const ieConcat8 = 0x00;
const iePorts8 = 0x04;
const iePorts16 = 0x05;
const ieConcat16 = 0x08;

function smsFail(message: string, at: number): never {
  throw new DecodeError("SMS_INVALID", message, at);
}

/**
 * Splits 8-bit user data that starts with a UDH (the UDHI flag is set) into its header and
 * payload. Unknown IEs are kept in `others`; when an IE repeats, the last one wins
 * (3GPP TS 23.040 §9.2.3.24). Throws DecodeError("SMS_INVALID") with the byte offset.
 */
export function parseUserData(userData: Uint8Array): { header: UserDataHeader; payload: Uint8Array } {
  if (userData.length === 0) smsFail("user data is empty", 0);
  const udhl = userData[0] ?? 0;
  const end = 1 + udhl;
  if (end > userData.length) smsFail("header length runs past the end", 0);
  let ports: SmsPorts | undefined;
  let concat: SmsConcat | undefined;
  const others: SmsInformationElement[] = [];
  let i = 1;
  while (i < end) {
    const at = i;
    if (i + 2 > end) smsFail("information element truncated", at);
    const iei = userData[i] ?? 0;
    const len = userData[i + 1] ?? 0;
    i += 2;
    if (i + len > end) smsFail("information element runs past the header", at);
    const d = userData.subarray(i, i + len);
    i += len;
    const byte = (k: number) => d[k] ?? 0;
    switch (iei) {
      case iePorts16:
        if (len !== 4) smsFail("16-bit port IE needs 4 octets", at);
        ports = { destination: (byte(0) << 8) | byte(1), source: (byte(2) << 8) | byte(3), bits: 16 };
        break;
      case iePorts8:
        if (len !== 2) smsFail("8-bit port IE needs 2 octets", at);
        ports = { destination: byte(0), source: byte(1), bits: 8 };
        break;
      case ieConcat8:
      case ieConcat16: {
        const wide = iei === ieConcat16;
        if (len !== (wide ? 4 : 3)) smsFail("concatenation IE has the wrong length", at);
        const ref = wide ? (byte(0) << 8) | byte(1) : byte(0);
        const total = byte(wide ? 2 : 1);
        const seq = byte(wide ? 3 : 2);
        if (total === 0 || seq === 0 || seq > total) smsFail("concatenation sequence out of range", at);
        concat = { ref, total, seq, refBits: wide ? 16 : 8 };
        break;
      }
      default:
        others.push({ iei, data: copyBytes(d) });
    }
  }
  const header: UserDataHeader = {
    ...(ports === undefined ? {} : { ports }),
    ...(concat === undefined ? {} : { concat }),
    ...(others.length === 0 ? {} : { others }),
  };
  return { header, payload: copyBytes(userData, end) };
}

/** Encodes a UDH, length octet first: ports, then concatenation, then the other IEs. */
export function encodeUserDataHeader(header: UserDataHeader): Uint8Array {
  const out: number[] = [0];
  const { ports, concat } = header;
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new OmaDmError("INVALID_ARGUMENT", what);
  };
  const fits = (n: number, bits: number) => Number.isInteger(n) && n >= 0 && n < 2 ** bits;
  if (ports !== undefined) {
    check(fits(ports.destination, ports.bits) && fits(ports.source, ports.bits), "port out of range");
    if (ports.bits === 16) {
      out.push(
        iePorts16,
        4,
        ports.destination >> 8,
        ports.destination & 0xff,
        ports.source >> 8,
        ports.source & 0xff,
      );
    } else out.push(iePorts8, 2, ports.destination, ports.source);
  }
  if (concat !== undefined) {
    check(fits(concat.ref, concat.refBits), "concatenation reference out of range");
    check(fits(concat.total, 8) && concat.total > 0, "concatenation total must be 1..255");
    check(
      Number.isInteger(concat.seq) && concat.seq >= 1 && concat.seq <= concat.total,
      "sequence out of range",
    );
    if (concat.refBits === 16)
      out.push(ieConcat16, 4, concat.ref >> 8, concat.ref & 0xff, concat.total, concat.seq);
    else out.push(ieConcat8, 3, concat.ref, concat.total, concat.seq);
  }
  for (const ie of header.others ?? []) {
    check(fits(ie.iei, 8) && ie.data.length <= 253, "information element too long");
    out.push(ie.iei, ie.data.length, ...ie.data);
  }
  check(out.length - 1 <= 139, "user data header too long");
  out[0] = out.length - 1;
  return Uint8Array.from(out);
}
