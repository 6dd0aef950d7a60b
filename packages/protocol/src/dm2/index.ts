// Filled in by the dm2 work; re-exported from ../index.ts.
export {};
