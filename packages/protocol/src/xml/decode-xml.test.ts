import { describe, expect, it } from "vitest";
import { childElements, el, stripOffsets } from "../element.js";
import type { Element } from "../element.js";
import { DecodeError } from "../errors.js";
import { decodeXml, decodeXmlDocument, decodeXmlFragment } from "./decode-xml.js";
import type { XmlDecodeOptions } from "./xml-options.js";

function errorOf(run: () => unknown): { code: string; offset: number } {
  try {
    run();
  } catch (e) {
    if (e instanceof DecodeError) return { code: e.code, offset: e.offset };
    throw e;
  }
  throw new Error("expected a DecodeError");
}

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "utf8")] : p)));

describe("decodeXml builds the element tree", () => {
  const vectors: [string, string | Uint8Array, Element][] = [
    ["decodes an empty element", "<a/>", el("a", "")],
    ["decodes an element with start and end tags as childless", "<a></a>", el("a", "")],
    ["accepts whitespace inside tags", '<a  x = "1" ></a >', el("a", "", [], [{ name: "x", value: "1" }])],
    ["inherits a default namespace", '<a xmlns="u"><b/></a>', el("a", "u", [el("b", "u")])],
    [
      "undeclares the default namespace with xmlns=''",
      '<a xmlns="u"><b xmlns=""/></a>',
      el("a", "u", [el("b", "")]),
    ],
    [
      "resolves prefixes and leaves unprefixed children in the default namespace",
      '<p:a xmlns:p="u"><p:b/><c/></p:a>',
      el("a", "u", [el("b", "u"), el("c", "")]),
    ],
    [
      "scopes a prefix rebinding to its element",
      '<a xmlns:p="u"><p:b xmlns:p="v"/><p:c/></a>',
      el("a", "", [el("b", "v"), el("c", "u")]),
    ],
    [
      "resolves the metinf namespace declared on each Meta child [TR-PRO §2.6]",
      '<SyncML xmlns="SYNCML:SYNCML1.2"><Meta><Format xmlns="syncml:metinf">chr</Format></Meta></SyncML>',
      el("SyncML", "SYNCML:SYNCML1.2", [
        el("Meta", "SYNCML:SYNCML1.2", [el("Format", "syncml:metinf", ["chr"])]),
      ]),
    ],
    [
      "consumes xmlns attributes and keeps the others in order",
      '<a x="1" xmlns="u" y=\'2\' xmlns:p="v"/>',
      el(
        "a",
        "u",
        [],
        [
          { name: "x", value: "1" },
          { name: "y", value: "2" },
        ],
      ),
    ],
    [
      "keeps prefixed attribute names as written",
      '<a xmlns:p="u" p:x="1" xml:lang="en"/>',
      el(
        "a",
        "",
        [],
        [
          { name: "p:x", value: "1" },
          { name: "xml:lang", value: "en" },
        ],
      ),
    ],
    [
      "expands the five predefined entities and character references [XML §4.6]",
      "<a>&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&#x1F600;&#0065;</a>",
      el("a", "", ["<>&'\"AB\u{1F600}A"]),
    ],
    ["merges CDATA with adjacent text", "<a>x<![CDATA[<y>&amp;]]>z</a>", el("a", "", ["x<y>&amp;z"])],
    [
      "skips comments and PIs and merges the text around them",
      "<a>x<!-- c -->y<?pi d?>z</a>",
      el("a", "", ["xyz"]),
    ],
    [
      "drops whitespace between child elements",
      "<a>\n  <b/>\r\n\t<c/>\n</a>",
      el("a", "", [el("b", ""), el("c", "")]),
    ],
    ["keeps the text of a text-only element verbatim", "<a>  x  </a>", el("a", "", ["  x  "])],
    ["keeps whitespace-only text of a text-only element", "<a> </a>", el("a", "", [" "])],
    [
      "keeps non-whitespace text in mixed content, untrimmed",
      "<a> x <b/> <c/>y</a>",
      el("a", "", [" x ", el("b", ""), el("c", ""), "y"]),
    ],
    ["normalizes CRLF and CR to LF [XML §2.11]", "<a>x\r\ny\rz\r</a>", el("a", "", ["x\ny\nz\n"])],
    ["keeps a CR written as a character reference", "<a>x&#xD;&#13;</a>", el("a", "", ["x\r\r"])],
    [
      "normalizes whitespace in attribute values [XML §3.3.3]",
      '<a x="1\t2\n3\r\n4&#10;5&#9;"/>',
      el("a", "", [], [{ name: "x", value: "1 2 3 4\n5\t" }]),
    ],
    ["accepts '>' and ']]' in text", "<a>a>b]]c]</a>", el("a", "", ["a>b]]c]"])],
    ["decodes UTF-8 names and text", "<é>ü€\u{1D11E}</é>", el("é", "", ["ü€\u{1D11E}"])],
    ["skips a UTF-8 byte order mark", bytes([0xef, 0xbb, 0xbf], "<a/>"), el("a", "")],
    ["reads an XML declaration", "<?xml version='1.0' encoding='utf-8' standalone='yes' ?><a/>", el("a", "")],
    ["accepts any XML 1.x version", '<?xml version="1.1"?><a/>', el("a", "")],
    [
      "decodes ISO-8859-1 text and names",
      bytes(
        '<?xml version="1.0" encoding="ISO-8859-1"?><',
        [0xe9],
        ">",
        [0xe9, 0xff, 0x80],
        "</",
        [0xe9],
        ">",
      ),
      el("é", "", ["éÿ\u0080"]),
    ],
    ["reads US-ASCII documents", '<?xml version="1.0" encoding="US-ASCII"?><a>x</a>', el("a", "", ["x"])],
    ["skips comments, PIs and whitespace around the root", "<!--x-->\n<?pi?>\n<a/>\n<!--y-->\n", el("a", "")],
    [
      "skips a DOCTYPE with an internal subset of element declarations",
      "<!DOCTYPE a [<!ELEMENT a (#PCDATA)><!ATTLIST a x CDATA 'd>'><!--c--><?pi?>]><a/>",
      el("a", ""),
    ],
  ];
  for (const [name, input, expected] of vectors) {
    it(name, () => {
      expect(stripOffsets(decodeXml(input))).toEqual(expected);
    });
  }

  it("records the byte offset of each element's '<'", () => {
    const root = decodeXml("<a>é\n <b/><c>€</c></a>");
    expect(root.offset).toBe(0);
    expect(childElements(root).map((e) => e.offset)).toEqual([7, 11]); // "<a>" 3 bytes, "é" 2, "\n " 2
  });

  it("counts the byte order mark in offsets", () => {
    expect(decodeXml(bytes([0xef, 0xbb, 0xbf], "<a/>")).offset).toBe(3);
  });

  it("decodes a subarray with offsets relative to the subarray", () => {
    const whole = bytes("xxxx<a><b/></a>");
    const root = decodeXml(whole.subarray(4));
    expect([root.offset, (root.children[0] as Element).offset]).toEqual([0, 3]);
  });

  it("omits attributes when an element has none besides xmlns", () => {
    expect("attributes" in decodeXml('<a xmlns="u"/>')).toBe(false);
  });
});

