import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { childElements, firstChild, isElement, stripOffsets, textOf } from "../element.js";
import type { Element } from "../element.js";
import { DecodeError } from "../errors.js";
import { decodeXml, decodeXmlDocument, decodeXmlFragment } from "./decode-xml.js";
import { encodeXml } from "./encode-xml.js";

const fixture = (path: string): Uint8Array =>
  readFileSync(new URL(`../../../../../shared/fixtures/${path}`, import.meta.url));

function errorOf(run: () => unknown): { code: string; offset: number } {
  try {
    run();
  } catch (e) {
    if (e instanceof DecodeError) return { code: e.code, offset: e.offset };
    throw e;
  }
  throw new Error("expected a DecodeError");
}

/** Every element, depth first. */
function allElements(root: Element): Element[] {
  const out: Element[] = [root];
  for (let k = 0; k < out.length; k++) out.push(...childElements(out[k]!));
  return out;
}

type Outcome = "ok" | { readonly code: string; readonly offset: number };

/**
 * [file, read as, strict outcome, lenient outcome]. Offsets are those of the documented defect
 * (fixtures/README.md): the raw '&' of the CyanogenMod alert options, the '<' of the first
 * `A:` element of the Windows snippets, the second top-level element of install_orbit.xml.
 */
const table: [string, "document" | "fragment", Outcome, Outcome][] = [
  ["cyanogenmod-oma-dm/dm12/testalertconfirm.xml", "document", { code: "XML_MALFORMED", offset: 461 }, "ok"],
  ["cyanogenmod-oma-dm/dm12/testalertconfirmatomic.xml", "document", "ok", "ok"],
  ["cyanogenmod-oma-dm/dm12/testalertdisplay.xml", "document", "ok", "ok"],
  [
    "cyanogenmod-oma-dm/dm12/testalertmultiplechoice.xml",
    "document",
    { code: "XML_MALFORMED", offset: 459 },
    "ok",
  ],
  [
    "cyanogenmod-oma-dm/dm12/testalertsinglechoice.xml",
    "document",
    { code: "XML_MALFORMED", offset: 459 },
    "ok",
  ],
  [
    "cyanogenmod-oma-dm/dm12/testalerttextinput.xml",
    "document",
    { code: "XML_MALFORMED", offset: 459 },
    "ok",
  ],
  ["cyanogenmod-oma-dm/dm12/testexecscript.xml", "document", "ok", "ok"],
  ["cyanogenmod-oma-dm/dm12/testexecscript2.xml", "document", "ok", "ok"],
  ["cyanogenmod-oma-dm/dm12/testgetscript.xml", "document", "ok", "ok"],
  ["cyanogenmod-oma-dm/dm12/testnewdatatype.xml", "document", "ok", "ok"],
  ["cyanogenmod-oma-dm/dmt_data/customization.xml", "document", "ok", "ok"],
  ["cyanogenmod-oma-dm/dmt_data/devdetail_ext.xml", "document", "ok", "ok"],
  ["cyanogenmod-oma-dm/dmt_data/devdetail_uri.xml", "document", "ok", "ok"],
  ["cyanogenmod-oma-dm/dmt_data/managedobjects.xml", "document", "ok", "ok"],
  ["cyanogenmod-oma-dm/dmt_data/root.xml", "document", "ok", "ok"],
  ["cyanogenmod-oma-dm/dmt_data/subscriber.xml", "document", "ok", "ok"],
  ["cyanogenmod-oma-dm/dmt_data/syncmldm.ddf", "document", "ok", "ok"],
  ["libwbxml/syncml/syncml-012.xml", "document", "ok", "ok"],
  ["libwbxml/ddf/ddf-001.ddf", "document", "ok", "ok"],
  ["libwbxml/ddf/syncml_with_ddf-001.xml", "document", "ok", "ok"],
  ["libwbxml/prov/prov-001.xml", "document", "ok", "ok"],
  ["libwbxml/prov/prov-002.xml", "document", "ok", "ok"],
  ["libwbxml/prov/prov-003.xml", "document", "ok", "ok"],
  ["libwbxml/prov/prov-004.xml", "document", "ok", "ok"],
  ["libwbxml/prov/prov-005.xml", "document", "ok", "ok"],
  ["libwbxml/prov/prov-006.xml", "document", "ok", "ok"],
  ["libwbxml/prov/prov-007.xml", "document", "ok", "ok"],
  ["libwbxml/prov/prov-008.xml", "document", "ok", "ok"],
  ["webos-update-exploration/DmTree.xml", "document", "ok", "ok"],
  [
    "fleet/sample_syncml_commands/atomic_install_msi.xml",
    "fragment",
    { code: "XML_UNBOUND_PREFIX", offset: 462 },
    "ok",
  ],
  [
    "fleet/sample_syncml_commands/disable_date_time.xml",
    "fragment",
    { code: "XML_UNBOUND_PREFIX", offset: 159 },
    "ok",
  ],
  [
    "fleet/sample_syncml_commands/disable_defender_realtime_scanning.xml",
    "fragment",
    { code: "XML_UNBOUND_PREFIX", offset: 169 },
    "ok",
  ],
  ["fleet/sample_syncml_commands/get_device_name.xml", "fragment", "ok", "ok"],
  ["fleet/sample_syncml_commands/get_hardware_version.xml", "fragment", "ok", "ok"],
  ["fleet/sample_syncml_commands/get_local_time.xml", "fragment", "ok", "ok"],
  ["fleet/sample_syncml_commands/get_os_platform.xml", "fragment", "ok", "ok"],
  ["fleet/sample_syncml_commands/install_orbit.xml", "fragment", "ok", "ok"],
  // A title line before a bare <SyncBody>: not XML as it stands (README: "Not parseable as XML as-is").
  [
    "SyncMLViewer/SyncML-Examples.txt",
    "document",
    { code: "XML_MALFORMED", offset: 3 },
    { code: "XML_MALFORMED", offset: 3 },
  ],
  [
    "SyncMLViewer/SyncML-Examples.txt",
    "fragment",
    { code: "XML_MALFORMED", offset: 3 },
    { code: "XML_MALFORMED", offset: 3 },
  ],
];

