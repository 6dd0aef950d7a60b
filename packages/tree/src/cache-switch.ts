/**
 * Test-only switch for the tree's read caches: the URI memo (uri-cache.ts), the per-node access
 * facts (TreeCore.refreshAccess) and the measured Size (TreeNode.valueSize). With `enabled`
 * false every read computes from scratch and nothing is remembered, so tests can compare both
 * paths on the same tree. Never changed outside tests. Internal: not exported from the package.
 */
export const cacheSwitch = { enabled: true };