describe("decodeXml refuses malformed input with the offset of the problem", () => {
  const vectors: [string, string | Uint8Array, string, number, XmlDecodeOptions?][] = [
    ["a mismatched end tag", "<a><b></a>", "XML_MALFORMED", 6],
    ["an end tag longer than its start tag", "<a></ab>", "XML_MALFORMED", 3],
    ["a second root element", "<a/><b/>", "XML_MALFORMED", 4],
    ["text after the root", "<a/>\nx", "XML_MALFORMED", 5],
    ["text before the root", "x<a/>", "XML_MALFORMED", 0],
    ["an end tag outside any element", "</a>", "XML_MALFORMED", 0],
    ["empty input", "", "DECODE_TRUNCATED", 0],
    ["whitespace only", " \n", "DECODE_TRUNCATED", 2],
    ["a comment only", "<!-- x -->", "DECODE_TRUNCATED", 10],
    ["an unclosed element", "<a><b>text", "DECODE_TRUNCATED", 10],
    ["an unclosed start tag", '<a x="1"', "DECODE_TRUNCATED", 8],
    ["an unclosed attribute value", '<a x="1>', "DECODE_TRUNCATED", 8],
    ["an unclosed comment", "<a><!-- x", "DECODE_TRUNCATED", 9],
    ["an unclosed CDATA section", "<a><![CDATA[x]]", "DECODE_TRUNCATED", 15],
    ["an unclosed end tag", "<a></a", "DECODE_TRUNCATED", 6],
    ["an unclosed XML declaration", '<?xml version="1.0"', "DECODE_TRUNCATED", 19],
    ["a cut-off reference", "<a>&am", "DECODE_TRUNCATED", 6],
    ["a control character in text", "<a>x\u0001</a>", "XML_MALFORMED", 4],
    ["a NUL byte", bytes("<a>", [0], "</a>"), "XML_MALFORMED", 3],
    ["a control character in an attribute", '<a x="\u001f"/>', "XML_MALFORMED", 6],
    ["U+FFFE in text", "<a>\uFFFE</a>", "XML_MALFORMED", 3],
    ["a control character in a comment", "<a><!--\u0002--></a>", "XML_MALFORMED", 7],
    ["invalid UTF-8", bytes("<a>x", [0xc3, 0x28], "</a>"), "DECODE_INVALID_UTF8", 4],
    ["an overlong UTF-8 sequence", bytes("<a>", [0xc0, 0x80], "</a>"), "DECODE_INVALID_UTF8", 3],
    ["a UTF-8 encoded surrogate", bytes("<a>", [0xed, 0xa0, 0x80], "</a>"), "DECODE_INVALID_UTF8", 3],
    ["invalid UTF-8 in a name", bytes("<a", [0xff], "/>"), "DECODE_INVALID_UTF8", 2],
    ["a bare '&'", "<a>x & y</a>", "XML_MALFORMED", 5],
    ["an entity that is not predefined", "<a>x&nbsp;</a>", "XML_UNDEFINED_ENTITY", 4],
    ["an undefined entity in an attribute", '<a x="&foo;"/>', "XML_UNDEFINED_ENTITY", 6],
    ["a character reference to NUL", "<a>&#0;</a>", "XML_MALFORMED", 3],
    ["a character reference to a surrogate", "<a>&#xD800;</a>", "XML_MALFORMED", 3],
    ["a character reference beyond U+10FFFF", "<a>&#x110000;</a>", "XML_MALFORMED", 3],
    ["a character reference without digits", "<a>&#x;</a>", "XML_MALFORMED", 3],
    ["an unbound element prefix", "<a><p:b/></a>", "XML_UNBOUND_PREFIX", 3],
    ["an unbound attribute prefix", '<a p:x="1"/>', "XML_UNBOUND_PREFIX", 3],
    ["a duplicate attribute", '<a x="1" x="2"/>', "XML_MALFORMED", 9],
    ["a duplicate xmlns attribute", '<a xmlns="u" xmlns="v"/>', "XML_MALFORMED", 13],
    [
      "two attributes with the same namespace and local name",
      '<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>',
      "XML_MALFORMED",
      35,
    ],
    ["attributes without whitespace between them", '<a x="1"y="2"/>', "XML_MALFORMED", 8],
    ["an unquoted attribute value", "<a x=1/>", "XML_MALFORMED", 5],
    ["an attribute without a value", "<a x/>", "XML_MALFORMED", 4],
    ["'<' in an attribute value", '<a x="<"/>', "XML_MALFORMED", 6],
    ["']]>' in text", "<a>x]]>y</a>", "XML_MALFORMED", 4],
    ["'--' inside a comment", "<a><!-- a -- b --></a>", "XML_MALFORMED", 10],
    ["a comment ending in '--->'", "<a><!-- a ---></a>", "XML_MALFORMED", 10],
    ["an XML declaration after whitespace", ' <?xml version="1.0"?><a/>', "XML_MALFORMED", 1],
    ["an XML declaration inside the root", '<a><?xml version="1.0"?></a>', "XML_MALFORMED", 3],
    ["an XML declaration without a version", '<?xml encoding="UTF-8"?><a/>', "XML_MALFORMED", 6],
    ["an XML 2.0 declaration", '<?xml version="2.0"?><a/>', "XML_MALFORMED", 15],
    ["an unsupported encoding", '<?xml version="1.0" encoding="UTF-16"?><a/>', "XML_MALFORMED", 30],
    ["a UTF-16 byte order mark", bytes([0xff, 0xfe, 0x3c, 0x00]), "XML_MALFORMED", 0],
    [
      "a UTF-8 byte order mark on a Latin-1 document",
      bytes([0xef, 0xbb, 0xbf], '<?xml version="1.0" encoding="ISO-8859-1"?><a/>'),
      "XML_MALFORMED",
      33,
    ],
    [
      "a non-ASCII byte in a US-ASCII document",
      bytes('<?xml version="1.0" encoding="US-ASCII"?><a>', [0xc3, 0xa9], "</a>"),
      "XML_MALFORMED",
      44,
    ],
    ["a bad standalone value", '<?xml version="1.0" standalone="maybe"?><a/>', "XML_MALFORMED", 32],
    ["binding a prefix to the empty namespace", '<a xmlns:p=""/>', "XML_MALFORMED", 3],
    ["declaring the xmlns prefix", '<a xmlns:xmlns="u"/>', "XML_MALFORMED", 3],
    ["binding xml to another namespace", '<a xmlns:xml="u"/>', "XML_MALFORMED", 3],
    [
      "binding the xml namespace to another prefix",
      '<a xmlns:p="http://www.w3.org/XML/1998/namespace"/>',
      "XML_MALFORMED",
      3,
    ],
    ["an element with the xmlns prefix", "<xmlns:a/>", "XML_MALFORMED", 0],
    ["a name starting with a digit", "<1a/>", "XML_MALFORMED", 1],
    ["a name with two colons", '<a:b:c xmlns:a="u"/>', "XML_MALFORMED", 4],
    ["a name starting with a colon", "<:a/>", "XML_MALFORMED", 1],
    ["a name ending with a colon", "<a:/>", "XML_MALFORMED", 3],
    ["a space after '<'", "< a/>", "XML_MALFORMED", 1],
    ["a DOCTYPE after the root", "<a/><!DOCTYPE a>", "XML_MALFORMED", 4],
    ["two DOCTYPEs", "<!DOCTYPE a><!DOCTYPE a><a/>", "XML_MALFORMED", 12],
    ["a PUBLIC DOCTYPE without a system literal", '<!DOCTYPE a PUBLIC "-//X//EN"><a/>', "XML_MALFORMED", 29],
    ["a bad character in a public id", '<!DOCTYPE a PUBLIC "x{" "y"><a/>', "XML_MALFORMED", 21],
    [
      "a conditional section in the internal subset",
      "<!DOCTYPE a [<![INCLUDE[]]>]><a/>",
      "XML_MALFORMED",
      13,
    ],
    ["unknown markup in element content", "<a><!FOO></a>", "XML_MALFORMED", 3],
    ["nesting deeper than maxDepth", "<a><b><c/></b></a>", "DECODE_LIMIT", 6, { limits: { maxDepth: 2 } }],
    ["input over maxBytes", "<a>0123456789</a>", "DECODE_LIMIT", 8, { limits: { maxBytes: 8 } }],
    ["bytes over maxBytes", bytes("<a>0123456789</a>"), "DECODE_LIMIT", 8, { limits: { maxBytes: 8 } }],
    [
      "a string whose UTF-8 is over maxBytes",
      "<a>éééé</a>",
      "DECODE_LIMIT",
      12,
      { limits: { maxBytes: 12 } },
    ],
  ];
  for (const [name, input, code, offset, options] of vectors) {
    it(`refuses ${name}`, () => {
      expect(errorOf(() => decodeXml(input, options))).toEqual({ code, offset });
    });
  }

  it("accepts nesting exactly at maxDepth", () => {
    expect(decodeXml("<a><b/></a>", { limits: { maxDepth: 2 } }).name).toBe("a");
  });

  it("refuses a 100 000-deep nesting at the first element over the default limit of 64", () => {
    const deep = "<a>".repeat(100_000);
    expect(errorOf(() => decodeXml(deep))).toEqual({ code: "DECODE_LIMIT", offset: 64 * 3 });
  });

  it("names the open element in a mismatch message", () => {
    expect(() => decodeXml("<a><b></a>")).toThrow(/<b> opened at byte 3/);
  });
});

