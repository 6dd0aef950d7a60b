export { initiators, uiModes } from "./notification-fields.js";
export type { Initiator, UiMode } from "./notification-fields.js";
export {
  decodePackage0,
  encodePackage0,
  isSupportedPackage0Version,
  package0Digest,
  sessionIdHex,
  supportedPackage0Versions,
} from "./package0.js";
export type { Package0, Package0Fields, Package0Secret } from "./package0.js";
export { resyncNonce, verifyPackage0 } from "./package0-verify.js";
export type { Package0NonceMatch } from "./package0-verify.js";
export { decodeDm2Notification, encodeDm2Notification } from "./dm2-notification.js";
export type { Dm2Notification } from "./dm2-notification.js";
export {
  applicationIdForCode,
  codeForApplicationId,
  codeForContentType,
  codeForSecMethod,
  contentTypeForCode,
  pushApplicationIds,
  secMethodForCode,
  secMethods,
  wspContentTypes,
  wspHeaderFields,
  wspParameters,
} from "./wsp-tables.js";
export type { SecMethod, WspHeaderKind } from "./wsp-tables.js";
export type { WspContentType, WspParameter } from "./wsp-content-type.js";
export { decodeWspPush, encodeWspPush, wspPushPduType } from "./wsp-push.js";
export type { WspHeader, WspPush } from "./wsp-push.js";
export { encodeUserDataHeader, parseUserData } from "./sms-user-data.js";
export type { SmsConcat, SmsInformationElement, SmsPorts, UserDataHeader } from "./sms-user-data.js";
export { segmentForSms, smsUserDataBytes, wapPushPort, wspConnectionlessPort } from "./sms-segment.js";
export { addSmsPart, defaultMaxPendingSms, emptySmsReassembly } from "./sms-reassembly.js";
export type { PendingSms, SmsMessage, SmsReassembly } from "./sms-reassembly.js";
export { routePush } from "./push-route.js";
export type { PushRoute } from "./push-route.js";
