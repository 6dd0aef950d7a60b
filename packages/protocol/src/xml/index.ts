// Filled in by the xml work; re-exported from ../index.ts.
export {};