describe("lenient mode accepts real-world defects", () => {
  const lenient = { lenient: true } as const;

  it("keeps an '&' that starts no reference as a literal '&'", () => {
    const root = decodeXml("<a>MAXDT=15&DR=1 &nbsp; &#xZZ; &#0; & &amp;&#65;</a>", lenient);
    expect(root.children).toEqual(["MAXDT=15&DR=1 &nbsp; &#xZZ; &#0; & &A"]);
  });

  it("keeps a literal '&' in an attribute value", () => {
    expect(decodeXml('<a x="a&b"/>', lenient).attributes).toEqual([{ name: "x", value: "a&b" }]);
  });

  it("keeps an '&' at the end of the text", () => {
    expect(decodeXml("<a>x&</a>", lenient).children).toEqual(["x&"]);
  });

  it("resolves an unbound element prefix to namespace '' and keeps the local name", () => {
    const root = decodeXml("<Meta><A:Format>int</A:Format></Meta>", lenient);
    expect(stripOffsets(root)).toEqual(el("Meta", "", [el("Format", "", ["int"])]));
  });

  it("keeps an unbound prefixed attribute under its written name", () => {
    expect(decodeXml('<a p:x="1"/>', lenient).attributes).toEqual([{ name: "p:x", value: "1" }]);
  });

  it("accepts a PUBLIC DOCTYPE without a system literal", () => {
    const doc = decodeXmlDocument('<!DOCTYPE a PUBLIC "-//X//EN"><a/>', lenient);
    expect(doc.doctype).toEqual({ name: "a", publicId: "-//X//EN" });
  });

  it("still refuses mismatched tags, invalid UTF-8 and bad characters", () => {
    expect(errorOf(() => decodeXml("<a></b>", lenient)).code).toBe("XML_MALFORMED");
    expect(errorOf(() => decodeXml(bytes("<a>", [0xff], "</a>"), lenient)).code).toBe("DECODE_INVALID_UTF8");
    expect(errorOf(() => decodeXml("<a>&#1;\u0001</a>", lenient))).toEqual({
      code: "XML_MALFORMED",
      offset: 7,
    });
  });
});

