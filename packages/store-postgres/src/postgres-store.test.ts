import { randomBytes } from "node:crypto";
import { runStoreContract } from "@omadm/testing";
import type { Store } from "@omadm/server";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openPostgresStore } from "./postgres-store.js";

// PostgreSQL at 127.0.0.1:5432, database "test", trust auth (user postgres, else root), or
// OMADM_TEST_POSTGRES_URL. Unreachable means every test fails: this suite never skips.
const candidates =
  process.env["OMADM_TEST_POSTGRES_URL"] !== undefined
    ? [process.env["OMADM_TEST_POSTGRES_URL"]]
    : ["postgres://postgres@127.0.0.1:5432/test", "postgres://root@127.0.0.1:5432/test"];

let urlPromise: Promise<string> | undefined;

/** The first candidate URL that connects; the last error when none does. */
function databaseUrl(): Promise<string> {
  urlPromise ??= (async () => {
    let lastError: unknown;
    for (const url of candidates) {
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        await client.end();
        return url;
      } catch (error) {
        lastError = error;
        await client.end().catch(() => undefined);
      }
    }
    throw new Error(`PostgreSQL is not reachable (${candidates.join(", ")})`, { cause: lastError });
  })();
  return urlPromise;
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

const randomSchema = () => `omadm_test_${randomBytes(6).toString("hex")}`;

runStoreContract(
  "PostgreSQL store",
  async ({ clock }) => {
    const url = await databaseUrl();
    const schema = randomSchema();
    const stores: Store[] = [await openPostgresStore({ url, schema, clock, poolSize: 4 })];
    const openAnother = async () => {
      const store = await openPostgresStore({ url, schema, clock, poolSize: 4 });
      stores.push(store);
      return store;
    };
    return {
      store: stores[0]!,
      reopen: openAnother,
      peer: openAnother,
      async cleanup() {
        for (const store of stores) await store.close();
        await dropSchema(url, schema);
      },
    };
  },
  { persistent: true, shared: true },
);

describe("PostgreSQL store schemas and migrations", () => {
  it("refuses a schema name it would have to quote", async () => {
    const url = await databaseUrl();
    for (const schema of ['bad"name', "Upper", "has space", "", "1st"]) {
      await expect(openPostgresStore({ url, schema })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    }
  });

  it("migrates a fresh schema once when several processes start together", async () => {
    const url = await databaseUrl();
    const schema = randomSchema();
    try {
      const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore({ url, schema, poolSize: 2 })));
      await stores[0]!.devices.create({
        id: "A",
        clientAuth: { scheme: "basic", username: "a", secretHash: "h" },
      });
      expect(await stores[2]!.devices.count()).toBe(1);
      for (const store of stores) await store.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${schema}".omadm_migrations`);
      await client.end();
      expect(rows[0]).toEqual({ n: 1 });
    } finally {
      await dropSchema(url, schema);
    }
  });

  it("refuses a schema written by a newer omadm", async () => {
    const url = await databaseUrl();
    const schema = randomSchema();
    try {
      await (await openPostgresStore({ url, schema })).close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(
        `INSERT INTO "${schema}".omadm_migrations (version, name, applied_at) VALUES (999, 'future', 0)`,
      );
      await client.end();
      await expect(openPostgresStore({ url, schema })).rejects.toMatchObject({ code: "STORE_VERSION" });
    } finally {
      await dropSchema(url, schema);
    }
  });

  it("fails to open when the server cannot be reached", async () => {
    await expect(openPostgresStore({ url: "postgres://postgres@127.0.0.1:1/test" })).rejects.toThrow();
  });
});
