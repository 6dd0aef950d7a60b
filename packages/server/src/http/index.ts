// Filled in by the http work; re-exported from ../index.ts.
export {};
