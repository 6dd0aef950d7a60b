import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Tests, benchmarks and the fuzz runner (vitest and vite-node) run the workspace packages from
// their TypeScript sources, never from a possibly stale dist/.
const packages = fileURLToPath(new URL("./packages/", import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^@omadm\/(protocol|tree|client|server|store-sql|store-sqlite|store-postgres|testing)$/,
        replacement: `${packages}$1/src/index.ts`,
      },
    ],
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "tests/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
  },
});
