/** DM 2.0 (draft, seed 004) media types, header name and status codes, one table each. */

/** Content types of the DM 2.0 bodies. [DM2 §5.4-5.6] */
export const dm2MediaTypes = {
  /** Server -> client command document. [DM2 §5.5] */
  commands: "application/dm20",
  /** Client -> server status document. [DM2 §5.6] */
  status: "application/dm20status",
  /** JSON TNDS: Pkg#1 body and the files GET/PUT/POST move. [DM2 §5.4] */
  tnds: "application/tnds20",
} as const;

/** Request header carrying the device's unique id, e.g. "IMEI:01234567890123". [DM2 §5.4] */
export const dm2DeviceIdHeader = "X-OMADMDeviceID";

/**
 * Status codes a DM 2.0 client reports. The draft leaves the code for unrecognised commands as
 * "xxx 'Optional Feature Not Supported'" [DM2 §5.8]; 406 is that status in DM 1.x [TR-REP §4.1.6]
 * and in the approved DM 2.0 (gaps §6.5).
 */
export const dm2StatusCodes = {
  ok: 200,
  /** EXEC accepted; the result follows as a Generic Alert. (gaps §6.5) */
  accepted: 202,
  notModified: 304,
  notFound: 404,
  commandNotAllowed: 405,
  /** Unrecognised command or unsupported feature (e.g. SHOW without a browser). [DM2 §5.8] */
  optionalFeatureNotSupported: 406,
  unsupportedMediaType: 415,
} as const;
