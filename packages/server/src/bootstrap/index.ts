export { accountNodeName, bootstrapSecurityMethods, buildBootstrap, newSecret } from "./bootstrap-package.js";
export type {
  BootstrapPackage,
  BootstrapRequest,
  BootstrapSecurity,
  BootstrapSecurityMethod,
  BootstrapServer,
} from "./bootstrap-package.js";
export { createBootstrapService } from "./bootstrap-service.js";
export type { BootstrapPushResult, BootstrapService, BootstrapServiceParts } from "./bootstrap-service.js";
