// The docs users read must stay true to the code: every error code is documented, and every file
// the spec map points at exists.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { errorCodes } from "@omadm/protocol";

const root = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(root + path, "utf8");

describe("docs/errors.md", () => {
  const doc = read("docs/errors.md");
  it.each([...errorCodes])("documents %s", (code) => {
    expect(doc).toMatch(new RegExp("^\\| `" + code + "` \\|", "m"));
  });

  it("documents no code the code does not have", () => {
    const documented = [...doc.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.filter((c) => !(errorCodes as readonly string[]).includes(c ?? ""))).toEqual([]);
  });
});

describe("docs/spec-map.md", () => {
  const doc = read("docs/spec-map.md");
  const paths = [
    ...new Set([...doc.matchAll(/`((?:packages|tests|bench)\/[^`\s]+)`/g)].map((m) => m[1] ?? "")),
  ];

  it("points at files", () => {
    expect(paths.length).toBeGreaterThan(20);
  });

  it.each(paths)("points at %s, which exists", (path) => {
    expect(existsSync(root + path)).toBe(true);
  });
});
