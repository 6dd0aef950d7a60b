/**
 * WSP well-known assignments used by push: content types, push application ids, header field
 * names (code page 1) and content-type parameters. Codes are the 7-bit values; on the wire a
 * short-integer sets the high bit (0x44 -> 0xC4). [WSP-TABLES], WAP-230-WSP appendix A
 */

/** Well-known content types (WINA). [WSP-TABLES] */
export const wspContentTypes = [
  [0x00, "*/*"],
  [0x01, "text/*"],
  [0x02, "text/html"],
  [0x03, "text/plain"],
  [0x04, "text/x-hdml"],
  [0x05, "text/x-ttml"],
  [0x06, "text/x-vCalendar"],
  [0x07, "text/x-vCard"],
  [0x08, "text/vnd.wap.wml"],
  [0x09, "text/vnd.wap.wmlscript"],
  [0x0b, "multipart/*"],
  [0x0c, "multipart/mixed"],
  [0x0d, "multipart/form-data"],
  [0x0e, "multipart/byteranges"],
  [0x0f, "multipart/alternative"],
  [0x10, "application/*"],
  [0x11, "application/java-vm"],
  [0x12, "application/x-www-form-urlencoded"],
  [0x13, "application/x-hdmlc"],
  [0x14, "application/vnd.wap.wmlc"],
  [0x15, "application/vnd.wap.wmlscriptc"],
  [0x17, "application/vnd.wap.uaprof"],
  [0x18, "application/vnd.wap.wtls-ca-certificate"],
  [0x19, "application/vnd.wap.wtls-user-certificate"],
  [0x1a, "application/x-x509-ca-cert"],
  [0x1b, "application/x-x509-user-cert"],
  [0x1c, "image/*"],
  [0x1d, "image/gif"],
  [0x1e, "image/jpeg"],
  [0x1f, "image/tiff"],
  [0x20, "image/png"],
  [0x21, "image/vnd.wap.wbmp"],
  [0x22, "application/vnd.wap.multipart.*"],
  [0x23, "application/vnd.wap.multipart.mixed"],
  [0x24, "application/vnd.wap.multipart.form-data"],
  [0x25, "application/vnd.wap.multipart.byteranges"],
  [0x26, "application/vnd.wap.multipart.alternative"],
  [0x27, "application/xml"],
  [0x28, "text/xml"],
  [0x29, "application/vnd.wap.wbxml"],
  [0x2a, "application/x-x968-cross-cert"],
  [0x2b, "application/x-x968-ca-cert"],
  [0x2c, "application/x-x968-user-cert"],
  [0x2d, "text/vnd.wap.si"],
  [0x2e, "application/vnd.wap.sic"],
  [0x2f, "text/vnd.wap.sl"],
  [0x30, "application/vnd.wap.slc"],
  [0x31, "text/vnd.wap.co"],
  [0x32, "application/vnd.wap.coc"],
  [0x33, "application/vnd.wap.multipart.related"],
  [0x34, "application/vnd.wap.sia"],
  [0x35, "text/vnd.wap.connectivity-xml"],
  [0x36, "application/vnd.wap.connectivity-wbxml"],
  [0x37, "application/pkcs7-mime"],
  [0x38, "application/vnd.wap.hashed-certificate"],
  [0x39, "application/vnd.wap.signed-certificate"],
  [0x3a, "application/vnd.wap.cert-response"],
  [0x3b, "application/xhtml+xml"],
  [0x3c, "application/wml+xml"],
  [0x3d, "text/css"],
  [0x3e, "application/vnd.wap.mms-message"],
  [0x3f, "application/vnd.wap.rollover-certificate"],
  [0x40, "application/vnd.wap.locc+wbxml"],
  [0x41, "application/vnd.wap.loc+xml"],
  [0x42, "application/vnd.syncml.dm+wbxml"],
  [0x43, "application/vnd.syncml.dm+xml"],
  [0x44, "application/vnd.syncml.notification"],
  [0x45, "application/vnd.wap.xhtml+xml"],
  [0x46, "application/vnd.wv.csp.cir"],
  [0x47, "application/vnd.oma.dd+xml"],
  [0x48, "application/vnd.oma.drm.message"],
  [0x49, "application/vnd.oma.drm.content"],
  [0x4a, "application/vnd.oma.drm.rights+xml"],
  [0x4b, "application/vnd.oma.drm.rights+wbxml"],
] as const;

