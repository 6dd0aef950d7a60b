/**
 * Authentication scheme identifiers: the Meta Type written in Cred and Chal, and the DMAcc
 * AAuthType value that names the same scheme. [TR-STD §7.1.3.1.20], [TR-SEC §5.1.4.1]
 */

/** Pairs of (Meta Type in Cred/Chal, DMAcc AAuthType). */
export const authSchemes = [
  ["syncml:auth-basic", "BASIC"],
  ["syncml:auth-md5", "DIGEST"],
  // [TR-SEC §5.1.4.1] HMAC travels in the x-syncml-hmac transport header, never in <Cred>.
  ["syncml:auth-MAC", "HMAC"],
  ["syncml:auth-X509", "X509"],
  ["syncml:auth-securid", "SECURID"],
  ["syncml:auth-safeword", "SAFEWORD"],
  ["syncml:auth-digipass", "DIGIPASS"],
] as const;

export type AuthScheme = (typeof authSchemes)[number][0];

/** Every DMAcc AppAuth/<X>/AAuthType value. [TR-STD §7.1.3.1.20] */
export const aauthTypes = [
  "HTTP-BASIC",
  "HTTP-DIGEST",
  "BASIC",
  "DIGEST",
  "HMAC",
  "X509",
  "SECURID",
  "SAFEWORD",
  "DIGIPASS",
  "TRANSPORT",
] as const;

export type AAuthType = (typeof aauthTypes)[number];

/** Every DMAcc AppAuth/<X>/AAuthLevel value. [TR-STD §7.1.3.1.19] */
export const aauthLevels = ["CLCRED", "SRVCRED", "OBEX", "HTTP"] as const;

export type AAuthLevel = (typeof aauthLevels)[number];

// Meta Type comparison is case-insensitive on receipt: peers write "syncml:auth-mac" and
// "syncml:auth-MAC" alike.
const typeOfScheme = new Map<string, AAuthType>(authSchemes.map(([s, t]) => [s.toLowerCase(), t]));
const schemeOfType = new Map<string, AuthScheme>(authSchemes.map(([s, t]) => [t, s]));
const aauthTypeSet = new Set<string>(aauthTypes);

/** The AAuthType for a Cred/Chal Meta Type (case-insensitive), or undefined if unknown. */
export function aauthTypeForScheme(metaType: string): AAuthType | undefined {
  return typeOfScheme.get(metaType.trim().toLowerCase());
}

/**
 * The Cred/Chal Meta Type for an AAuthType, or undefined for the transport-level types
 * (HTTP-BASIC, HTTP-DIGEST, TRANSPORT), which have none.
 */
export function schemeForAAuthType(type: AAuthType): AuthScheme | undefined {
  return schemeOfType.get(type);
}

/** True if `value` is one of the AAuthType values (exact spelling). */
export function isAAuthType(value: string): value is AAuthType {
  return aauthTypeSet.has(value);
}
