import { describe, expect, it } from "vitest";
import { el, stripOffsets } from "../element.js";
import type { Element } from "../element.js";
import { OmaDmError } from "../errors.js";
import { decodeXml, decodeXmlDocument } from "./decode-xml.js";
import { encodeXml, encodeXmlString } from "./encode-xml.js";
import type { XmlEncodeOptions } from "./xml-options.js";

const decl = '<?xml version="1.0" encoding="UTF-8"?>';
const bare = { declaration: false } as const;

describe("encodeXmlString writes the element tree", () => {
  const vectors: [string, Element, XmlEncodeOptions, string][] = [
    ["starts with the XML declaration by default", el("a", ""), {}, `${decl}<a/>`],
    ["omits the declaration on request", el("a", ""), bare, "<a/>"],
    [
      "declares a namespace only where it changes",
      el("SyncML", "SYNCML:SYNCML1.2", [
        el("Meta", "SYNCML:SYNCML1.2", [
          el("Format", "syncml:metinf", ["chr"]),
          el("Type", "syncml:metinf", ["x"]),
        ]),
      ]),
      bare,
      '<SyncML xmlns="SYNCML:SYNCML1.2"><Meta><Format xmlns="syncml:metinf">chr</Format><Type xmlns="syncml:metinf">x</Type></Meta></SyncML>',
    ],
    [
      "undeclares the default namespace for a child without one",
      el("a", "u", [el("b", "")]),
      bare,
      '<a xmlns="u"><b xmlns=""/></a>',
    ],
    [
      "escapes & < > in text and CR as a character reference",
      el("a", "", ["x & y < z > ]]> 'q\" \r\n\t"]),
      bare,
      "<a>x &amp; y &lt; z &gt; ]]&gt; 'q\" &#xD;\n\t</a>",
    ],
    [
      'escapes & < " and TAB, LF, CR in attribute values',
      el("a", "", [], [{ name: "x", value: "& < > \" ' \t\n\r" }]),
      bare,
      '<a x="&amp; &lt; > &quot; \' &#x9;&#xA;&#xD;"/>',
    ],
    [
      "writes attributes in order, after the namespace",
      el(
        "wap-provisioningdoc",
        "u",
        [],
        [
          { name: "version", value: "1.1" },
          { name: "xml:lang", value: "en" },
        ],
      ),
      bare,
      '<wap-provisioningdoc xmlns="u" version="1.1" xml:lang="en"/>',
    ],
    [
      "writes text-only and mixed content inline",
      el("a", "", ["x", el("b", "", ["y"]), "z"]),
      bare,
      "<a>x<b>y</b>z</a>",
    ],
    ["writes non-ASCII text as UTF-8", el("é", "", ["€\u{1F600}"]), bare, "<é>€\u{1F600}</é>"],
    [
      "writes UTF-8 byte children as text",
      el("Data", "", [Uint8Array.from(Buffer.from("a<b é"))]),
      bare,
      "<Data>a&lt;b é</Data>",
    ],
    [
      "indents element-only content and never text",
      el("SyncML", "", [
        el("SyncHdr", "", [el("VerDTD", "", ["1.2"]), el("Final", "")]),
        el("Data", "", [" x "]),
      ]),
      { indent: "  " },
      `${decl}\n<SyncML>\n  <SyncHdr>\n    <VerDTD>1.2</VerDTD>\n    <Final/>\n  </SyncHdr>\n  <Data> x </Data>\n</SyncML>`,
    ],
    [
      "does not indent inside mixed content",
      el("a", "", ["t", el("b", "", [el("c", "")])]),
      { indent: "\t", declaration: false },
      "<a>t<b>\n\t\t<c/>\n\t</b></a>",
    ],
    [
      "writes a PUBLIC DOCTYPE",
      el("SyncML", ""),
      {
        declaration: false,
        doctype: { name: "SyncML", publicId: "-//SYNCML//DTD SyncML 1.2//EN", systemId: "http://x/y.dtd" },
      },
      '<!DOCTYPE SyncML PUBLIC "-//SYNCML//DTD SyncML 1.2//EN" "http://x/y.dtd"><SyncML/>',
    ],
    [
      "writes a SYSTEM DOCTYPE, quoting with apostrophes when needed",
      el("a", ""),
      { doctype: { name: "a", systemId: 'x"y' } },
      `${decl}<!DOCTYPE a SYSTEM 'x"y'><a/>`,
    ],
    [
      "writes a DOCTYPE with only a name",
      el("a", ""),
      { declaration: false, doctype: { name: "a" } },
      "<!DOCTYPE a><a/>",
    ],
  ];
  for (const [name, root, options, expected] of vectors) {
    it(name, () => {
      expect(encodeXmlString(root, options)).toBe(expected);
    });
  }

  it("returns the UTF-8 bytes of encodeXmlString from encodeXml", () => {
    const root = el("a", "u", ["é"]);
    expect(Buffer.from(encodeXml(root)).toString("utf8")).toBe(encodeXmlString(root));
  });

  it("round-trips a DOCTYPE through decodeXmlDocument", () => {
    const doctype = {
      name: "MgmtTree",
      publicId: "-//OMA//DTD-DM-DDF 1.2//EN",
      systemId: "http://x/dm_ddf-v1_2.dtd",
    };
    const doc = decodeXmlDocument(encodeXml(el("MgmtTree", "syncml:dmddf1.2"), { doctype, indent: " " }));
    expect(doc.doctype).toEqual(doctype);
    expect(stripOffsets(doc.root)).toEqual(el("MgmtTree", "syncml:dmddf1.2"));
  });

  it("round-trips characters that decoding would otherwise normalize", () => {
    const root = el("a", "", ["x\r\ny\r", el("b", "", [], [{ name: "v", value: " \t\n\r " }])]);
    expect(stripOffsets(decodeXml(encodeXml(root)))).toEqual(root);
  });
});

