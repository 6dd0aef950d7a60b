import { applicationIdText, contentTypeHeader, type PushContent } from "./push-content.js";

/** One PAP push request, ready for an HTTP POST: the Content-Type header and the body bytes. */
export interface PapRequest {
  readonly contentType: string;
  readonly body: Uint8Array;
}

/** What a PAP push names: a unique push id, the device's number and the PPG's domain. */
export interface PapPush {
  /** Unique per push (PAP 2.0 §9.2: "push-id" is a unique value, e.g. `id@host`). */
  readonly pushId: string;
  /** The device's MSISDN in international form; a missing leading `+` is added (kannel.md). */
  readonly msisdn: string;
  /** The PPG specifier of the address (`...@ppgHost`). */
  readonly ppgHost: string;
  /** The MIME boundary; must not occur in the content (encodePapRequest checks). */
  readonly boundary: string;
  readonly content: PushContent;
}

const latin1 = (s: string) => Buffer.from(s, "latin1");
const msisdnPattern = /^\+?[0-9]{3,20}$/;

/**
 * The client address of a PLMN device: `WAPPUSH=+15551234567/TYPE=PLMN@ppg.example`. [PPG §7.1]
 * Kannel needs the leading `+` (kannel.md). Throws TypeError for anything but 3..20 digits.
 */
export function papAddress(msisdn: string, ppgHost: string): string {
  const digits = msisdn.replace(/[\s-]/g, "");
  if (!msisdnPattern.test(digits)) throw new TypeError(`not an MSISDN: ${JSON.stringify(msisdn)}`);
  return `WAPPUSH=${digits.startsWith("+") ? digits : `+${digits}`}/TYPE=PLMN@${ppgHost}`;
}

/** The PAP control entity (PAP 2.0 push-message; quality-of-service omitted: connectionless). */
export function papControlDocument(pushId: string, address: string): string {
  return (
    `<?xml version="1.0"?>\r\n` +
    `<!DOCTYPE pap PUBLIC "-//WAPFORUM//DTD PAP 2.0//EN" "http://www.wapforum.org/DTD/pap_2.0.dtd">\r\n` +
    `<pap><push-message push-id="${xmlAttr(pushId)}">` +
    `<address address-value="${xmlAttr(address)}"/>` +
    `</push-message></pap>`
  );
}

/**
 * A PAP push submission [PAP §8]: multipart/related (type application/xml) with CRLF framing, the
 * control entity first, then the content entity with exactly two headers, its Content-Type
 * (parameters such as SEC and MAC included) and X-WAP-Application-Id (Kannel assumes the browser
 * without one, kannel.md), then the raw body bytes.
 */
export function encodePapRequest(push: PapPush): PapRequest {
  const b = push.boundary;
  if (!/^[0-9A-Za-z'()+_,./:=?-]{1,70}$/.test(b)) throw new TypeError("invalid MIME boundary");
  if (Buffer.from(push.content.body).includes(latin1(`--${b}`))) {
    throw new TypeError("the MIME boundary occurs in the content");
  }
  const address = papAddress(push.msisdn, push.ppgHost);
  const appId =
    push.content.applicationId === undefined
      ? ""
      : `X-WAP-Application-Id: ${applicationIdText(push.content.applicationId)}\r\n`;
  const head =
    `--${b}\r\nContent-Type: application/xml\r\n\r\n` +
    papControlDocument(push.pushId, address) +
    `\r\n--${b}\r\nContent-Type: ${contentTypeHeader(push.content.contentType)}\r\n${appId}\r\n`;
  const body = Buffer.concat([latin1(head), push.content.body, latin1(`\r\n--${b}--\r\n`)]);
  return {
    contentType: `multipart/related; boundary=${b}; type="application/xml"`,
    body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
  };
}

function xmlAttr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
