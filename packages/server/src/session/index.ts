// Filled in by the session work; re-exported from ../index.ts.
export {};
