import { wapPushPort } from "./sms-segment.js";
import type { WspPush } from "./wsp-push.js";
import { codeForApplicationId, codeForContentType } from "./wsp-tables.js";

/**
 * Where an intake hands a WAP push: a DM notification (Package 0), a DM-profile bootstrap
 * message, a CP (connectivity) document, or elsewhere.
 */
export type PushRoute = "dm-notification" | "dm-bootstrap" | "cp-bootstrap" | "other";

const syncmlDmApp = 0x07;
const notification = 0x44;
const dmWbxml = 0x42;
const dmXml = 0x43;
const connectivityXml = 0x35;
const connectivityWbxml = 0x36;

/**
 * Routes a push received on WDP port `destinationPort`. [TR-NOT §6.3] even a non-WAP device
 * checks port 2948, X-Wap-Application-Id syncml.dm (7, or its URI text) and the content type
 * (as the code or as text, since Kannel sends text) before handing a push to the DM client.
 * CP documents go by content type alone, since they are pushed without a DM application id.
 */
export function routePush(destinationPort: number, push: WspPush): PushRoute {
  if (destinationPort !== wapPushPort) return "other";
  const type = push.contentType.code ?? codeForContentType(push.contentType.mediaType ?? "");
  if (type === connectivityWbxml || type === connectivityXml) return "cp-bootstrap";
  const app =
    typeof push.applicationId === "string" ? codeForApplicationId(push.applicationId) : push.applicationId;
  if (app !== syncmlDmApp) return "other";
  if (type === notification) return "dm-notification";
  if (type === dmWbxml || type === dmXml) return "dm-bootstrap";
  return "other";
}