/** Push application ids (X-Wap-Application-Id values). [WSP-TABLES], [TR-NOT §6.3] */
export const pushApplicationIds = [
  [0x00, "x-wap-application:*"],
  [0x01, "x-wap-application:push.sia"],
  [0x02, "x-wap-application:wml.ua"],
  [0x03, "x-wap-application:wta.ua"],
  [0x04, "x-wap-application:mms.ua"],
  [0x05, "x-wap-application:push.syncml"],
  [0x06, "x-wap-application:loc.ua"],
  [0x07, "x-wap-application:syncml.dm"],
  [0x08, "x-wap-application:drm.ua"],
  [0x09, "x-wap-application:emn.ua"],
  [0x0a, "x-wap-application:wv.ua"],
] as const;

/**
 * How a header's value is typed. "integer": Integer-value (Content-Length, dates);
 * "text": Text-string; "version": Version-value ("1.3" as a short-integer); "other": decoded by
 * the generic rule of WSP §8.4.1.2 (short-integer, text, or value-length + data).
 */
export type WspHeaderKind = "integer" | "text" | "version" | "other";

/** Header field names of code page 1 (WSP 1.1-1.4). */
export const wspHeaderFields = [
  [0x00, "Accept", "other"],
  [0x01, "Accept-Charset", "other"],
  [0x02, "Accept-Encoding", "other"],
  [0x03, "Accept-Language", "other"],
  [0x04, "Accept-Ranges", "other"],
  [0x05, "Age", "integer"],
  [0x06, "Allow", "other"],
  [0x07, "Authorization", "other"],
  [0x08, "Cache-Control", "other"],
  [0x09, "Connection", "other"],
  [0x0a, "Content-Base", "text"],
  [0x0b, "Content-Encoding", "other"],
  [0x0c, "Content-Language", "other"],
  [0x0d, "Content-Length", "integer"],
  [0x0e, "Content-Location", "text"],
  [0x0f, "Content-MD5", "other"],
  [0x10, "Content-Range", "other"],
  [0x11, "Content-Type", "other"],
  [0x12, "Date", "integer"],
  [0x13, "Etag", "text"],
  [0x14, "Expires", "integer"],
  [0x15, "From", "text"],
  [0x16, "Host", "text"],
  [0x17, "If-Modified-Since", "integer"],
  [0x18, "If-Match", "text"],
  [0x19, "If-None-Match", "text"],
  [0x1a, "If-Range", "other"],
  [0x1b, "If-Unmodified-Since", "integer"],
  [0x1c, "Location", "text"],
  [0x1d, "Last-Modified", "integer"],
  [0x1e, "Max-Forwards", "integer"],
  [0x1f, "Pragma", "other"],
  [0x20, "Proxy-Authenticate", "other"],
  [0x21, "Proxy-Authorization", "other"],
  [0x22, "Public", "other"],
  [0x23, "Range", "other"],
  [0x24, "Referer", "text"],
  [0x25, "Retry-After", "other"],
  [0x26, "Server", "text"],
  [0x27, "Transfer-Encoding", "other"],
  [0x28, "Upgrade", "text"],
  [0x29, "User-Agent", "text"],
  [0x2a, "Vary", "other"],
  [0x2b, "Via", "text"],
  [0x2c, "Warning", "other"],
  [0x2d, "WWW-Authenticate", "other"],
  [0x2e, "Content-Disposition", "other"],
  // X-Wap-Application-Id (0x2F) has its own field in WspPush and is not listed here.
  [0x30, "X-Wap-Content-URI", "text"],
  [0x31, "X-Wap-Initiator-URI", "text"],
  [0x32, "Accept-Application", "other"],
  [0x33, "Bearer-Indication", "integer"],
  [0x34, "Push-Flag", "integer"],
  [0x35, "Profile", "text"],
  [0x36, "Profile-Diff", "other"],
  [0x37, "Profile-Warning", "other"],
  [0x38, "Expect", "other"],
  [0x39, "TE", "other"],
  [0x3a, "Trailer", "other"],
  [0x3b, "Accept-Charset", "other"],
  [0x3c, "Accept-Encoding", "other"],
  [0x3d, "Cache-Control", "other"],
  [0x3e, "Content-Range", "other"],
  [0x3f, "X-Wap-Tod", "integer"],
  [0x40, "Content-ID", "text"],
  [0x41, "Set-Cookie", "other"],
  [0x42, "Cookie", "other"],
  [0x43, "Encoding-Version", "version"],
] as const;

