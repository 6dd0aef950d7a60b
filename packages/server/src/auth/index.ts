export { authenticateDevice, chalFor, chalTypes, headerValue } from "./authenticate-device.js";
export type {
  AuthenticateInput,
  AuthRefusal,
  AuthVerdict,
  DeviceCredentials,
} from "./authenticate-device.js";
export { clientAuthOf, serverAuthOf } from "./device-secrets.js";
export { issueNonce, nonceIssuedAt } from "./issued-nonce.js";
export { readServerAuthAnswer, serverCred, serverHmacHeader } from "./server-credentials.js";
export type { ServerAuthAnswer } from "./server-credentials.js";
