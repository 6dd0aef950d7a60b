/**
 * @omadm/testing (private): test support shared by omadm packages. The Store contract suite
 * (store-contract.ts) and a fake clock.
 */
export { runStoreContract } from "./store-contract.js";
export type { OpenStore, OpenedStore, StoreFeatures } from "./contract-context.js";
export { fakeClock } from "./fake-clock.js";
export type { FakeClock } from "./fake-clock.js";
