export * from "./metric-registry.js";
export * from "./server-metrics.js";
