export type {
  AutoProvisionPolicy,
  DeviceAuthSchemeName,
  DmEngine,
  DmEngineOptions,
  DmReply,
  DmRequest,
  EngineEvent,
  EngineLogger,
  ProvisionGrant,
  ProvisionRequest,
} from "./session-api.js";
export { sessionTokenParam } from "./session-api.js";
export { createDmEngine } from "./dm-engine.js";
export { newSessionToken, respUriOf, sessionRefOf, sessionTokenOf } from "./session-token.js";
export { correlatorOf, correlatorPrefix } from "./client-alerts.js";
