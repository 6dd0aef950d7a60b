/**
 * Recognises any OMA DM message from its bytes and decodes it with the right decoder: what
 * `omadm decode` runs, and what an intake that does not know the content type can use.
 */
import type { Element } from "./element.js";
import { DecodeError } from "./errors.js";
import type { DecodeLimits } from "./limits.js";
import { resolveLimits } from "./limits.js";
import { textStart } from "./text-start.js";
import { decodeXmlDocument } from "./xml/index.js";
import { decodeWbxmlDocument } from "./wbxml/index.js";
import type { SyncMLMessage } from "./syncml/model.js";
import { syncmlFromElement } from "./syncml/index.js";
import { embeddedWbxmlDecoder } from "./syncml/embedded-wbxml.js";
import { mapSyncML } from "./syncml/mapping/message.js";
import type { MgmtTree } from "./tnds/mgmt-tree.js";
import type { Tnds20Document } from "./tnds/tnds20-document.js";
import { decodeTnds20, tndsFromElement } from "./tnds/index.js";
import type { Dm2CommandDocument } from "./dm2/dm2-commands.js";
import type { Dm2StatusDocument } from "./dm2/dm2-status.js";
import { decodeDm2Commands, decodeDm2Status } from "./dm2/index.js";
import type { Package0 } from "./notification/package0.js";
import type { Dm2Notification } from "./notification/dm2-notification.js";
import type { WspPush } from "./notification/wsp-push.js";
import type { UserDataHeader } from "./notification/sms-user-data.js";
import type { CpDocument } from "./bootstrap/cp-document.js";
import { cpFromElement } from "./bootstrap/index.js";
import {
  decodeDm2Notification,
  decodePackage0,
  decodeWspPush,
  isSupportedPackage0Version,
  parseUserData,
} from "./notification/index.js";

export type Encoding = "xml" | "wbxml";

/** What decodeAny found. Containers (SMS, WSP push) carry their decoded content when it is DM. */
export type DecodedMessage =
  | { readonly kind: "syncml"; readonly encoding: Encoding; readonly message: SyncMLMessage }
  | { readonly kind: "tnds"; readonly encoding: Encoding; readonly tree: MgmtTree }
  | { readonly kind: "cp"; readonly encoding: Encoding; readonly document: CpDocument }
  | { readonly kind: "element"; readonly encoding: Encoding; readonly root: Element }
  | { readonly kind: "package0"; readonly package0: Package0 }
  | { readonly kind: "dm2-notification"; readonly notification: Dm2Notification }
  | { readonly kind: "dm2-commands"; readonly document: Dm2CommandDocument }
  | { readonly kind: "dm2-status"; readonly document: Dm2StatusDocument }
  | { readonly kind: "tnds20"; readonly document: Tnds20Document }
  | { readonly kind: "wsp-push"; readonly push: WspPush; readonly content?: DecodedMessage }
  | {
      readonly kind: "sms";
      readonly header: UserDataHeader;
      readonly payload: Uint8Array;
      readonly content?: DecodedMessage;
    };

export type DecodedKind = DecodedMessage["kind"];

export interface DecodeAnyOptions {
  readonly limits?: Partial<DecodeLimits>;
  /** Accept the XML defects real peers produce (see XmlDecodeOptions.lenient). */
  readonly lenient?: boolean;
}

/**
 * Decodes bytes of any DM format. Text formats are recognised by their first characters; binary
 * ones by structure, trying the strictest first. Throws DecodeError("DECODE_UNKNOWN_FORMAT") when
 * nothing fits, or the error of the decoder the bytes most resemble.
 */
export function decodeAny(bytes: Uint8Array, options: DecodeAnyOptions = {}): DecodedMessage {
  const limits = resolveLimits(options.limits);
  if (bytes.length > limits.maxBytes) {
    throw new DecodeError("DECODE_LIMIT", `input of ${bytes.length} bytes exceeds ${limits.maxBytes}`, 0);
  }
  if (bytes.length === 0) throw new DecodeError("DECODE_UNKNOWN_FORMAT", "empty input", 0);
  const text = textStart(bytes);
  if (text < bytes.length) {
    const c = bytes[text];
    if (c === 0x3c /* < */) return decodeXmlMessage(bytes, limits, options.lenient === true);
    if (c === 0x7b /* { */) return { kind: "tnds20", document: decodeTnds20(bytes, { limits }) };
    if (startsWith(bytes, text, "MsgID")) return decodeDm2Document(bytes, limits);
  }
  return decodeBinary(bytes, limits, options.lenient === true);
}

function decodeXmlMessage(bytes: Uint8Array, limits: DecodeLimits, lenient: boolean): DecodedMessage {
  const { root } = decodeXmlDocument(bytes, { limits, lenient });
  return classify(root, "xml", bytes, limits);
}

function classify(
  root: Element,
  encoding: Encoding,
  bytes: Uint8Array,
  limits: DecodeLimits,
): DecodedMessage {
  switch (root.name) {
    case "SyncML":
      // WBXML may nest documents in OPAQUE Data (embedded TNDS): the mapping decodes those from
      // the message bytes, as decodeSyncML does, without decoding the outer document again.
      return {
        kind: "syncml",
        encoding,
        message:
          encoding === "wbxml"
            ? mapSyncML(root, { opaqueData: embeddedWbxmlDecoder(bytes, limits) })
            : syncmlFromElement(root),
      };
    case "MgmtTree":
      return { kind: "tnds", encoding, tree: tndsFromElement(root) };
    case "wap-provisioningdoc":
      return { kind: "cp", encoding, document: cpFromElement(root) };
    default:
      return { kind: "element", encoding, root };
  }
}

