export { createNotificationDispatcher } from "./notification-dispatcher.js";
export type {
  NotificationDispatcher,
  NotificationDispatcherParts,
  NotificationResult,
  NotifyLogger,
  NotifyRequest,
} from "./notification-dispatcher.js";
export {
  applicationIdText,
  contentTypeHeader,
  package0Content,
  package0ContentType,
  syncmlDmApplicationId,
} from "./push-content.js";
export type { PushContent, PushSender, SendOutcome } from "./push-content.js";
export { newNotificationSessionId, package0ForDevice } from "./package0-for-device.js";
export type { DevicePackage0, Package0Request } from "./package0-for-device.js";
export { encodePapRequest, papAddress, papControlDocument } from "./pap-request.js";
export type { PapPush, PapRequest } from "./pap-request.js";
export { papOutcome, parsePapResponse } from "./pap-response.js";
export type { PapResponse } from "./pap-response.js";
export { papSender } from "./pap-sender.js";
export type { PapSenderOptions } from "./pap-sender.js";
export { kannelSmsSender } from "./kannel-sms-sender.js";
export type { KannelSmsSenderOptions } from "./kannel-sms-sender.js";
export { httpSender } from "./http-sender.js";
export { parseHostPort, udpSender } from "./udp-sender.js";
export { reserveToken } from "./token-bucket.js";
export type { RateLimit, TokenBucket } from "./token-bucket.js";
export { defaultRetryPolicy, randomFraction, retryDelay } from "./retry-policy.js";
export type { RetryPolicy } from "./retry-policy.js";
