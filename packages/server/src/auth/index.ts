// Filled in by the auth work; re-exported from ../index.ts.
export {};
