import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runStoreContract } from "@omadm/testing";
import { openSqliteStore } from "./sqlite-store.js";

// The contract against a real file (persistence included) and against ":memory:".
runStoreContract(
  "SQLite store on a file",
  async ({ clock }) => {
    const dir = mkdtempSync(join(tmpdir(), "omadm-sqlite-"));
    const path = join(dir, "data", "omadm.db");
    const opened = [await openSqliteStore({ path, clock })];
    return {
      store: opened[0]!,
      async reopen() {
        const store = await openSqliteStore({ path, clock });
        opened.push(store);
        return store;
      },
      async cleanup() {
        for (const store of opened) await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  { persistent: true },
);

runStoreContract("SQLite store in memory", async ({ clock }) => {
  const store = await openSqliteStore({ path: ":memory:", clock });
  return { store, cleanup: () => store.close() };
});
