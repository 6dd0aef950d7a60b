export { notificationRefusals } from "./intake-api.js";
export type {
  BootstrapPush,
  BootstrapSink,
  IntakeListener,
  IntakeLogger,
  NotificationOutcome,
  NotificationPrompt,
  NotificationRefusal,
  NotificationTrigger,
  NotificationUi,
  SessionRequest,
} from "./intake-api.js";
export { NotificationIntake } from "./notification-intake.js";
export type { NotificationIntakeOptions } from "./notification-intake.js";
export { deliverDatagram, deliverPush, maxPushBytes } from "./push-dispatch.js";
export type { PushDisposition, PushTarget } from "./push-dispatch.js";
export { listenUdp } from "./udp-listener.js";
export { listenHttp } from "./http-listener.js";
export { fakeSmscConnector } from "./fake-smsc-connector.js";
export type { FakeSmscConnector, FakeSmscOptions } from "./fake-smsc-connector.js";
export { parseFakeSmscLine, urlDecodeBytes } from "./fake-smsc-line.js";
export type { FakeSmscLine } from "./fake-smsc-line.js";
