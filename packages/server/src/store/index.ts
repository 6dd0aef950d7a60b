// The domain types and the Store interface (store-api.ts); backends live in @omadm/store-sqlite
// and @omadm/store-postgres.
export * from "./store-api.js";
export { hashApiToken } from "./hash-api-token.js";