function decodeAs(bytes: Uint8Array, as: "document" | "fragment", lenient: boolean): Element[] {
  return as === "document" ? [decodeXml(bytes, { lenient })] : decodeXmlFragment(bytes, { lenient });
}

describe("every XML fixture decodes or fails at its documented defect", () => {
  for (const [path, as, strict, lenient] of table) {
    for (const [mode, outcome] of [
      ["strict", strict],
      ["lenient", lenient],
    ] as const) {
      const title =
        outcome === "ok"
          ? `decodes ${path} as a ${as} (${mode})`
          : `refuses ${path} as a ${as} with ${outcome.code} at byte ${outcome.offset} (${mode})`;
      it(title, () => {
        const bytes = fixture(path);
        if (outcome !== "ok") {
          expect(errorOf(() => decodeAs(bytes, as, mode === "lenient"))).toEqual(outcome);
          return;
        }
        const roots = decodeAs(bytes, as, mode === "lenient");
        expect(roots.length).toBeGreaterThan(0);
        // Each offset points at the '<' of its element.
        for (const e of roots.flatMap(allElements)) expect(bytes[e.offset!]).toBe(0x3c);
        // What was decoded encodes and decodes back to the same tree, strictly.
        for (const root of roots) {
          const again = decodeXml(encodeXml(root));
          expect(stripOffsets(again)).toEqual(stripOffsets(root));
          expect(stripOffsets(decodeXml(encodeXml(root, { indent: "  " })))).toEqual(stripOffsets(root));
        }
      });
    }
  }

  it("only expects failures the README documents: the fleet snippet with two elements is no document", () => {
    const bytes = fixture("fleet/sample_syncml_commands/install_orbit.xml");
    expect(errorOf(() => decodeXml(bytes))).toEqual({ code: "XML_MALFORMED", offset: 223 });
    expect(decodeXmlFragment(bytes).map((e) => e.name)).toEqual(["Add", "Exec"]);
  });
});

