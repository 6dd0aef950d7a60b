// Standard objects, their DDF, the MO registry and the starter device; re-exported from ../index.ts.
export type { DdfNodeSpec } from "./ddf-builder.js";
export { ddfInterior, ddfLeaf } from "./ddf-builder.js";
export { devDetailDdf, devInfoDdf, dmAccDdf, inboxDdf, standardObjectsDdf } from "./standard-objects-ddf.js";
export type { DeviceMoRegistry } from "./mo-registry.js";
export { moRegistry, standardPlacements } from "./mo-registry.js";
export type { DeviceIdentity, StandardObjectAcls } from "./standard-objects.js";
export { defaultUriLimits, defineStandardObjects, openStandardObjectAcls } from "./standard-objects.js";
export type { DeviceTreeSettings, StarterDeviceOptions } from "./starter-device.js";
export { createStarterDevice, deviceTreeOptions, starterAcls } from "./starter-device.js";
