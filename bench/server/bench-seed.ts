/**
 * Fills a new SQLite store with the benchmark's devices and their queued commands before the
 * server starts on it, as `POST /api/devices` and `POST /api/devices/{id}/commands` would (same
 * secret hashes), only without an HTTP round trip per row.
 */
import { userPassHash } from "@omadm/protocol";
import type { DmCommand } from "@omadm/server";
import { openSqliteStore } from "@omadm/store-sqlite";
import { benchDevice, benchServerId } from "./bench-devices.js";

/** Creates devices first..first+count-1 in the SQLite file `path`, each with `commands(i)` queued. */
export async function seedStore(
  path: string,
  first: number,
  count: number,
  commands: (i: number) => readonly DmCommand[],
): Promise<void> {
  const store = await openSqliteStore({ path, synchronous: "off" });
  try {
    const batch = 250;
    for (let from = first; from < first + count; from += batch) {
      await store.transaction(async (tx) => {
        for (let i = from; i < Math.min(from + batch, first + count); i++) {
          const d = benchDevice(i);
          await tx.devices.create({
            id: d.devId,
            clientAuth: {
              scheme: "md5",
              username: d.clientName,
              secretHash: userPassHash(d.clientName, d.clientSecret),
            },
            serverAuth: {
              scheme: "md5",
              serverId: benchServerId,
              secretHash: userPassHash(benchServerId, d.serverSecret),
            },
          });
          for (const c of commands(i)) await tx.commands.enqueue(d.devId, c);
        }
      });
    }
  } finally {
    await store.close();
  }
}