describe("encodeXml refuses what XML cannot carry with INVALID_ARGUMENT", () => {
  const invalid: [string, Element, XmlEncodeOptions?][] = [
    ["a NUL in text", el("a", "", ["x\u0000"])],
    ["a control character in an attribute", el("a", "", [], [{ name: "x", value: "\u0008" }])],
    ["a lone high surrogate", el("a", "", ["x\uD800y"])],
    ["a lone low surrogate", el("a", "", ["\uDC00"])],
    ["a high surrogate at the end", el("a", "", ["x\uD83D"])],
    ["U+FFFE", el("a", "", ["\uFFFE"])],
    ["U+FFFF in a namespace", el("a", "\uFFFF")],
    ["bytes that are not UTF-8", el("Data", "", [Uint8Array.of(0xff, 0x00)])],
    ["UTF-8 bytes with a control character", el("Data", "", [Uint8Array.of(0x41, 0x01)])],
    ["a prefixed element name", el("A:Format", "")],
    ["an element name starting with a digit", el("1a", "")],
    ["an empty element name", el("", "")],
    ["an element name with a space", el("a b", "")],
    ["an element name with markup", el("a><script", "")],
    ["an attribute named xmlns", el("a", "", [], [{ name: "xmlns", value: "u" }])],
    ["an xmlns: attribute", el("a", "", [], [{ name: "xmlns:p", value: "u" }])],
    ["an attribute with an undeclarable prefix", el("a", "", [], [{ name: "p:x", value: "1" }])],
    [
      "a duplicate attribute",
      el(
        "a",
        "",
        [],
        [
          { name: "x", value: "1" },
          { name: "x", value: "2" },
        ],
      ),
    ],
    ["an indent that is not whitespace", el("a", ""), { indent: "--" }],
    [
      "a DOCTYPE public id without a system id",
      el("a", ""),
      { doctype: { name: "a", publicId: "-//X//EN" } },
    ],
    [
      "a DOCTYPE public id with a bad character",
      el("a", ""),
      { doctype: { name: "a", publicId: "{", systemId: "s" } },
    ],
    ["a DOCTYPE system id with both quotes", el("a", ""), { doctype: { name: "a", systemId: "'\"" } }],
    ["a DOCTYPE name that is not a QName", el("a", ""), { doctype: { name: "a:b:c" } }],
  ];
  for (const [name, root, options] of invalid) {
    it(`refuses ${name}`, () => {
      let error: unknown;
      try {
        encodeXml(root, options);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OmaDmError);
      expect((error as OmaDmError).code).toBe("INVALID_ARGUMENT");
    });
  }

  it("accepts a surrogate pair and a byte child with a BOM", () => {
    const root = el("a", "", ["\u{1F600}", Uint8Array.of(0xef, 0xbb, 0xbf, 0x41)]);
    expect(encodeXmlString(root, bare)).toBe("<a>\u{1F600}\uFEFFA</a>");
  });
});