describe("decodeXmlDocument reports the DOCTYPE", () => {
  it("reports a PUBLIC DOCTYPE", () => {
    const doc = decodeXmlDocument(
      '<?xml version="1.0"?>\n<!DOCTYPE SyncML PUBLIC "-//SYNCML//DTD SyncML 1.2//EN"\n "http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_RepPro_DTD-V1_2.dtd">\n<SyncML/>',
    );
    expect(doc.doctype).toEqual({
      name: "SyncML",
      publicId: "-//SYNCML//DTD SyncML 1.2//EN",
      systemId: "http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_RepPro_DTD-V1_2.dtd",
    });
  });

  it("reports a SYSTEM DOCTYPE with single quotes", () => {
    expect(decodeXmlDocument("<!DOCTYPE MgmtTree SYSTEM 'dm_ddf-v1_2.dtd'><MgmtTree/>").doctype).toEqual({
      name: "MgmtTree",
      systemId: "dm_ddf-v1_2.dtd",
    });
  });

  it("reports a DOCTYPE with only a name", () => {
    expect(decodeXmlDocument("<!DOCTYPE a><a/>").doctype).toEqual({ name: "a" });
  });

  it("reports no DOCTYPE when there is none", () => {
    expect(decodeXmlDocument("<a/>")).toEqual({ root: { name: "a", ns: "", children: [], offset: 0 } });
  });
});

