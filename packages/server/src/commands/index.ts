// Filled in by the commands work; re-exported from ../index.ts.
export {};
