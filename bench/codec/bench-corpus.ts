/**
 * The benchmark corpus: every DM message of tests/corpus/dm-corpus.ts (the well-formed shared
 * fixtures and fixtures/generated) in both encodings. A message given as XML gets our WBXML
 * spelling (WBXML 1.2, no string table); a WBXML fixture keeps its own bytes and gets our XML
 * spelling. Written to a folder so the libwbxml harness times exactly the same bytes.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { decodeSyncML, encodeSyncML } from "@omadm/protocol";
import { loadDmCorpus } from "../../tests/corpus/dm-corpus.js";

export interface BenchMessage {
  readonly name: string;
  readonly source: string;
  readonly xml: Uint8Array;
  readonly wbxml: Uint8Array;
}

/** Both spellings of every corpus message. */
export function benchMessages(): BenchMessage[] {
  return loadDmCorpus().map((f, i) => {
    const model = decodeSyncML(f.bytes);
    const name = String(i + 1).padStart(3, "0");
    return f.encoding === "xml"
      ? {
          name,
          source: f.name,
          xml: f.bytes,
          wbxml: encodeSyncML(model, { encoding: "wbxml", wbxmlVersion: 2 }),
        }
      : { name, source: f.name, xml: encodeSyncML(model, { encoding: "xml" }), wbxml: f.bytes };
  });
}

/** Writes `<name>.xml`, `<name>.wbxml` and manifest.txt (one name per line) into `dir`. */
export function writeBenchCorpus(dir: string, messages: readonly BenchMessage[]): void {
  mkdirSync(dir, { recursive: true });
  for (const m of messages) {
    writeFileSync(join(dir, `${m.name}.xml`), m.xml);
    writeFileSync(join(dir, `${m.name}.wbxml`), m.wbxml);
  }
  writeFileSync(join(dir, "manifest.txt"), messages.map((m) => m.name).join("\n") + "\n");
  writeFileSync(join(dir, "sources.json"), JSON.stringify(messages.map((m) => [m.name, m.source])));
}

/** Reads a corpus folder written by writeBenchCorpus. */
export function readBenchCorpus(dir: string): BenchMessage[] {
  const sources = new Map(JSON.parse(readFileSync(join(dir, "sources.json"), "utf8")) as [string, string][]);
  return readFileSync(join(dir, "manifest.txt"), "utf8")
    .split("\n")
    .filter((n) => n !== "")
    .map((name) => ({
      name,
      source: sources.get(name) ?? name,
      xml: new Uint8Array(readFileSync(join(dir, `${name}.xml`))),
      wbxml: new Uint8Array(readFileSync(join(dir, `${name}.wbxml`))),
    }));
}
