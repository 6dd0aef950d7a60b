// Filled in by the store work; re-exported from ../index.ts.
export {};
