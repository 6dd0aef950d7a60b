// Filled in by the bootstrap work; re-exported from ../index.ts.
export {};
