/**
 * Where the server's CPU time goes, from the `.cpuprofile` that `node --cpu-prof` wrote: self time
 * per source folder (the bundle's `// packages/...` module comments map bundle lines back to the
 * TypeScript files) and per function, highest first.
 *
 *   vite-node bench/server/profile-summary.ts PROFILE_DIR_OR_FILE BUNDLE.mjs [top]
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
}

/** The newest .cpuprofile in `path` (or `path` itself). */
function profileFile(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  const files = readdirSync(path)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => join(path, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (files[0] === undefined) throw new Error(`no .cpuprofile in ${path}`);
  return files[0];
}

/** [first line (0-based), source file] of each module in an esbuild bundle, in order. */
function bundleModules(bundle: string): [number, string][] {
  const out: [number, string][] = [];
  readFileSync(bundle, "utf8")
    .split("\n")
    .forEach((l, i) => {
      const m = /^\/\/ ((?:packages|node_modules|bench|tests)\/\S+)$/.exec(l);
      if (m !== null) out.push([i, m[1]!]);
    });
  return out;
}

function moduleAt(modules: readonly [number, string][], line: number): string {
  let lo = 0;
  let hi = modules.length - 1;
  let found = "(bundle)";
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (modules[mid]![0] <= line) {
      found = modules[mid]![1];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The summary as text. */
export function summariseProfile(path: string, bundle: string, top = 25): string {
  const file = profileFile(path);
  const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: ProfileNode[] };
  const modules = bundleModules(bundle);
  const bundleUrl = `file://${bundle}`;
  const perFunction = new Map<string, number>();
  const perFolder = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0) continue;
    total += hits;
    const { functionName, url, lineNumber } = n.callFrame;
    let where: string;
    if (url === bundleUrl) where = moduleAt(modules, lineNumber);
    else if (url === "") where = functionName === "(garbage collector)" ? "(gc)" : "(native/idle)";
    else where = url.replace(/^.*\/node_modules\//, "node_modules/").replace(/^node:/, "node:");
    const folder = where.startsWith("packages/")
      ? where.split("/").slice(0, 4).join("/")
      : where.startsWith("node_modules/")
        ? where.split("/").slice(0, 2).join("/")
        : where.startsWith("node:")
          ? "node: internals"
          : where;
    perFolder.set(folder, (perFolder.get(folder) ?? 0) + hits);
    const key = `${functionName || "(anonymous)"}  ${where}`;
    perFunction.set(key, (perFunction.get(key) ?? 0) + hits);
  }
  const pct = (h: number) => `${((h / total) * 100).toFixed(1).padStart(5)}%`;
  const lines = [`${file}: ${total} samples`, "self time by folder:"];
  for (const [k, h] of [...perFolder].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`${pct(h)}  ${k}`);
  lines.push("self time by function:");
  for (const [k, h] of [...perFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`${pct(h)}  ${k}`);
  return lines.join("\n");
}

if (process.argv[1]?.endsWith("profile-summary.ts") === true) {
  const [path, bundle, top = "25"] = process.argv.slice(2);
  if (path === undefined || bundle === undefined) {
    console.error("usage: profile-summary.ts PROFILE_DIR_OR_FILE BUNDLE.mjs [top]");
    process.exit(2);
  }
  console.log(summariseProfile(path, bundle, Number(top)));
}
