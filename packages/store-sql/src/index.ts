export * from "./columns.js";
export * from "./device-rows.js";
export * from "./command-rows.js";
export * from "./session-rows.js";
export * from "./log-rows.js";
