import { OmaDmError } from "../errors.js";

/** Values for the ServerURI placeholders. [DM2 §5.8.1] */
export interface UrlParameterValues {
  /** Mobile Network Code of the active SIM. */
  readonly mnc?: string;
  /** Mobile Country Code of the active SIM. */
  readonly mcc?: string;
  /** Mobile Network Code of the current 3GPP/3GPP2 connection. */
  readonly cmnc?: string;
  /** Mobile Country Code of the current 3GPP/3GPP2 connection. */
  readonly cmcc?: string;
  readonly man?: string;
  readonly mod?: string;
  readonly imei?: string;
}

/** Placeholder name <-> value key. [DM2 §5.8.1 Table 6] */
export const urlParameters = [
  ["MNC", "mnc"],
  ["MCC", "mcc"],
  ["CMNC", "cmnc"],
  ["CMCC", "cmcc"],
  ["MAN", "man"],
  ["MOD", "mod"],
  ["IMEI", "imei"],
] as const;

/** The value the draft prescribes when there is no active SIM or no 3GPP connection. [DM2 §5.8.1] */
export const urlParameterUnknownValue = "TBD";

const keyOf: ReadonlyMap<string, keyof UrlParameterValues> = new Map(urlParameters);
const placeholder = new RegExp(`\\[(${urlParameters.map(([name]) => name).join("|")})\\]`, "g");

/**
 * Replaces `[MNC]`, `[MCC]`, `[CMNC]`, `[CMCC]`, `[MAN]`, `[MOD]` and `[IMEI]` in a ServerURI with
 * percent-encoded values (RFC 3986 unreserved characters stay as they are). [DM2 §5.8.1] An absent
 * value becomes "TBD": the draft says so for the SIM and network codes, and the same is used for
 * MAN, MOD and IMEI (a device without an IMEI). Other bracketed text is left alone.
 */
export function expandUrlParameters(url: string, values: UrlParameterValues): string {
  return url.replace(placeholder, (_match, name: string) => {
    const key = keyOf.get(name);
    return percentEncode((key === undefined ? undefined : values[key]) ?? urlParameterUnknownValue);
  });
}

function percentEncode(value: string): string {
  let s: string;
  try {
    s = encodeURIComponent(value);
  } catch {
    throw new OmaDmError("INVALID_ARGUMENT", "URL parameter value is not well-formed Unicode");
  }
  // encodeURIComponent leaves !'()* alone; RFC 3986 counts them as reserved.
  return s.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
