// Filled in by the wbxml work; re-exported from ../index.ts.
export {};
