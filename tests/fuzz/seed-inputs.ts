/**
 * Seeds for mutation: every file of ../shared/fixtures (classified by kind), the generated
 * corpus (fixtures/generated), and, when the encoders exist, WBXML spellings of the corpus and a
 * pool of structure-aware inputs made once per run from the run seed.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeCp, decodeSyncML, encodeCp, encodeSyncML } from "@omadm/protocol";
import type { FuzzTarget, SeedKind } from "./fuzz-targets.js";
import { Prng } from "./prng.js";

export const sharedFixturesDir = fileURLToPath(new URL("../../../shared/fixtures/", import.meta.url));
export const generatedDir = fileURLToPath(new URL("../../fixtures/generated/", import.meta.url));

export type Seeds = ReadonlyMap<SeedKind, readonly Uint8Array[]>;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** The kinds a fixture file seeds, from its folder and extension (fixtures/README.md). */
function kindsOf(path: string): SeedKind[] {
  if (/README\.md$|SHA256SUMS$|\.hex$/.test(path)) return [];
  if (path.endsWith(".wbxml")) return path.includes("dmt_data") ? ["wbxml", "tnds"] : ["wbxml"];
  if (/dmt_data\/.*\.xml$|\.ddf$|DmTree\.xml$/.test(path)) return ["tnds", "xml"];
  if (path.includes("/prov/")) return ["cp", "xml"];
  if (path.endsWith(".xml")) return ["xml"];
  if (/\.(dat|bmdf)$/.test(path)) return ["binary"];
  return ["text"];
}

const encoder = new TextEncoder();

/** Hand-made seeds for formats no fixture file has (JSON, HTTP header values, binary pushes). */
const builtInSeeds: readonly [SeedKind, string | number[]][] = [
  ["json", '{"MO":[{"MOID":"urn:oma:mo:oma-dm-devinfo:1.0","Paths":["./DevInfo"]}],"TNDS20":[]}'],
  [
    "json",
    '{"TNDS20":[{"MOID":"urn:oma:mo:oma-dm-devdetail:1.0","Path":"./DevDetail","FwV":"1.0","URI":{"MaxDepth":"8"}}]}',
  ],
  ["json", '[1,-2.5e10,"\\u00e9\\ud83d\\ude80",true,false,null,{"a":{"b":[[]]}}]'],
  ["text", 'algorithm=MD5, username="user", mac=Zz6EivR3yeaaENcRN6lpAQ=='],
  ["text", 'ALGORITHM=md5,USERNAME=u,MAC="x\\"y"'],
  ["text", "dXNlcjpwYXNz"],
  ["text", "GET ./DevInfo/DevId\nEXEC ./FwUpdate/Pkg1/Update\nSTATUS 200\nEND\n"],
  // [TR-NOT appendix] a WSP push header carrying a Package 0 (fact sheet §5.4 shape).
  ["binary", [0x01, 0x06, 0x03, 0xc4, 0xaf, 0x87, 0x00]],
  // WDP over SMS: a UDH with the 16-bit port IE (0x05) to port 2948.
  ["binary", [0x06, 0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0, 0x00]],
  [
    "binary",
    Array.from({ length: 24 }, (_, i) => (i < 16 ? i * 7 : [0x02, 0xc8, 0, 0, 0, 0x12, 0x34, 1][i - 16]!)),
  ],
];

/** Loads the file seeds and builds the structure-aware pool deterministically from `seed`. */
export function loadSeeds(targets: readonly FuzzTarget[], seed: number): Seeds {
  const seeds = new Map<SeedKind, Uint8Array[]>();
  const add = (kind: SeedKind, bytes: Uint8Array) => {
    const list = seeds.get(kind) ?? [];
    list.push(bytes);
    seeds.set(kind, list);
  };
  for (const path of walk(sharedFixturesDir)) {
    const kinds = kindsOf(path);
    if (kinds.length === 0) continue;
    const bytes = new Uint8Array(readFileSync(path));
    for (const k of kinds) add(k, bytes);
    if (path.includes("/prov/")) {
      // CP documents: their WBXML spelling too (a CP push carries WBXML).
      try {
        add("cp", encodeCp(decodeCp(bytes), { encoding: "wbxml" }));
      } catch {
        // A CP fixture our codec refuses still seeds the XML kind.
      }
    }
  }
  let generated: string[] = [];
  try {
    generated = readdirSync(generatedDir).filter((f) => f.endsWith(".xml"));
  } catch {
    // The corpus has not been generated yet; the fixtures and the pool still seed every kind.
  }
  for (const f of generated) {
    const xml = new Uint8Array(readFileSync(join(generatedDir, f)));
    add("xml", xml);
    try {
      const model = decodeSyncML(xml);
      for (const stringTable of [true, false])
        add("wbxml", encodeSyncML(model, { encoding: "wbxml", stringTable }));
    } catch {
      // A corpus file the current codec cannot round-trip still seeds the XML kind.
    }
  }
  for (const [kind, v] of builtInSeeds)
    add(kind, typeof v === "string" ? encoder.encode(v) : Uint8Array.from(v));
  // The structure-aware pool: a few hundred valid inputs per target, the same in every worker.
  const rng = new Prng(seed, 0x5eed);
  for (const t of targets) {
    if (t.generate === undefined) continue;
    for (let i = 0; i < 100; i++) {
      try {
        const b = t.generate(rng);
        for (const k of t.seedKinds) add(k, b);
      } catch {
        // An encoder refusing a random model is not a decoder finding; skip it.
      }
    }
  }
  return seeds;
}
