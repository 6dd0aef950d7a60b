import { describe, expect, it } from "vitest";
import { el, stripOffsets, type Element } from "../element.js";
import { OmaDmError, type ErrorCode } from "../errors.js";
import { decodeWbxml, decodeWbxmlDocument } from "./decode-wbxml.js";
import { encodeWbxml, type WbxmlEncodeOptions } from "./encode-wbxml.js";
import { dmddf12Language, provLanguage, syncml11Language, syncml12Language } from "./languages.js";

function b(...parts: (number | string)[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === "number") out.push(p);
    else for (const c of new TextEncoder().encode(p)) out.push(c);
  }
  return Uint8Array.from(out);
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

const S12 = "SYNCML:SYNCML1.2";
const S11 = "SYNCML:SYNCML1.1";
const MI = "syncml:metinf";
const DDF = "syncml:dmddf1.2";
const FPI12 = "-//SYNCML//DTD SyncML 1.2//EN";
const FPI_DDF = "-//OMA//DTD-DM-DDF 1.2//EN";
const H12 = [0x02, 0xa4, 0x01, 0x6a, 0x00] as const;

const L12 = { language: syncml12Language };
const hdr = el("SyncHdr", S12, [el("VerDTD", S12, ["1.2"])]);

describe("encodeWbxml", () => {
  it.each<[string, Element, WbxmlEncodeOptions | undefined, Uint8Array]>([
    [
      "SyncML 1.2 with the numeric public id by default",
      el("SyncML", S12, [hdr]),
      undefined,
      b(...H12, 0x6d, 0x6c, 0x71, 0x03, "1.2", 0, 0x01, 0x01, 0x01),
    ],
    ["WBXML 1.1", el("SyncML", S12), { version: 1 }, b(0x01, 0xa4, 0x01, 0x6a, 0x00, 0x2d)],
    ["WBXML 1.3", el("SyncML", S12), { version: 3 }, b(0x03, 0xa4, 0x01, 0x6a, 0x00, 0x2d)],
    [
      "SyncML 1.1 from its root namespace",
      el("SyncML", S11),
      undefined,
      b(0x02, 0x9f, 0x53, 0x6a, 0x00, 0x2d),
    ],
    [
      "the string public id: FPI at string table offset 0",
      el("SyncML", S12),
      { publicId: "string" },
      b(0x02, 0x00, 0x00, 0x6a, 0x1e, FPI12, 0, 0x2d),
    ],
    [
      "MetInf children after SWITCH_PAGE 1, and back to page 0 only when needed",
      el("SyncML", S12, [
        el("Meta", S12, [el("Format", MI, ["b64"]), el("Type", MI, ["t"])]),
        el("Final", S12),
      ]),
      undefined,
      b(
        ...H12,
        0x6d,
        0x5a,
        0x00,
        0x01,
        0x47,
        0x03,
        "b64",
        0,
        0x01,
        0x53,
        0x03,
        "t",
        0,
        0x01,
        0x01,
        0x00,
        0x00,
        0x12,
        0x01,
      ),
    ],
    [
      "elements without namespace, looked up on the current page first",
      el("SyncML", "", [el("Meta", "", [el("Type", "", ["t"]), el("Format", "")]), el("Final", "")]),
      undefined,
      b(...H12, 0x6d, 0x5a, 0x00, 0x01, 0x53, 0x03, "t", 0, 0x01, 0x07, 0x01, 0x00, 0x00, 0x12, 0x01),
    ],
    [
      "a standalone DDF document: string id and SWITCH_PAGE 2",
      el("MgmtTree", DDF, [el("VerDTD", DDF, ["1.2"])]),
      undefined,
      b(0x02, 0x00, 0x00, 0x6a, 0x1b, FPI_DDF, 0, 0x00, 0x02, 0x60, 0x77, 0x03, "1.2", 0, 0x01, 0x01),
    ],
    [
      "inline DDF in SyncML Data on page 2",
      el("Data", S11, [el("MgmtTree", DDF)]),
      { language: syncml11Language },
      b(0x02, 0x9f, 0x53, 0x6a, 0x00, 0x4f, 0x00, 0x02, 0x20, 0x01),
    ],
    [
      "bytes as OPAQUE",
      el("Data", S12, [Uint8Array.of(0, 1, 0xff)]),
      L12,
      b(...H12, 0x4f, 0xc3, 0x03, 0x00, 0x01, 0xff, 0x01),
    ],
    [
      "UTF-8 text, a pair of surrogates as one 4-byte character",
      el("Data", S12, ["é€\u{1f600}"]),
      L12,
      b(...H12, 0x4f, 0x03, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0, 0x01),
    ],
    [
      "a NUL in text as ENTITY 0 between inline strings",
      el("Data", S12, ["a\0b"]),
      L12,
      b(...H12, 0x4f, 0x03, "a", 0, 0x02, 0x00, 0x03, "b", 0, 0x01),
    ],
    ["empty strings as nothing", el("Data", S12, [""]), L12, b(...H12, 0x4f, 0x01)],
    [
      "a long text inline",
      el("Data", S12, ["y".repeat(2000)]),
      L12,
      b(...H12, 0x4f, 0x03, "y".repeat(2000), 0, 0x01),
    ],
    [
      "repeated strings through the string table (STR_T)",
      el("SyncML", S12, [el("LocURI", S12, ["./a/b"]), el("LocURI", S12, ["./a/b"]), el("Data", S12, ["x"])]),
      { stringTable: true },
      b(
        0x02,
        0x00,
        0x00,
        0x6a,
        0x24,
        FPI12,
        0,
        "./a/b",
        0,
        0x6d,
        0x57,
        0x83,
        0x1e,
        0x01,
        0x57,
        0x83,
        0x1e,
        0x01,
        0x4f,
        0x03,
        "x",
        0,
        0x01,
        0x01,
      ),
    ],
    [
      "a string table with the numeric public id",
      el("SyncML", S12, [el("Data", S12, ["abcd"]), el("Data", S12, ["abcd"])]),
      { stringTable: true, publicId: "numeric" },
      b(0x02, 0xa4, 0x01, 0x6a, 0x05, "abcd", 0, 0x6d, 0x4f, 0x83, 0x00, 0x01, 0x4f, 0x83, 0x00, 0x01, 0x01),
    ],
    [
      "an unknown element as LITERAL when a string table is written",
      el("SyncML", S12, [el("Vendor", S12, ["v"])]),
      { stringTable: true, publicId: "numeric" },
      b(0x02, 0xa4, 0x01, 0x6a, 0x07, "Vendor", 0, 0x6d, 0x44, 0x00, 0x03, "v", 0, 0x01, 0x01),
    ],
    [
      "PROV attributes with start and value tokens",
      el(
        "wap-provisioningdoc",
        "",
        [
          el(
            "parm",
            "",
            [],
            [
              { name: "name", value: "PXADDRTYPE" },
              { name: "value", value: "IPV4" },
            ],
          ),
        ],
        [{ name: "version", value: "1.0" }],
      ),
      undefined,
      b(0x02, 0x0b, 0x6a, 0x00, 0xc5, 0x46, 0x01, 0x87, 0x21, 0x06, 0x85, 0x01, 0x01),
    ],
    [
      "PROV attribute page 1 kept across elements, values inline",
      el(
        "characteristic",
        "",
        [
          el(
            "parm",
            "",
            [],
            [
              { name: "name", value: "APPID" },
              { name: "value", value: "w7" },
            ],
          ),
        ],
        [{ name: "type", value: "APPLICATION" }],
      ),
      { language: provLanguage, version: 3 },
      b(0x03, 0x0b, 0x6a, 0x00, 0xc6, 0x00, 0x01, 0x55, 0x01, 0x87, 0x36, 0x06, 0x03, "w7", 0, 0x01, 0x01),
    ],
    [
      "a PROV value prefix extended by a string",
      el("parm", "", [], [{ name: "name", value: "NAMEX" }]),
      { language: provLanguage },
      b(0x02, 0x0b, 0x6a, 0x00, 0x87, 0x07, 0x03, "X", 0, 0x01),
    ],
    [
      "a PROV value token from the other page",
      el(
        "parm",
        "",
        [],
        [
          { name: "name", value: "AAUTHTYPE" },
          { name: "value", value: "HTTP-DIGEST" },
        ],
      ),
      { language: provLanguage },
      b(0x02, 0x0b, 0x6a, 0x00, 0x87, 0x00, 0x01, 0x33, 0x06, 0x00, 0x00, 0x9d, 0x01),
    ],
    [
      "an unknown PROV attribute as LITERAL with a string table",
      el("parm", "", [], [{ name: "x", value: "1" }]),
      { language: provLanguage, stringTable: true, publicId: "numeric" },
      b(0x02, 0x0b, 0x6a, 0x02, "x", 0, 0x87, 0x04, 0x00, 0x03, "1", 0, 0x01),
    ],
  ])("encodes %s", (_name, root, options, expected) => {
    const bytes = encodeWbxml(root, options);
    expect(hex(bytes)).toBe(hex(expected));
  });

  it("decodes what it encodes to the same tree, with namespaces from the code pages", () => {
    const tree = el("SyncML", S12, [
      hdr,
      el("SyncBody", S12, [
        el("Exec", S12, [el("CmdID", S12, ["3"]), el("Correlator", S12, ["c"])]),
        el("Final", S12),
      ]),
    ]);
    for (const options of [undefined, { stringTable: true }, { publicId: "string" as const }]) {
      expect(stripOffsets(decodeWbxml(encodeWbxml(tree, options)))).toEqual(tree);
    }
  });

  it("gives elements decoded from XML without xmlns the namespaces of their pages", () => {
    const plain = el("MgmtTree", "", [el("Node", "", [el("NodeName", "", ["x"])])]);
    const doc = decodeWbxmlDocument(encodeWbxml(plain));
    expect(doc.language).toBe(dmddf12Language);
    expect(stripOffsets(doc.root)).toEqual(
      el("MgmtTree", DDF, [el("Node", DDF, [el("NodeName", DDF, ["x"])])]),
    );
  });

  it.each<[string, () => unknown, ErrorCode]>([
    ["a root no language has", () => encodeWbxml(el("html", "")), "WBXML_UNKNOWN_TAG"],
    [
      "an unknown element without string table",
      () => encodeWbxml(el("SyncML", S12, [el("Nope", S12)])),
      "WBXML_UNKNOWN_TAG",
    ],
    [
      "a namespace the language lacks",
      () => encodeWbxml(el("SyncML", S12, [el("Data", "urn:x")])),
      "WBXML_UNKNOWN_TAG",
    ],
    [
      "an unknown attribute without string table",
      () => encodeWbxml(el("parm", "", [], [{ name: "x", value: "" }]), { language: provLanguage }),
      "WBXML_UNKNOWN_TAG",
    ],
    ["version 4", () => encodeWbxml(el("SyncML", S12), { version: 4 as 3 }), "INVALID_ARGUMENT"],
    [
      "an empty element name",
      () => encodeWbxml(el("SyncML", S12, [el("", S12)]), { stringTable: true }),
      "INVALID_ARGUMENT",
    ],
    [
      "a numeric public id for DDF, which has none",
      () => encodeWbxml(el("MgmtTree", DDF), { publicId: "numeric" }),
      "INVALID_ARGUMENT",
    ],
  ])("refuses %s", (_name, f, code) => {
    expect(f).toThrow(OmaDmError);
    try {
      f();
    } catch (e) {
      expect((e as OmaDmError).code).toBe(code);
    }
  });

  it("accepts namespaces spelt in another case and decodes them to the language's spelling", () => {
    const tree = el("SyncML", "syncml:syncml1.2", [
      el("Meta", "syncml:syncml1.2", [el("Type", "SYNCML:METINF")]),
    ]);
    const expected = el("SyncML", S12, [el("Meta", S12, [el("Type", MI)])]);
    expect(stripOffsets(decodeWbxml(encodeWbxml(tree)))).toEqual(expected);
  });

  it("writes LITERAL for an unknown DDF element, since the string id writes a table anyway", () => {
    const tree = el("MgmtTree", DDF, [el("Vendor", DDF)]);
    expect(stripOffsets(decodeWbxml(encodeWbxml(tree)))).toEqual(tree);
  });
});
