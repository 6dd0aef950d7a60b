/**
 * Runs Debian's libwbxml command-line converters (package libwbxml2-utils) on bytes, through
 * temporary files (the tools read and write files; "-" for stdin is unreliable for binary).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "omadm-libwbxml-"));
let seq = 0;

/** Removes the temporary folder; call once when done. */
export function cleanUpLibwbxmlFiles(): void {
  rmSync(dir, { recursive: true, force: true });
}

function run(tool: "wbxml2xml" | "xml2wbxml", flags: readonly string[], input: Uint8Array): Uint8Array {
  const n = seq++;
  const inFile = join(dir, `in-${n}`);
  const outFile = join(dir, `out-${n}`);
  writeFileSync(inFile, input);
  const r = spawnSync(tool, [...flags, "-o", outFile, inFile], { encoding: "utf8" });
  try {
    if (r.error !== undefined) throw new Error(`${tool} could not run: ${r.error.message}`);
    if (r.status !== 0)
      throw new Error(`${tool} ${flags.join(" ")} failed (${r.status}): ${r.stderr}${r.stdout}`);
    return new Uint8Array(readFileSync(outFile));
  } finally {
    rmSync(inFile, { force: true });
    rmSync(outFile, { force: true });
  }
}

/**
 * libwbxml's WBXML -> XML, by default with `-m 0` (compact: no indentation added) and `-k`
 * (text kept as is; without it the tool trims leading and trailing whitespace of text).
 */
export function wbxml2xml(wbxml: Uint8Array, flags: readonly string[] = ["-m", "0", "-k"]): Uint8Array {
  return run("wbxml2xml", flags, wbxml);
}

/** libwbxml's XML -> WBXML, e.g. flags ["-v", "1.3", "-n"]. */
export function xml2wbxml(xml: Uint8Array, flags: readonly string[]): Uint8Array {
  return run("xml2wbxml", flags, xml);
}

/** True when both tools can be started (run without arguments they print their usage). */
export function libwbxmlToolsPresent(): boolean {
  for (const tool of ["wbxml2xml", "xml2wbxml"]) {
    const r = spawnSync(tool, [], { encoding: "utf8" });
    if (r.error !== undefined) return false;
  }
  return true;
}
