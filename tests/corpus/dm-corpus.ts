/**
 * The DM message corpus shared by the libwbxml interop test and the codec benchmark: the
 * well-formed SyncML DM messages of ../shared/fixtures (fixtures/README.md says which are WF)
 * and every file of fixtures/generated.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface CorpusFile {
  /** Path relative to the fixtures root it came from, e.g. "cyanogenmod-oma-dm/dm12/testget.wbxml". */
  readonly name: string;
  readonly origin: "shared" | "generated";
  readonly encoding: "xml" | "wbxml";
  readonly bytes: Uint8Array;
}

export const sharedFixturesRoot = fileURLToPath(new URL("../../../shared/fixtures/", import.meta.url));
export const generatedRoot = fileURLToPath(new URL("../../fixtures/generated/", import.meta.url));

/**
 * The shared fixtures that are complete, well-formed DM messages. Left out on purpose: the dm12
 * alert tests with a raw `&` (not WF), syncml_with_ddf-001.xml (a DS 1.2 message with Sync),
 * the fleet fragments (no SyncML envelope, unbound prefixes) and the tree/DDF/CP documents.
 */
export const sharedDmMessages = [
  "cyanogenmod-oma-dm/dm12/testalertconfirmatomic.xml",
  "cyanogenmod-oma-dm/dm12/testalertdisplay.xml",
  "cyanogenmod-oma-dm/dm12/testexecscript.xml",
  "cyanogenmod-oma-dm/dm12/testexecscript2.xml",
  "cyanogenmod-oma-dm/dm12/testgetscript.xml",
  "cyanogenmod-oma-dm/dm12/testnewdatatype.xml",
  "libwbxml/syncml/syncml-012.xml",
  "cyanogenmod-oma-dm/dm12/testadd.wbxml",
  "cyanogenmod-oma-dm/dm12/testdelete.wbxml",
  "cyanogenmod-oma-dm/dm12/testget.wbxml",
  "cyanogenmod-oma-dm/dm12/testreplace.wbxml",
] as const;

/** Every corpus message, shared fixtures first, then the generated files in name order. */
export function loadDmCorpus(): CorpusFile[] {
  const out: CorpusFile[] = sharedDmMessages.map((name) => ({
    name,
    origin: "shared",
    encoding: name.endsWith(".wbxml") ? "wbxml" : "xml",
    bytes: new Uint8Array(readFileSync(sharedFixturesRoot + name)),
  }));
  for (const f of readdirSync(generatedRoot).sort()) {
    if (!f.endsWith(".xml")) continue;
    out.push({
      name: f,
      origin: "generated",
      encoding: "xml",
      bytes: new Uint8Array(readFileSync(generatedRoot + f)),
    });
  }
  return out;
}
