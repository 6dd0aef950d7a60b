export {
  aauthLevels,
  aauthTypeForScheme,
  aauthTypes,
  authSchemes,
  isAAuthType,
  schemeForAAuthType,
} from "./auth-schemes.js";
export type { AAuthLevel, AAuthType, AuthScheme } from "./auth-schemes.js";
export { basicCredential, parseBasicCredential, verifyBasicCredential } from "./basic-credential.js";
export { md5Credential, md5CredentialFromHash, verifyMd5Credential } from "./md5-credential.js";
export { userPassHash, userPassHashOf } from "./user-secret.js";
export type { UserSecret } from "./user-secret.js";
export { hmacMac, hmacMacFromHash, verifyHmac } from "./hmac.js";
export { formatHmacHeader, hmacAlgorithms, parseHmacHeader } from "./hmac-header.js";
export type { HmacAlgorithm, HmacHeader } from "./hmac-header.js";
export { decodeNonce, encodeNonce, newNonce } from "./nonce.js";
export type { RandomBytes } from "./nonce.js";
