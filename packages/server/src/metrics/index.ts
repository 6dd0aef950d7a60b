// Filled in by the metrics work; re-exported from ../index.ts.
export {};