function decodeDm2Document(bytes: Uint8Array, limits: DecodeLimits): DecodedMessage {
  // A status document's lines after "MsgID n" start with a status code; a command document's
  // with a command word. A document with no second line is an (empty) command document.
  const second = secondLineStart(bytes);
  const c = second === undefined ? undefined : bytes[second];
  if (c !== undefined && c >= 0x30 && c <= 0x39) {
    return { kind: "dm2-status", document: decodeDm2Status(bytes, { limits }) };
  }
  return { kind: "dm2-commands", document: decodeDm2Commands(bytes, { limits }) };
}

function decodeBinary(bytes: Uint8Array, limits: DecodeLimits, lenient: boolean): DecodedMessage {
  let wbxmlError: DecodeError | undefined;
  if ((bytes[0] ?? 0xff) <= 0x03) {
    try {
      const doc = decodeWbxmlDocument(bytes, { limits });
      return classify(doc.root, "wbxml", bytes, limits);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      wbxmlError = e;
    }
  }
  const attempts: ((b: Uint8Array) => DecodedMessage | undefined)[] = [
    (b) => trySms(b, limits, lenient),
    (b) => tryWspPush(b, limits, lenient),
    (b) => tryPackage0(b, limits),
    (b) => tryDm2Notification(b, limits),
  ];
  for (const attempt of attempts) {
    const found = attempt(bytes);
    if (found !== undefined) return found;
  }
  if (wbxmlError !== undefined) throw wbxmlError;
  throw new DecodeError("DECODE_UNKNOWN_FORMAT", "not a DM message in any format omadm knows", 0);
}

/** SMS user data whose header addresses the WAP push ports (2948 and 2949) or names any port. */
function trySms(bytes: Uint8Array, limits: DecodeLimits, lenient: boolean): DecodedMessage | undefined {
  const udhLength = bytes[0] ?? 0;
  if (udhLength < 4 || udhLength + 1 >= bytes.length) return undefined;
  const parsed = quietly(() => parseUserData(bytes));
  if (parsed === undefined || parsed.header.ports === undefined) return undefined;
  const { header, payload } = parsed;
  const whole = header.concat === undefined || header.concat.total === 1;
  const content = whole ? tryWspPush(payload, limits, lenient) : undefined;
  return content === undefined ? { kind: "sms", header, payload } : { kind: "sms", header, payload, content };
}

function tryWspPush(bytes: Uint8Array, limits: DecodeLimits, lenient: boolean): DecodedMessage | undefined {
  if (bytes[1] !== 0x06) return undefined;
  const push = quietly(() => decodeWspPush(bytes, limits));
  if (push === undefined) return undefined;
  const content = quietly(() => decodeAny(push.body, { limits, lenient }));
  return content === undefined ? { kind: "wsp-push", push } : { kind: "wsp-push", push, content };
}

function tryPackage0(bytes: Uint8Array, limits: DecodeLimits): DecodedMessage | undefined {
  const package0 = quietly(() => decodePackage0(bytes, limits));
  if (package0 === undefined || !isSupportedPackage0Version(package0.version)) return undefined;
  return { kind: "package0", package0 };
}

/**
 * The DM 2.0 notification has no digest and few fixed bits, so almost any bytes would decode:
 * recognise only the seed's exact shape (version 2.0, an absolute URL, nothing after it).
 */
function tryDm2Notification(bytes: Uint8Array, limits: DecodeLimits): DecodedMessage | undefined {
  const notification = quietly(() => decodeDm2Notification(bytes, limits));
  if (
    notification === undefined ||
    notification.version !== dm2NotificationVersion ||
    (notification.extension !== undefined && notification.extension.length > 0) ||
    !absoluteUrl.test(notification.url)
  ) {
    return undefined;
  }
  return { kind: "dm2-notification", notification };
}

// seed 004 §5.3: version 0000010100 = 20 ("2.0").
const dm2NotificationVersion = 20;
const absoluteUrl = /^[a-z][a-z0-9+.-]*:\/\/[\x21-\x7e]+$/i;

function quietly<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof DecodeError) return undefined;
    throw e;
  }
}

function secondLineStart(bytes: Uint8Array): number | undefined {
  let i = bytes.indexOf(0x0a);
  while (i !== -1 && i + 1 < bytes.length) {
    let j = i + 1;
    while (j < bytes.length && (bytes[j] === 0x20 || bytes[j] === 0x09 || bytes[j] === 0x0d)) j++;
    if (j < bytes.length && bytes[j] !== 0x0a) return j;
    i = j < bytes.length ? j : -1;
  }
  return undefined;
}

function startsWith(bytes: Uint8Array, at: number, ascii: string): boolean {
  if (at + ascii.length > bytes.length) return false;
  for (let k = 0; k < ascii.length; k++) if (bytes[at + k] !== ascii.charCodeAt(k)) return false;
  return true;
}
