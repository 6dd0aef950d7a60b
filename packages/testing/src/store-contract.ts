import { afterEach, beforeEach, describe } from "vitest";
import { commandContract } from "./contract-commands.js";
import type { ContractContext, OpenStore, StoreFeatures } from "./contract-context.js";
import { deviceContract } from "./contract-devices.js";
import { lifecycleContract, transactionContract } from "./contract-lifecycle.js";
import { apiTokenContract, eventContract, notificationContract } from "./contract-logs.js";
import { sessionContract } from "./contract-sessions.js";
import { sharedContract } from "./contract-shared.js";
import { fakeClock } from "./fake-clock.js";

/**
 * The Store contract: every backend runs it (`runStoreContract("sqlite file", open, {...})` in
 * its test file). Each test opens a fresh, empty store with a fake clock and cleans it up after.
 * `features` adds the tests a backend can take: persistence (close and reopen) and sharing (a
 * second store on the same data at once).
 */
export function runStoreContract(name: string, open: OpenStore, features: StoreFeatures = {}): void {
  describe(name, () => {
    let current: ContractContext | undefined;

    beforeEach(async () => {
      const clock = fakeClock();
      const opened = await open({ clock: clock.now });
      current = { store: opened.store, clock, opened };
    });

    afterEach(async () => {
      const opened = current?.opened;
      current = undefined;
      await opened?.cleanup();
    });

    const ctx = (): ContractContext => {
      if (current === undefined) throw new Error("the store contract runs only inside its tests");
      return current;
    };

    deviceContract(ctx);
    commandContract(ctx);
    sessionContract(ctx);
    eventContract(ctx);
    notificationContract(ctx);
    apiTokenContract(ctx);
    transactionContract(ctx);
    lifecycleContract(ctx, features);
    if (features.shared === true) sharedContract(ctx);
  });
}