describe("decodeXmlFragment reads zero or more top-level elements", () => {
  it("returns no elements for empty input", () => {
    expect(decodeXmlFragment("")).toEqual([]);
    expect(decodeXmlFragment(" <!-- c --> \r\n")).toEqual([]);
  });

  it("returns every top-level element with its offset", () => {
    const els = decodeXmlFragment("<Add/>\r\n<Exec><CmdID>2</CmdID></Exec>");
    expect(els.map((e) => [e.name, e.offset])).toEqual([
      ["Add", 0],
      ["Exec", 8],
    ]);
  });

  it("accepts an XML declaration before the first element", () => {
    expect(decodeXmlFragment('<?xml version="1.0"?><a/><b/>').length).toBe(2);
  });

  it("refuses text between top-level elements", () => {
    expect(errorOf(() => decodeXmlFragment("<a/>x<b/>"))).toEqual({ code: "XML_MALFORMED", offset: 4 });
  });

  it("refuses a truncated last element", () => {
    expect(errorOf(() => decodeXmlFragment("<a/><b>"))).toEqual({ code: "DECODE_TRUNCATED", offset: 7 });
  });

  it("scopes namespaces to each top-level element", () => {
    const els = decodeXmlFragment('<a xmlns="u"/><b/>');
    expect(els.map((e) => e.ns)).toEqual(["u", ""]);
  });
});
