// Filled in by the api work; re-exported from ../index.ts.
export {};
