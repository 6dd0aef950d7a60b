import { OmaDmError } from "../errors.js";
import type { SecMethod } from "../notification/wsp-tables.js";

const ascii = new TextEncoder();

/**
 * The IMSI in GSM 11.11 semi-octet form, the NETWPIN key of OMA ProvBoot: prefix "9" to an odd
 * number of digits, else prefix "1" and append "F"; then each pair of digits becomes one octet
 * with its nibbles swapped. [TR-SEC §5.1.7.2], [FUNAMBOL getKeyFromIMSI], fact sheet §8.3
 */
export function imsiSemiOctets(imsi: string): Uint8Array {
  const digits = imsi.trim();
  if (!/^\d{1,20}$/.test(digits)) throw new OmaDmError("INVALID_ARGUMENT", "an IMSI is 1..20 decimal digits");
  const s = digits.length % 2 === 1 ? `9${digits}` : `1${digits}F`;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.charAt(2 * i + 1) + s.charAt(2 * i), 16);
  return out;
}

/** What the bootstrap keys are made from. */
export interface BootstrapSecrets {
  /** The network shared secret: the IMSI on GSM/UMTS (an ESN on CDMA: use imsiForm "ascii"). */
  readonly imsi?: string;
  /** The PIN handed to the user out of band. */
  readonly pin?: string;
  /**
   * How NETWPIN and USERNETWPIN spell the network secret: "semi-octets" (GSM 11.11, the ProvBoot
   * and Funambol default) or "ascii" (the digits as text, Funambol's other option).
   */
  readonly imsiForm?: "semi-octets" | "ascii";
}

/**
 * The HMAC-SHA1 key of a SEC method. [TR-SEC §5.1.7.2.3]
 * - NETWPIN: the network secret (IMSI semi-octets by default).
 * - USERPIN: the PIN as ASCII.
 * - USERNETWPIN: the network secret bytes followed by the PIN bytes, no separator (the
 *   ProvBoot / Funambol practice; DM Security 1.2 writes "PIN:secret" but no implementation
 *   found uses that, docs/decisions/notification-and-bootstrap.md).
 * USERPINMAC is a CP-only method whose PIN carries the MAC; it has no key here.
 */
export function bootstrapKey(method: SecMethod, secrets: BootstrapSecrets): Uint8Array {
  const network = (): Uint8Array => {
    if (secrets.imsi === undefined) throw new OmaDmError("INVALID_ARGUMENT", `${method} needs the IMSI`);
    return (secrets.imsiForm ?? "semi-octets") === "ascii"
      ? ascii.encode(secrets.imsi)
      : imsiSemiOctets(secrets.imsi);
  };
  const pin = (): Uint8Array => {
    if (secrets.pin === undefined || secrets.pin === "") {
      throw new OmaDmError("INVALID_ARGUMENT", `${method} needs the user PIN`);
    }
    return ascii.encode(secrets.pin);
  };
  switch (method) {
    case "NETWPIN":
      return network();
    case "USERPIN":
      return pin();
    case "USERNETWPIN": {
      const a = network();
      const b = pin();
      const out = new Uint8Array(a.length + b.length);
      out.set(a, 0);
      out.set(b, a.length);
      return out;
    }
    case "USERPINMAC":
      throw new OmaDmError("INVALID_ARGUMENT", "USERPINMAC has no HMAC key: the MAC is part of the PIN");
  }
}
