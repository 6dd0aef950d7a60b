import type { WspContentType } from "../notification/wsp-content-type.js";
import { encodeWspPush } from "../notification/wsp-push.js";
import {
  codeForSecMethod,
  secMethodForCode,
  secMethods,
  type SecMethod,
} from "../notification/wsp-tables.js";
import { bootstrapMac } from "./bootstrap-mac.js";

/** The two bootstrap profiles: a DM-profile SyncML message, or a CP (w7) provisioning document. */
export type BootstrapProfile = "dm" | "cp";

const dmWbxmlCode = 0x42; // application/vnd.syncml.dm+wbxml
const connectivityWbxmlCode = 0x36; // application/vnd.wap.connectivity-wbxml
const syncmlDmAppId = 0x07;

/**
 * The WSP content type of a bootstrap push: the well-known code (C2 for DM, B6 for CP) with the
 * SEC parameter (short-integer 0x80..0x83) and the MAC parameter (hex text).
 * [TR-SEC §5.1.7.2], [CP-PUSH], fact sheet §8.4
 */
export function bootstrapContentType(profile: BootstrapProfile, sec: SecMethod, mac: string): WspContentType {
  return {
    mediaType:
      profile === "dm" ? "application/vnd.syncml.dm+wbxml" : "application/vnd.wap.connectivity-wbxml",
    code: profile === "dm" ? dmWbxmlCode : connectivityWbxmlCode,
    params: [
      { name: "SEC", value: codeForSecMethod(sec) },
      { name: "MAC", value: mac },
    ],
  };
}

/**
 * A WSP push PDU carrying a bootstrap document with its MAC. The DM profile adds
 * X-Wap-Application-Id 7 (syncml.dm) as DM notifications do (an inference, fact sheet §8.4);
 * CP documents go without one, as the CP push example does.
 */
export function encodeBootstrapPush(push: {
  readonly profile: BootstrapProfile;
  readonly transactionId: number;
  readonly sec: SecMethod;
  readonly key: Uint8Array;
  /** The WBXML document (DM message or CP document), exactly as it is sent. */
  readonly document: Uint8Array;
}): Uint8Array {
  const contentType = bootstrapContentType(push.profile, push.sec, bootstrapMac(push.key, push.document));
  return encodeWspPush({
    transactionId: push.transactionId,
    contentType,
    ...(push.profile === "dm" ? { applicationId: syncmlDmAppId } : {}),
    body: push.document,
  });
}

/**
 * The SEC method and MAC a push content type carries, if any. SEC is matched by code; a SEC
 * value outside 0..3 is reported as undefined (the caller refuses the push).
 */
export function bootstrapSecurityOf(contentType: WspContentType): { sec?: SecMethod; mac?: string } {
  let sec: SecMethod | undefined;
  let mac: string | undefined;
  for (const p of contentType.params ?? []) {
    const name = p.name.toUpperCase();
    if (name === "SEC") {
      if (typeof p.value === "number") sec = secMethodForCode(p.value);
      else if (isSecMethod(p.value)) sec = p.value;
    } else if (name === "MAC" && typeof p.value === "string") mac = p.value;
  }
  return { ...(sec === undefined ? {} : { sec }), ...(mac === undefined ? {} : { mac }) };
}

function isSecMethod(s: string): s is SecMethod {
  return secMethods.some(([, name]) => name === s);
}
