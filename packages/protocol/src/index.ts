/**
 * @omadm/protocol: every OMA DM wire format, without I/O.
 * Start with element.ts (the tree both encodings share), then syncml/model.ts (the typed message).
 */
export * from "./errors.js";
export * from "./limits.js";
export * from "./element.js";
export * from "./xml/index.js";
export * from "./wbxml/index.js";
export * from "./syncml/index.js";
export * from "./tnds/index.js";
export * from "./dm2/index.js";
export * from "./notification/index.js";
export * from "./auth/index.js";
export * from "./bootstrap/index.js";
export * from "./mo/index.js";
export * from "./decode-any.js";
