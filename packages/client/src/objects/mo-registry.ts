/**
 * Where MOs dropped into ./Inbox go, by MO identifier. [TR-STD §7.1.3.4] The tree asks
 * `placement(moid, name)` when a server (or a bootstrap) adds an MO into the Inbox; the answer is
 * the interior node under which the instance is created.
 */
import type { MoRegistry } from "@omadm/tree";
import { moId, moIdAliases, moIdentifierEntry } from "@omadm/protocol";

/** An MoRegistry that MO code can extend at run time (the tree keeps a reference to it). */
export interface DeviceMoRegistry extends MoRegistry {
  /** Places instances of `moid` under `parentUri` (e.g. `./DMAcc`). A later call replaces an earlier one. */
  register(moid: string, parentUri: string): void;
  /** The parent URI registered for `moid` (or for the MO an alias stands for). */
  parentOf(moid: string): string | undefined;
  /** The registered MOIDs, in registration order. */
  moids(): string[];
}

/** The placements every device starts with: DM 1.2 accounts (and their w7 DDFName) under ./DMAcc. */
export const standardPlacements = [
  [moId.dmAcc, "./DMAcc"],
  ["org.openmobilealliance/1.0/w7", "./DMAcc"],
] as const;

/**
 * A registry by MOID. Lookups trim the Type and follow the aliases of @omadm/protocol
 * (`moIdAliases`: w7 -> dmacc), so either spelling of an MO finds its place.
 */
export function moRegistry(
  placements: readonly (readonly [string, string])[] = standardPlacements,
): DeviceMoRegistry {
  const parents = new Map<string, string>();
  const parentOf = (moid: string): string | undefined => {
    const t = moid.trim();
    const direct = parents.get(t);
    if (direct !== undefined) return direct;
    const key = moIdAliases.get(t);
    if (key === undefined) return undefined;
    const canonical = moIdentifierEntry(moId[key])?.moid;
    return canonical === undefined ? undefined : parents.get(canonical);
  };
  const registry: DeviceMoRegistry = {
    register(moid, parentUri) {
      parents.set(moid.trim(), normalizeUri(parentUri));
    },
    parentOf,
    moids: () => [...parents.keys()],
    placement: (moid) => parentOf(moid),
  };
  for (const [moid, parent] of placements) registry.register(moid, parent);
  return registry;
}

// The tree accepts `./A` and `A`; keep one spelling so `parentOf` answers are comparable.
function normalizeUri(uri: string): string {
  if (uri === "." || uri.startsWith("./")) return uri;
  return `./${uri}`;
}
