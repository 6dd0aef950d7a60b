// A device's persisted state; re-exported from ../index.ts.
export type { Device, DevicePaths, OpenDeviceOptions } from "./device-api.js";
export { devicePaths, openDevice } from "./open-device.js";
export type { AlertQueueOptions, PersistedAlertQueue } from "./persisted-alert-queue.js";
export { openAlertQueue } from "./persisted-alert-queue.js";
export type { AlertFileState } from "./alert-file-format.js";
export { alertFileFormat, decodeAlertFile, encodeAlertFile } from "./alert-file-format.js";
