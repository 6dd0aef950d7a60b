import type { ClientAuth, NewDevice, Store } from "@omadm/server";
import { expect } from "vitest";
import type { FakeClock } from "./fake-clock.js";

/** A store opened for one test. */
export interface OpenedStore {
  readonly store: Store;
  /** Closes every store it opened (close is idempotent) and removes the data. */
  cleanup(): Promise<void>;
  /** Opens the same data again (after `store.close()`): persistence. */
  reopen?(): Promise<Store>;
  /** Opens a second store on the same data at the same time, as a second server process would. */
  peer?(): Promise<Store>;
}

/** How the contract opens a fresh, empty store with the clock it gives. */
export type OpenStore = (options: { readonly clock: FakeClock["now"] }) => Promise<OpenedStore>;

/** What a backend can do beyond the basics; the tests that need a feature run only with it. */
export interface StoreFeatures {
  /** Data survives close and reopen (a file, a server database). */
  readonly persistent?: boolean;
  /** Several stores (processes) may share the data at once. */
  readonly shared?: boolean;
}

export interface ContractContext {
  readonly store: Store;
  readonly clock: FakeClock;
  readonly opened: OpenedStore;
}

export type Ctx = () => ContractContext;

export const md5Auth: ClientAuth = { scheme: "md5", username: "dev", secretHash: "Zm9vYmFy" };

export function newDevice(id: string, extra: Partial<NewDevice> = {}): NewDevice {
  return { id, clientAuth: md5Auth, ...extra };
}

/** Expects `promise` to reject with an OmaDmError of this code. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

/** True when no own property of the value is `undefined` (absent fields are absent). */
export function hasNoUndefined(value: object): boolean {
  return Object.values(value).every((v) => v !== undefined);
}
