import {
  applicationIdForCode,
  contentTypeForCode,
  secMethodForCode,
  type WspContentType,
} from "@omadm/protocol";

/**
 * What one channel carries to a device: the body with its content type (parameters included,
 * e.g. a bootstrap's SEC and MAC) and the push application it is for. Channels render it their
 * own way: PAP as MIME headers, an SMS gateway as a WSP push PDU, HTTP as Content-Type, UDP as
 * the bare body.
 */
export interface PushContent {
  readonly contentType: WspContentType;
  /** X-Wap-Application-Id: a well-known code (7 = syncml.dm) or the URI text. [TR-NOT §6.3] */
  readonly applicationId?: number | string;
  readonly body: Uint8Array;
}

/** Why a send failed: `permanent` failures are not retried (bad address, refused credentials). */
export type SendOutcome =
  | { readonly ok: true; readonly detail?: string }
  | { readonly ok: false; readonly permanent: boolean; readonly detail: string };

/**
 * One delivery channel (WAP Push through a PPG, HTTP POST, UDP). `send` never rejects for a
 * transport failure or a refusal: those are outcomes.
 */
export interface PushSender {
  send(address: string, content: PushContent): Promise<SendOutcome>;
}

/** application/vnd.syncml.notification (0x44): a Package 0. [TR-NOT §6.3] */
export const package0ContentType: WspContentType = {
  mediaType: "application/vnd.syncml.notification",
  code: 0x44,
};

/** The push application of OMA DM: x-wap-application:syncml.dm (code 7). [TR-NOT §6.3] */
export const syncmlDmApplicationId = 7;

/** A Package 0 as push content. */
export function package0Content(package0: Uint8Array): PushContent {
  return { contentType: package0ContentType, applicationId: syncmlDmApplicationId, body: package0 };
}

/**
 * The HTTP (MIME) spelling of a WSP content type: `type; NAME=value; ...`. SEC is written as
 * its method name (SEC=NETWPIN), as [CP-PUSH] shows it in text form; values that are not
 * tokens are quoted.
 */
export function contentTypeHeader(contentType: WspContentType): string {
  const media =
    contentType.mediaType ??
    (contentType.code === undefined ? undefined : contentTypeForCode(contentType.code));
  if (media === undefined) throw new TypeError("a content type needs a media type or a known code");
  let out = media;
  for (const p of contentType.params ?? []) {
    const value =
      p.name.toUpperCase() === "SEC" && typeof p.value === "number"
        ? (secMethodForCode(p.value) ?? String(p.value))
        : String(p.value);
    out += `; ${p.name}=${/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value) ? value : quote(value)}`;
  }
  return out;
}

/** The URI text of an application id (`x-wap-application:syncml.dm` for 7). */
export function applicationIdText(id: number | string): string {
  if (typeof id === "string") return id;
  const uri = applicationIdForCode(id);
  // [WSP] an unregistered code has no URI; PAP then carries the number itself.
  return uri ?? String(id);
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
