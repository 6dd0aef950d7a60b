/**
 * @omadm/tree: the OMA DM management tree. Start with tree-api.ts (the types every caller uses),
 * then management-tree.ts (the operations) and the *-command.ts file of the command you care about.
 */
export * from "./tree-api.js";
export { createTree, ManagementTree } from "./management-tree.js";
export type { AclCommand, AclEntry } from "./acl.js";
export {
  aclCommands,
  aclFor,
  aclGrants,
  aclWithoutServer,
  formatAcl,
  isServerIdToken,
  isValidAcl,
  parseAcl,
  rootDefaultAcl,
} from "./acl.js";
export { formatTStamp, parseTStamp } from "./tstamp.js";
export { isValidValue } from "./leaf-value.js";
export type { ParsedUri, UriLimits, UriQuery } from "./parse-uri.js";
export { parseUri } from "./parse-uri.js";
export * from "./persistence/index.js";
// Crash-safe tree files (written by the persistence engineer on top of exportState/importState).
export * from "./persistence/index.js";
