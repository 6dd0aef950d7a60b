/**
 * Summarises a V8 .cpuprofile: self time per function (with file:line), highest first, then
 * the hottest source lines of the top functions (V8 records ticks per line).
 *   npx vite-node bench/codec/cpuprofile-summary.ts <file.cpuprofile> [top]
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
  readonly positionTicks?: readonly { readonly line: number; readonly ticks: number }[];
}

const [file, topArg = "25"] = process.argv.slice(2);
if (file === undefined) {
  console.error("usage: cpuprofile-summary.ts <file.cpuprofile> [top]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: ProfileNode[] };
const self = new Map<string, number>();
const lines = new Map<string, number>();
let total = 0;
for (const n of profile.nodes) {
  const hits = n.hitCount ?? 0;
  total += hits;
  const url = n.callFrame.url.replace(/^.*\/(packages|node_modules|bench|tests)\//, "$1/");
  const key = `${n.callFrame.functionName || "(anonymous)"}  ${url}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + hits);
  if (!url.startsWith("packages/")) continue;
  for (const t of n.positionTicks ?? []) {
    const at = `${url}:${t.line}  (${n.callFrame.functionName || "(anonymous)"})`;
    lines.set(at, (lines.get(at) ?? 0) + t.ticks);
  }
}
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg));
for (const [key, hits] of rows) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
console.log("\nhottest lines in packages/:");
for (const [at, ticks] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg))) {
  console.log(`${((ticks / total) * 100).toFixed(1).padStart(5)}%  ${at}`);
}
