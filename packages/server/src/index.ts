/**
 * @omadm/server: the DM 1.2 server operators run. Start with store/store-api.ts (the domain and the
 * Store interface), session/ (the engine without I/O), then server.ts (the composition root).
 */
export * from "./store/index.js";
export * from "./commands/index.js";
export * from "./session/index.js";
export * from "./auth/index.js";
export * from "./http/index.js";
export * from "./api/index.js";
export * from "./metrics/index.js";
export * from "./logging/index.js";
export * from "./notification/index.js";
export * from "./bootstrap/index.js";
export * from "./server.js";
