// Filled in by the tnds work; re-exported from ../index.ts.
export {};
