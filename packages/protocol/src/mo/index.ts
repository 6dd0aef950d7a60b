// Filled in by the mo work; re-exported from ../index.ts.
export {};
