/**
 * Interoperability with libwbxml (Debian libwbxml2-utils: wbxml2xml, xml2wbxml), the WBXML
 * implementation most OMA DM stacks were tested against. Over every corpus message:
 *  (a) our WBXML (versions 1.2 and 1.3, string table on and off), turned into XML by wbxml2xml,
 *      decodes to the same model as the source XML;
 *  (b) libwbxml's WBXML of the source XML (xml2wbxml -v 1.2 / -v 1.3, with and without -n, and
 *      with -k where whitespace around Data text matters) decodes to the same model as our
 *      decode of the source XML, up to the normalisations of libwbxml-normalisations.ts;
 *  (c) each WBXML fixture decodes to the same model as libwbxml's XML of it.
 * The tools are required: when they are missing these tests fail (CI installs them).
 */
import { afterAll, describe, expect, it } from "vitest";
import { decodeSyncML, encodeSyncML } from "@omadm/protocol";
import type { SyncMLMessage } from "@omadm/protocol";
import { comparable } from "../support/syncml-arbitraries.js";
import { loadDmCorpus, type CorpusFile } from "../corpus/dm-corpus.js";
import { cleanUpLibwbxmlFiles, libwbxmlToolsPresent, wbxml2xml, xml2wbxml } from "./libwbxml-tools.js";
import {
  dataTrimmed,
  embeddedTypeAsXml,
  hasSignificantDataWhitespace,
  opaqueAddReplaceDataAsText,
} from "./libwbxml-normalisations.js";

afterAll(cleanUpLibwbxmlFiles);

const toolsPresent = libwbxmlToolsPresent();

interface Case {
  readonly file: CorpusFile;
  /** The XML the models are compared against: the file itself, or wbxml2xml of a WBXML fixture. */
  readonly sourceXml?: Uint8Array;
  readonly source?: SyncMLMessage;
  readonly keepWhitespace: boolean;
  readonly error?: unknown;
}

function prepare(file: CorpusFile): Case {
  try {
    const sourceXml = file.encoding === "xml" ? file.bytes : wbxml2xml(file.bytes);
    const source = comparable(decodeSyncML(sourceXml));
    return { file, sourceXml, source, keepWhitespace: hasSignificantDataWhitespace(source) };
  } catch (error) {
    return { file, keepWhitespace: false, error };
  }
}

const cases = toolsPresent ? loadDmCorpus().map(prepare) : [];

const ourVariants = [2, 3].flatMap((version) =>
  [true, false].map((stringTable) => ({ version: version as 2 | 3, stringTable })),
);

function libwbxmlVariants(c: Case): string[][] {
  const base = ["1.2", "1.3"].flatMap((v) => [
    ["-v", v],
    ["-v", v, "-n"],
  ]);
  return c.keepWhitespace ? [...base, ...base.map((f) => [...f, "-k"])] : base;
}

const comparisons = cases.reduce(
  (n, c) => n + ourVariants.length + libwbxmlVariants(c).length + (c.file.encoding === "wbxml" ? 1 : 0),
  0,
);

function decoded(bytes: Uint8Array): SyncMLMessage {
  return comparable(decodeSyncML(bytes));
}

function source(c: Case): { xml: Uint8Array; model: SyncMLMessage } {
  if (c.error !== undefined || c.sourceXml === undefined || c.source === undefined) {
    throw new Error(`${c.file.name} could not be prepared: ${String(c.error)}`);
  }
  return { xml: c.sourceXml, model: c.source };
}

describe(`libwbxml interop over ${cases.length} DM messages, ${comparisons} comparisons`, () => {
  it("has libwbxml's wbxml2xml and xml2wbxml (Debian libwbxml2-utils) installed", () => {
    expect(toolsPresent, "install libwbxml2-utils: apt-get install libwbxml2-utils").toBe(true);
  });

  it(`covers at least 30 messages (${cases.length}: ${cases.filter((c) => c.file.origin === "shared").length} shared fixtures, ${cases.filter((c) => c.file.origin === "generated").length} generated)`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of cases) {
    const name = c.file.name;

    it(`${name}: our WBXML 1.2 and 1.3, string table on and off, reads back through wbxml2xml (${ourVariants.length} comparisons)`, () => {
      const { model } = source(c);
      for (const v of ourVariants) {
        const wbxml = encodeSyncML(model, {
          encoding: "wbxml",
          wbxmlVersion: v.version,
          stringTable: v.stringTable,
        });
        const back = decoded(wbxml2xml(wbxml));
        expect(back, `WBXML 1.${v.version}, string table ${v.stringTable ? "on" : "off"}`).toEqual(model);
      }
    });

    const variants = libwbxmlVariants(c);
    it(`${name}: libwbxml's WBXML (xml2wbxml ${variants.map((f) => f.join(" ")).join(" | ")}) decodes to our model of the source (${variants.length} comparisons)`, () => {
      const { xml, model } = source(c);
      for (const flags of variants) {
        const keep = flags.includes("-k");
        const ours = opaqueAddReplaceDataAsText(embeddedTypeAsXml(decoded(xml2wbxml(xml, flags))));
        const expected = keep ? model : dataTrimmed(model);
        expect(keep ? ours : dataTrimmed(ours), `xml2wbxml ${flags.join(" ")}`).toEqual(expected);
      }
    });

    if (c.file.encoding === "wbxml") {
      it(`${name}: the WBXML fixture decodes to the same model as libwbxml's XML of it (1 comparison)`, () => {
        expect(decoded(c.file.bytes)).toEqual(source(c).model);
      });
    }
  }
});
