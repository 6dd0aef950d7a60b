import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isElement, stripOffsets } from "../element.js";
import type { Attribute, Child, Element } from "../element.js";
import { DecodeError } from "../errors.js";
import { decodeXml, decodeXmlFragment } from "./decode-xml.js";
import { encodeXml, encodeXmlString } from "./encode-xml.js";

const fixture = (path: string): Uint8Array =>
  readFileSync(new URL(`../../../../../shared/fixtures/${path}`, import.meta.url));

// ---- Random element trees ------------------------------------------------------------------

const names = fc.constantFrom("SyncML", "CmdID", "LocURI", "a", "b-c.d", "_x", "é", "名前", "Node", "x1");
const namespaces = fc.constantFrom(
  "",
  "",
  "SYNCML:SYNCML1.2",
  "syncml:metinf",
  "syncml:dmddf1.2",
  "urn:é&<\"'",
);
/** Any XML 1.0 character sequence, with markup characters and whitespace made likely. */
const xmlText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "&",
        "<",
        ">",
        '"',
        "'",
        "]]>",
        "\r\n",
        "\r",
        "\n",
        "\t",
        " ",
        "&amp;",
        "\u{1F600}",
        "é",
      ),
      fc
        .string({ unit: "binary", maxLength: 6 })
        .map((s) => s.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "?")),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(""));

const attributes = fc
  .uniqueArray(fc.record({ name: fc.constantFrom("x", "name", "value", "xml:lang", "é"), value: xmlText }), {
    selector: (a) => a.name,
    maxLength: 3,
  })
  .map((as): Attribute[] | undefined => (as.length === 0 ? undefined : as));

const tree = fc.letrec<{ element: Element; child: Child }>((tie) => ({
  element: fc
    .record({
      name: names,
      ns: namespaces,
      attributes,
      children: fc.array(tie("child"), { maxLength: 4 }),
    })
    .map(({ name, ns, attributes, children }) => normalize({ name, ns, children, attributes })),
  child: fc.oneof({ depthSize: "small", withCrossShrink: true }, xmlText, tie("element")),
}));

const isWhitespace = (s: string): boolean => /^[ \t\r\n]*$/.test(s);

/** The canonical form decoding produces (element.ts): merged text, no whitespace next to elements. */
function normalize(e: {
  name: string;
  ns: string;
  children: readonly Child[];
  attributes?: Attribute[];
}): Element {
  const merged: Child[] = [];
  for (const c of e.children) {
    const last = merged[merged.length - 1];
    if (typeof c === "string" && typeof last === "string") merged[merged.length - 1] = last + c;
    else merged.push(c);
  }
  const hasElement = merged.some((c) => typeof c !== "string");
  const children = merged.filter(
    (c) => typeof c !== "string" || (c !== "" && !(hasElement && isWhitespace(c))),
  );
  return e.attributes === undefined
    ? { name: e.name, ns: e.ns, children }
    : { name: e.name, ns: e.ns, children, attributes: e.attributes };
}

describe("random element trees round-trip through encode and decode", () => {
  it("decodes what encodeXml wrote to the same tree", () => {
    fc.assert(
      fc.property(tree.element, (root) => {
        expect(stripOffsets(decodeXml(encodeXml(root)))).toEqual(root);
      }),
      { numRuns: 300 },
    );
  });

  it("decodes pretty-printed output to the same tree", () => {
    fc.assert(
      fc.property(tree.element, fc.constantFrom(" ", "  ", "\t"), (root, indent) => {
        expect(stripOffsets(decodeXml(encodeXmlString(root, { indent })))).toEqual(root);
      }),
      { numRuns: 200 },
    );
  });

  it("decodes concatenated elements as a fragment", () => {
    fc.assert(
      fc.property(fc.array(tree.element, { maxLength: 4 }), (roots) => {
        const text = roots.map((r) => encodeXmlString(r, { declaration: false })).join("\r\n");
        expect(decodeXmlFragment(text).map(stripOffsets)).toEqual(roots);
      }),
      { numRuns: 100 },
    );
  });

  it("gives every decoded element the offset of its '<'", () => {
    fc.assert(
      fc.property(tree.element, (root) => {
        const bytes = encodeXml(root, { indent: " " });
        const stack: Element[] = [decodeXml(bytes)];
        for (let e = stack.pop(); e !== undefined; e = stack.pop()) {
          expect(bytes[e.offset!]).toBe(0x3c);
          for (const c of e.children) if (isElement(c)) stack.push(c);
        }
      }),
      { numRuns: 100 },
    );
  });
});

