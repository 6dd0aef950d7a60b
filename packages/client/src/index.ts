/**
 * @omadm/client: the OMA DM 1.2 device side. Start with session/ (the sans-I/O engine), then
 * device/ (a device's persisted state) and dm-client.ts (sessions over a real transport).
 */
export * from "./session/index.js";
export * from "./account/index.js";
export * from "./objects/index.js";
export * from "./device/index.js";
export * from "./bootstrap/index.js";
export * from "./transport/index.js";
export * from "./intake/index.js";
export * from "./dm-client.js";
