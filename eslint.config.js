// Typed linting for the whole workspace. The dependency direction rules keep the layers
// of ARCHITECTURE.md: protocol imports no other @omadm package; cli may import everything.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "coverage/**", "bench/results/**", "**/*.js", "**/*.cjs"] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ["./tsconfig.lint.json"], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        { selector: "TSEnumDeclaration", message: "Use an `as const` table." },
      ],
    },
  },
  {
    files: ["packages/protocol/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@omadm/*"], message: "@omadm/protocol depends on no other omadm package." },
            {
              group: ["node:fs", "node:net", "node:http", "node:https", "node:dgram", "fs", "net", "http"],
              message: "@omadm/protocol does no I/O.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["packages/tree/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@omadm/*", "!@omadm/protocol"],
              message: "@omadm/tree depends only on @omadm/protocol.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["packages/client/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@omadm/*", "!@omadm/protocol", "!@omadm/tree"],
              message:
                "@omadm/client depends only on @omadm/tree and @omadm/protocol; it meets the server on the wire.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["packages/server/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@omadm/*", "!@omadm/protocol"],
              message:
                "@omadm/server depends only on @omadm/protocol; it meets the client on the wire and owns the Store interface.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["packages/store-*/src/**/*.ts", "packages/testing/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@omadm/*",
                "!@omadm/protocol",
                "!@omadm/server",
                "!@omadm/store-sql",
                "!@omadm/testing",
              ],
              message:
                "Stores depend on @omadm/server (the Store interface), @omadm/store-sql and @omadm/protocol only.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.test.ts", "tests/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-restricted-imports": "off",
    },
  },
);