/** The X-Wap-Application-Id field code. [TR-NOT §6.3] */
export const xWapApplicationIdField = 0x2f;

/**
 * Content-type parameter tokens. "q" values are uintvars; every other parameter value is an
 * Integer-value or a text value. Names repeated with a newer code (WSP 1.4) decode to the same
 * name; encoding uses the first (older, more widely understood) code.
 */
export const wspParameters = [
  [0x00, "Q"],
  [0x01, "Charset"],
  [0x02, "Level"],
  [0x03, "Type"],
  [0x05, "Name"],
  [0x06, "Filename"],
  [0x07, "Differences"],
  [0x08, "Padding"],
  [0x0a, "Start"],
  [0x0b, "Start-info"],
  [0x0c, "Comment"],
  [0x0d, "Domain"],
  [0x0e, "Max-Age"],
  [0x0f, "Path"],
  [0x10, "Secure"],
  // [TR-SEC §5.1.7.2] bootstrap security: SEC method (short-integer), MAC (hex text).
  [0x11, "SEC"],
  [0x12, "MAC"],
  [0x13, "Creation-date"],
  [0x14, "Modification-date"],
  [0x15, "Read-date"],
  [0x16, "Size"],
  [0x17, "Name"],
  [0x18, "Filename"],
  [0x19, "Start"],
  [0x1a, "Start-info"],
  [0x1b, "Comment"],
  [0x1c, "Domain"],
  [0x1d, "Path"],
] as const;

/** Values of the SEC parameter. [TR-SEC §5.1.7.2], [WSP-TABLES vals_wsp_parameter_sec] */
export const secMethods = [
  [0, "NETWPIN"],
  [1, "USERPIN"],
  [2, "USERNETWPIN"],
  [3, "USERPINMAC"],
] as const;

export type SecMethod = (typeof secMethods)[number][1];

const contentTypeName = new Map<number, string>(wspContentTypes);
const contentTypeCode = new Map<string, number>(wspContentTypes.map(([c, n]) => [n.toLowerCase(), c]));
const appIdName = new Map<number, string>(pushApplicationIds);
const appIdCode = new Map<string, number>(pushApplicationIds.map(([c, n]) => [n.toLowerCase(), c]));
const secName = new Map<number, SecMethod>(secMethods);
const secCode = new Map<string, number>(secMethods.map(([c, n]) => [n, c]));

/** The media type of a well-known content-type code, or undefined. */
export function contentTypeForCode(code: number): string | undefined {
  return contentTypeName.get(code);
}

/** The well-known code of a media type (case-insensitive), or undefined. */
export function codeForContentType(mediaType: string): number | undefined {
  return contentTypeCode.get(mediaType.toLowerCase());
}

/** The application id URI of a well-known push application code, or undefined. */
export function applicationIdForCode(code: number): string | undefined {
  return appIdName.get(code);
}

/** The well-known code of an application id URI (case-insensitive), or undefined. */
export function codeForApplicationId(uri: string): number | undefined {
  return appIdCode.get(uri.toLowerCase());
}

/** The SEC method name of a SEC parameter value, or undefined. */
export function secMethodForCode(code: number): SecMethod | undefined {
  return secName.get(code);
}

/** The SEC parameter value of a method name. */
export function codeForSecMethod(method: SecMethod): number {
  return secCode.get(method) ?? 0;
}