describe("fixture content survives decoding", () => {
  it("keeps the raw '&' of the CyanogenMod alert options in lenient mode", () => {
    const expected: [string, string][] = [
      ["testalertconfirm.xml", "MAXDT=15&DR=1"],
      ["testalertmultiplechoice.xml", "MAXDT=20&DR=1-3,6"],
      ["testalertsinglechoice.xml", "MAXDT=20&DR=2"],
      ["testalerttextinput.xml", "MAXDT=20&DR=hello+andy!&MAXLEN=30&IT=I&ET=P"],
    ];
    for (const [file, options] of expected) {
      const root = decodeXml(fixture(`cyanogenmod-oma-dm/dm12/${file}`), { lenient: true });
      const alert = firstChild(firstChild(root, "SyncBody")!, "Alert")!;
      expect(textOf(firstChild(firstChild(alert, "Item")!, "Data")!)).toBe(options);
      expect(root.ns).toBe("SYNCML:SYNCML1.2");
    }
  });

  it("resolves the unbound A: prefix of Windows snippets to namespace '' in lenient mode", () => {
    const [add] = decodeXmlFragment(fixture("fleet/sample_syncml_commands/disable_date_time.xml"), {
      lenient: true,
    });
    const meta = firstChild(firstChild(add!, "Item")!, "Meta")!;
    expect(childElements(meta).map((e) => [e.name, e.ns, textOf(e)])).toEqual([
      ["Format", "", "int"],
      ["Type", "", "text/plain"],
    ]);
  });

  it("reads the escaped MsiInstallJob of install_orbit.xml with CRLF turned into LF", () => {
    const [, exec] = decodeXmlFragment(fixture("fleet/sample_syncml_commands/install_orbit.xml"));
    const data = textOf(firstChild(firstChild(exec!, "Item")!, "Data")!);
    expect(data.startsWith("<MsiInstallJob")).toBe(true);
    expect(data).not.toContain("\r");
    expect(data).toContain("\n");
  });

  it("drops the spaces after end tags and keeps the newline-wrapped LocURI verbatim", () => {
    const hdr = firstChild(decodeXml(fixture("cyanogenmod-oma-dm/dm12/testnewdatatype.xml")), "SyncHdr")!;
    expect(hdr.children.every(isElement)).toBe(true);
    expect(textOf(firstChild(hdr, "VerDTD")!)).toBe("1.2");
    const add = firstChild(
      firstChild(decodeXml(fixture("libwbxml/syncml/syncml-012.xml")), "SyncBody")!,
      "Add",
    )!;
    const locUri = firstChild(firstChild(firstChild(add, "Item")!, "Target")!, "LocURI")!;
    expect(textOf(locUri)).toBe(
      "\n                    ./SyncML/DMAcc/UltimateManagement\n                    ",
    );
  });

  it("reports the DOCTYPE of the DDF and decodes the XML-escaped ACLs of the webOS tree", () => {
    const ddf = decodeXmlDocument(fixture("cyanogenmod-oma-dm/dmt_data/syncmldm.ddf"));
    expect(ddf.doctype).toEqual({
      name: "MgmtTree",
      systemId: "http://www.openmobilealliance.com/tech/DTD/dm_ddf-v1_2.dtd",
    });
    expect(ddf.root.children.filter(isElement).filter((e) => e.name === "Node").length).toBe(1);
    const acl = allElements(decodeXml(fixture("webos-update-exploration/DmTree.xml"))).find(
      (e) => e.name === "acl",
    );
    expect(textOf(acl!)).toBe("Replace=*&Add=*&Delete=*&Get=*&Exec=*");
  });

  it("decodes the inline TNDS inside Data with its own namespace", () => {
    const root = decodeXml(fixture("libwbxml/ddf/syncml_with_ddf-001.xml"));
    const tree = allElements(root).find((e) => e.name === "MgmtTree")!;
    expect(tree.ns).toBe("syncml:dmddf1.2");
    expect(root.ns).toBe("");
  });

  it("decodes the SyncMLViewer snippet once its title line is cut off", () => {
    const bytes = fixture("SyncMLViewer/SyncML-Examples.txt");
    const body = decodeXml(bytes.subarray(bytes.indexOf(0x3c)));
    expect(childElements(body).map((e) => e.name)).toEqual(["Replace", "Replace", "Final"]);
    const meta = firstChild(firstChild(childElements(body)[0]!, "Item")!, "Meta")!;
    expect(childElements(meta).map((e) => e.ns)).toEqual(["syncml:metinf", ""]);
  });

  it("decodes the SOAP and SyncML bodies of the Windows enrollment dump except the one missing a space", () => {
    const bytes = fixture("fleet/misc/mdm_ngrok_comm_dump.txt");
    const text = Buffer.from(bytes).toString("latin1");
    const outcomes: (string | { code: string; offset: number })[] = [];
    for (const [open, close] of [
      ["<s:Envelope", "</s:Envelope>"],
      ["<SyncML", "</SyncML>"],
    ] as const) {
      for (let i = text.indexOf(open); i >= 0; i = text.indexOf(open, i + 1)) {
        const end = text.indexOf(close, i) + close.length;
        try {
          outcomes.push(decodeXml(bytes.subarray(i, end)).name);
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
          // `<algorithmOIDReferencexsi:nil="true"/>`: the '=' follows the element name.
          expect(text.slice(i + e.offset - 28, i + e.offset + 1)).toBe("algorithmOIDReferencexsi:nil=");
          outcomes.push({ code: e.code, offset: e.offset });
        }
      }
    }
    expect(outcomes).toEqual([
      "Envelope",
      "Envelope",
      "Envelope",
      { code: "XML_MALFORMED", offset: 963 },
      "Envelope",
      "Envelope",
      "SyncML",
      "SyncML",
      "SyncML",
      "SyncML",
    ]);
  });
});
