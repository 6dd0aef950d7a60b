export * from "./mo-ids.js";
export * from "./alert-types.js";
export * from "./alert-marks.js";
export * from "./meta-defaults.js";
export * from "./devinfo.js";
export * from "./devdetail.js";
export * from "./dmacc.js";
