// Bootstrap intake: factory, DM profile, CP w7, smartcard; re-exported from ../index.ts.
export type {
  BootstrapApplied,
  BootstrapKeys,
  BootstrapOutcome,
  BootstrapRefusal,
  BootstrapRefused,
  BootstrapSecurity,
  BootstrapSkip,
  BootstrapTarget,
  FactoryAccount,
  FactoryProfile,
} from "./bootstrap-api.js";
export { bootstrapRefusals } from "./bootstrap-api.js";
export { applyDmBootstrap, applyDmProfileMessage } from "./dm-profile-bootstrap.js";
export { applyCpBootstrap, applyCpDocument } from "./cp-bootstrap.js";
export { applyFactoryBootstrap } from "./factory-bootstrap.js";
export type { SmartcardOptions } from "./smartcard-bootstrap.js";
export { applySmartcardBootstrap } from "./smartcard-bootstrap.js";
export type { PushedBootstrap } from "./bootstrap-push-intake.js";
export { applyBootstrapPush } from "./bootstrap-push-intake.js";
