import type { SendOutcome } from "./push-content.js";

/** The parts of a PAP response an initiator acts on. */
export interface PapResponse {
  /** push-response or badmessage-response; "unknown" when neither element is found. */
  readonly kind: "push-response" | "badmessage-response" | "unknown";
  /** The PAP result code (1001 accepted, 2xxx client errors, 3xxx server errors, 4xxx service). */
  readonly code?: number;
  readonly desc?: string;
  readonly pushId?: string;
}

/** Bytes of a response that are looked at: error replies echo the request, binary included. */
const maxScanned = 16 * 1024;

/**
 * Parses a PAP response leniently [PAP §9.3, §9.11]: the first push-response or
 * badmessage-response element and the code and desc of its result. Kannel writes
 * `code ="1001"` (a space before `=`) and echoes the request in error replies, so this is a
 * scan for the elements and attributes, not an XML parse. Never throws.
 */
export function parsePapResponse(bytes: Uint8Array): PapResponse {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, maxScanned)).toString(
    "latin1",
  );
  const push = /<push-response\b([^>]*)>/.exec(text);
  const bad = /<badmessage-response\b([^>]*)>/.exec(text);
  if (push !== null && (bad === null || push.index < bad.index)) {
    const after = text.slice(push.index);
    const result = /<response-result\b([^>]*)>/.exec(after);
    const attrs = result?.[1] ?? "";
    const pushId = attribute(push[1] ?? "", "push-id");
    return withFields("push-response", attribute(attrs, "code"), attribute(attrs, "desc"), pushId);
  }
  if (bad !== null) {
    const attrs = bad[1] ?? "";
    return withFields("badmessage-response", attribute(attrs, "code"), attribute(attrs, "desc"));
  }
  return { kind: "unknown" };
}

/**
 * The send outcome of a PAP exchange. 1000/1001 are success. [PAP §9.13] 2xxx are the
 * initiator's errors and are not retried (except 2007, a duplicate push id, which a fresh id
 * cures); 3xxx and 4xxx are the PPG's and service failures, retried. HTTP 401 (refused
 * credentials; Kannel locks the IP out after 4 of them) and other 4xx are permanent; 5xx and a
 * reply without a result code are retried.
 */
export function papOutcome(httpStatus: number, response: PapResponse): SendOutcome {
  const code = response.code;
  const what =
    code === undefined ? "" : ` PAP ${code}${response.desc === undefined ? "" : ` ${response.desc}`}`;
  const id = response.pushId === undefined ? "" : ` (push-id ${response.pushId})`;
  if (httpStatus === 401)
    return { ok: false, permanent: true, detail: "PPG refused the credentials (HTTP 401)" };
  if (httpStatus >= 500)
    return { ok: false, permanent: false, detail: `PPG failed (HTTP ${httpStatus})${what}` };
  if (httpStatus < 200 || httpStatus >= 300) {
    return { ok: false, permanent: true, detail: `PPG refused the request (HTTP ${httpStatus})${what}` };
  }
  if (code === undefined) {
    return { ok: false, permanent: false, detail: `PPG reply without a PAP result (HTTP ${httpStatus})` };
  }
  if (code === 1000 || code === 1001) return { ok: true, detail: `${what.trim()}${id}` };
  const permanent = code >= 2000 && code < 3000 && code !== 2007;
  return { ok: false, permanent, detail: `PPG did not accept the push:${what}${id}` };
}

function withFields(
  kind: PapResponse["kind"],
  code: string | undefined,
  desc: string | undefined,
  pushId?: string,
): PapResponse {
  const n = code !== undefined && /^\d{4}$/.test(code) ? Number(code) : undefined;
  return {
    kind,
    ...(n === undefined ? {} : { code: n }),
    ...(desc === undefined ? {} : { desc }),
    ...(pushId === undefined ? {} : { pushId }),
  };
}

/** An attribute value in either quote style, spaces allowed around `=`. */
function attribute(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  if (m === null) return undefined;
  return (m[1] ?? m[2] ?? "").trim();
}
