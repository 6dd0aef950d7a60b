// Filled in by the notification work; re-exported from ../index.ts.
export {};
