// The sans-I/O DM 1.2 client session engine; re-exported from ../index.ts.
export type {
  AlertQueue,
  HeadlessUiPolicy,
  IncomingMessage,
  OutgoingMessage,
  PendingAlert,
  SessionConfig,
  SessionLogger,
  SessionOutcome,
  SessionStep,
  SessionTrigger,
  UiAlertOptions,
  UiChoicePrompt,
  UiEchoType,
  UiInputType,
  UiPrompt,
  UiReply,
  UiResponse,
  UserInterface,
} from "./session-api.js";
export { sessionOutcomes, uiEchoTypes, uiInputTypes } from "./session-api.js";
export { ClientSession } from "./client-session.js";
export { headlessUi } from "./headless-ui.js";
export { memoryAlertQueue } from "./memory-alert-queue.js";
export { choiceIndexes, parseUiOptions } from "./ui-options.js";
export { sessionDefaults, supportedCommands, supportsLargeObjects } from "./session-defaults.js";
