// Filled in by the logging work; re-exported from ../index.ts.
export {};