// ---- Hostile bytes -------------------------------------------------------------------------

/** Decoding gives an element or a DecodeError with an offset inside the input, nothing else. */
function decodesOrRefuses(bytes: Uint8Array): void {
  for (const lenient of [false, true]) {
    for (const decode of [decodeXml, decodeXmlFragment]) {
      try {
        decode(bytes, { lenient, limits: { maxDepth: 16 } });
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        expect(Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= bytes.length).toBe(true);
      }
    }
  }
}

const fixtureBytes = [
  "cyanogenmod-oma-dm/dm12/testalertconfirm.xml",
  "cyanogenmod-oma-dm/dm12/testnewdatatype.xml",
  "libwbxml/ddf/syncml_with_ddf-001.xml",
  "libwbxml/prov/prov-008.xml",
  "fleet/sample_syncml_commands/install_orbit.xml",
  "fleet/sample_syncml_commands/atomic_install_msi.xml",
  "webos-update-exploration/DmTree.xml",
  "SyncMLViewer/SyncML-Examples.txt",
].map(fixture);

const mutation = fc.record({
  kind: fc.constantFrom("set", "insert", "delete", "truncate"),
  at: fc.nat(),
  byte: fc.oneof(
    fc.integer({ min: 0, max: 255 }),
    fc.constantFrom(...[..."<>&;/=\"'!?-[]:#x \r\n"].map((c) => c.charCodeAt(0)), 0xc3, 0xef, 0xbf, 0xbe),
  ),
  length: fc.integer({ min: 1, max: 8 }),
});

function mutate(
  source: Uint8Array,
  mutations: readonly { kind: string; at: number; byte: number; length: number }[],
) {
  let b = Uint8Array.from(source);
  for (const m of mutations) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.kind === "set" && b.length > 0) b[at] = m.byte;
    else if (m.kind === "insert") b = Uint8Array.from([...b.subarray(0, at), m.byte, ...b.subarray(at)]);
    else if (m.kind === "delete") b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.length)]);
    else b = b.subarray(0, at);
  }
  return b;
}

/** Tokens that reach the parser's corners more often than random bytes do. */
const xmlish = fc
  .array(
    fc.constantFrom(
      "<a>",
      "</a>",
      "<b x='1' y=\"2\">",
      "</b>",
      "<c/>",
      "<p:d xmlns:p='u'>",
      "</p:d>",
      "<e xmlns='v'>",
      "</e>",
      "&amp;",
      "&#x41;",
      "&#65;",
      "&",
      "&lt",
      "&nope;",
      "<!--",
      "-->",
      "<![CDATA[",
      "]]>",
      "<?pi x?>",
      '<?xml version="1.0" encoding="ISO-8859-1"?>',
      "<!DOCTYPE a [",
      "<!ENTITY x 'y'>",
      "]>",
      "%p;",
      "text",
      " ",
      "\r\n",
      "é",
      "\u0000",
      "\uFEFF",
      "<",
      ">",
      "=",
      '"',
      "'",
    ),
    { maxLength: 24 },
  )
  .map((tokens) => tokens.join(""));

describe("hostile input gives an Element or a DecodeError, never another exception", () => {
  it("handles random bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), decodesOrRefuses), { numRuns: 500 });
  });

  it("handles random strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => {
        decodesOrRefuses(new TextEncoder().encode(s));
        expect(() => {
          try {
            decodeXml(s);
          } catch (e) {
            if (!(e instanceof DecodeError)) throw e;
          }
        }).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it("handles sequences of XML tokens", () => {
    fc.assert(
      fc.property(xmlish, (s) => decodesOrRefuses(new TextEncoder().encode(s))),
      { numRuns: 1000 },
    );
  });

  it("handles mutations of fixture bytes", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtureBytes),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (b, ms) => decodesOrRefuses(mutate(b, ms)),
      ),
      { numRuns: 500 },
    );
  });
});
