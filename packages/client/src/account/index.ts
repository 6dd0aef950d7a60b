// DMAcc accounts over the management tree; re-exported from ../index.ts.
export type { AccountStore, AuthCredential, ServerAccount } from "./account-api.js";
export { accountsOf } from "./accounts-of.js";
export type { AccountRecord } from "./account-reader.js";
export { accountUris, dmAccTypes, dmAccUri, readAccount } from "./account-reader.js";
export type {
  AccountSettings,
  AddAccountOptions,
  AddAccountOutcome,
  CredentialSettings,
  RemovedServer,
} from "./add-account.js";
export { accountAcl, accountNodeName, addAccount, dmAccountOf, removeServer } from "./add-account.js";
