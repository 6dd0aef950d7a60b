import { describe, expect, it } from "vitest";
import { el, stripOffsets, type Element } from "../element.js";
import { DecodeError, type ErrorCode } from "../errors.js";
import { decodeWbxml, decodeWbxmlDocument } from "./decode-wbxml.js";
import { dmddf12Language, provLanguage, syncml11Language, syncml12Language } from "./languages.js";

/** Bytes from numbers and ASCII strings (strings are not NUL-terminated: write 0 yourself). */
function b(...parts: (number | string)[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === "number") out.push(p);
    else for (const c of new TextEncoder().encode(p)) out.push(c);
  }
  return Uint8Array.from(out);
}

const S12 = "SYNCML:SYNCML1.2";
const S11 = "SYNCML:SYNCML1.1";
const MI = "syncml:metinf";
const DDF = "syncml:dmddf1.2";
const FPI12 = "-//SYNCML//DTD SyncML 1.2//EN";
const FPI_DDF = "-//OMA//DTD-DM-DDF 1.2//EN";
/** WBXML 1.2, public id 0x1201 (A4 01), UTF-8, empty string table. */
const H12 = [0x02, 0xa4, 0x01, 0x6a, 0x00] as const;
/** WBXML 1.3, PROV public id 0x0B, UTF-8, empty string table. */
const HPROV = [0x03, 0x0b, 0x6a, 0x00] as const;

function decoded(bytes: Uint8Array): Element {
  return stripOffsets(decodeWbxml(bytes));
}

function errorOf(f: () => unknown): DecodeError {
  try {
    f();
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error("no error thrown");
}

describe("decodeWbxml header forms", () => {
  it.each<[string, Uint8Array, number, number | string, number, Element]>([
    ["WBXML 1.0 without charset field", b(0x00, 0xa4, 0x01, 0x00, 0x2d), 0x00, 0x1201, 0, el("SyncML", S12)],
    ["WBXML 1.1", b(0x01, 0xa4, 0x01, 0x6a, 0x00, 0x2d), 0x01, 0x1201, 106, el("SyncML", S12)],
    ["WBXML 1.2", b(...H12, 0x2d), 0x02, 0x1201, 106, el("SyncML", S12)],
    ["WBXML 1.3", b(0x03, 0xa4, 0x01, 0x6a, 0x00, 0x2d), 0x03, 0x1201, 106, el("SyncML", S12)],
    [
      "SyncML 1.1 numeric id 0x0FD3",
      b(0x02, 0x9f, 0x53, 0x6a, 0x00, 0x2d),
      0x02,
      0x0fd3,
      106,
      el("SyncML", S11),
    ],
    [
      "string public id at index 0 without NUL (RTK style)",
      b(0x02, 0x00, 0x00, 0x6a, 0x1d, FPI12, 0x2d),
      0x02,
      FPI12,
      106,
      el("SyncML", S12),
    ],
    [
      "string public id at a later index, NUL-terminated",
      b(0x02, 0x00, 0x03, 0x6a, 0x21, "ab", 0, FPI12, 0, 0x2d),
      0x02,
      FPI12,
      106,
      el("SyncML", S12),
    ],
    ["charset US-ASCII (3)", b(0x02, 0xa4, 0x01, 0x03, 0x00, 0x2d), 0x02, 0x1201, 3, el("SyncML", S12)],
    ["charset ISO-8859-1 (4)", b(0x02, 0xa4, 0x01, 0x04, 0x00, 0x2d), 0x02, 0x1201, 4, el("SyncML", S12)],
    [
      "charset 0 (unknown, read as UTF-8)",
      b(0x02, 0xa4, 0x01, 0x00, 0x00, 0x2d),
      0x02,
      0x1201,
      0,
      el("SyncML", S12),
    ],
    [
      "standalone DDF: string id, SWITCH_PAGE 2 first (as xml2wbxml writes)",
      b(0x03, 0x00, 0x00, 0x6a, 0x1b, FPI_DDF, 0, 0x00, 0x02, 0x20),
      0x03,
      FPI_DDF,
      106,
      el("MgmtTree", DDF),
    ],
  ])("reads %s", (_name, bytes, version, publicId, charset, root) => {
    const doc = decodeWbxmlDocument(bytes);
    expect(doc.version).toBe(version);
    expect(doc.publicId).toBe(publicId);
    expect(doc.charset).toBe(charset);
    expect(stripOffsets(doc.root)).toEqual(root);
  });

  it("reports the language it decoded with", () => {
    expect(decodeWbxmlDocument(b(...H12, 0x2d)).language).toBe(syncml12Language);
    expect(decodeWbxmlDocument(b(...HPROV, 0x05)).language).toBe(provLanguage);
  });

  it("decodes a private public id with the language given as an option", () => {
    const doc = decodeWbxmlDocument(b(0x01, 0x01, 0x6a, 0x00, 0x2d), { language: syncml11Language });
    expect(doc.publicId).toBe(1);
    expect(stripOffsets(doc.root)).toEqual(el("SyncML", S11));
  });
});

describe("decodeWbxml tokens", () => {
  it.each<[string, Uint8Array, Element]>([
    ["STR_I text", b(...H12, 0x4f, 0x03, "abc", 0, 0x01), el("Data", S12, ["abc"])],
    [
      "STR_T text from the string table",
      b(0x02, 0xa4, 0x01, 0x6a, 0x04, "xyz", 0, 0x4f, 0x83, 0x00, 0x01),
      el("Data", S12, ["xyz"]),
    ],
    ["ENTITY as a character", b(...H12, 0x4f, 0x02, 0x81, 0x00, 0x01), el("Data", S12, ["\u0080"])],
    ["ENTITY above the BMP", b(...H12, 0x4f, 0x02, 0x87, 0xf6, 0x00, 0x01), el("Data", S12, ["\u{1fb00}"])],
    [
      "adjacent STR_I, ENTITY and STR_T joined into one text child",
      b(0x02, 0xa4, 0x01, 0x6a, 0x02, "c", 0, 0x4f, 0x03, "a", 0, 0x02, 0x62, 0x83, 0x00, 0x01),
      el("Data", S12, ["abc"]),
    ],
    [
      "OPAQUE as bytes",
      b(...H12, 0x4f, 0xc3, 0x03, 1, 2, 0, 0x01),
      el("Data", S12, [Uint8Array.of(1, 2, 0)]),
    ],
    [
      "text around OPAQUE kept apart",
      b(...H12, 0x4f, 0x03, "a", 0, 0xc3, 0x01, 9, 0x03, "b", 0, 0x01),
      el("Data", S12, ["a", Uint8Array.of(9), "b"]),
    ],
    ["an empty STR_I as no child", b(...H12, 0x4f, 0x03, 0, 0x01), el("Data", S12)],
    ["content bit with nothing inside", b(...H12, 0x4f, 0x01), el("Data", S12)],
    ["UTF-8 text", b(...H12, 0x4f, 0x03, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0, 0x01), el("Data", S12, ["é€"])],
    [
      "ISO-8859-1 text",
      b(0x02, 0xa4, 0x01, 0x04, 0x00, 0x4f, 0x03, 0xe9, 0x80, 0, 0x01),
      el("Data", S12, ["é\u0080"]),
    ],
    [
      "a long ASCII string",
      b(...H12, 0x4f, 0x03, "x".repeat(300), 0, 0x01),
      el("Data", S12, ["x".repeat(300)]),
    ],
    [
      "SWITCH_PAGE to MetInf and back (fact sheet §3.4)",
      b(...H12, 0x6d, 0x5a, 0x00, 0x01, 0x47, 0x03, "b64", 0, 0x01, 0x01, 0x00, 0x00, 0x12, 0x01),
      el("SyncML", S12, [el("Meta", S12, [el("Format", MI, ["b64"])]), el("Final", S12)]),
    ],
    [
      "page 2 DDF inside SyncML",
      b(...H12, 0x4f, 0x00, 0x02, 0x60, 0x77, 0x03, "1.2", 0, 0x01, 0x01, 0x01),
      el("Data", S12, [el("MgmtTree", DDF, [el("VerDTD", DDF, ["1.2"])])]),
    ],
    [
      "whitespace-only text beside element children dropped",
      b(...H12, 0x6d, 0x03, "\n  ", 0, 0x12, 0x03, " ", 0, 0x01),
      el("SyncML", S12, [el("Final", S12)]),
    ],
    ["whitespace-only text of a leaf kept", b(...H12, 0x4f, 0x03, "  ", 0, 0x01), el("Data", S12, ["  "])],
    [
      "mixed text and elements kept in order",
      b(...H12, 0x4f, 0x03, "a", 0, 0x12, 0x03, "b", 0, 0x01),
      el("Data", S12, ["a", el("Final", S12), "b"]),
    ],
    [
      "LITERAL, LITERAL_C names from the string table",
      b(0x02, 0xa4, 0x01, 0x6a, 0x08, "Foo", 0, "Bar", 0, 0x44, 0x04, 0x04, 0x00, 0x01),
      el("Bar", S12, [el("Foo", S12)]),
    ],
    [
      "LITERAL_A and LITERAL_AC with a LITERAL attribute name",
      b(
        0x02,
        0xa4,
        0x01,
        0x6a,
        0x05,
        "X",
        0,
        "at",
        0,
        0xc4,
        0x00,
        0x04,
        0x02,
        0x03,
        "v",
        0,
        0x01,
        0x84,
        0x00,
        0x01,
        0x01,
      ),
      el("X", S12, [el("X", S12)], [{ name: "at", value: "v" }]),
    ],
    [
      "PI before the root and inside content, skipped",
      b(...H12, 0x43, 0x05, 0x03, "x", 0, 0x01, 0x4f, 0x43, 0x06, 0x85, 0x01, 0x03, "t", 0, 0x01),
      el("Data", S12, ["t"]),
    ],
  ])("decodes %s", (_name, bytes, expected) => {
    expect(decoded(bytes)).toEqual(expected);
  });

  it("records each element's byte offset", () => {
    const root = decodeWbxml(b(...H12, 0x6d, 0x6c, 0x71, 0x03, "1", 0, 0x01, 0x01, 0x12, 0x01));
    expect(root.offset).toBe(5);
    const hdr = root.children[0] as Element;
    expect(hdr.offset).toBe(6);
    expect((hdr.children[0] as Element).offset).toBe(7);
    expect((root.children[1] as Element).offset).toBe(13);
  });
});

describe("decodeWbxml attributes (WAP PROV)", () => {
  it.each<[string, Uint8Array, Element]>([
    [
      "an attribute start carrying the whole value",
      b(...HPROV, 0x85, 0x46, 0x01),
      el("wap-provisioningdoc", "", [], [{ name: "version", value: "1.0" }]),
    ],
    [
      "a start token followed by STR_I",
      b(...HPROV, 0x85, 0x45, 0x03, "1.1", 0, 0x01),
      el("wap-provisioningdoc", "", [], [{ name: "version", value: "1.1" }]),
    ],
    [
      "name and value with a value token",
      b(...HPROV, 0x87, 0x21, 0x06, 0x85, 0x01),
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
    [
      "a start prefix extended by a string",
      b(...HPROV, 0x87, 0x07, 0x03, "X", 0, 0x01),
      el("parm", "", [], [{ name: "name", value: "NAMEX" }]),
    ],
    [
      "attribute page 1 (APPLICATION), which outlives the attribute list",
      b(...HPROV, 0xc6, 0x00, 0x01, 0x55, 0x01, 0x87, 0x36, 0x06, 0x03, "w7", 0, 0x01, 0x01),
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
    ],
    [
      "value tokens switched between pages inside one value",
      b(...HPROV, 0x87, 0x00, 0x01, 0x33, 0x06, 0x91, 0x00, 0x00, 0x03, "x", 0, 0x01),
      el(
        "parm",
        "",
        [],
        [
          { name: "name", value: "AAUTHTYPE" },
          { name: "value", value: "HTTP-x" },
        ],
      ),
    ],
    [
      "an ENTITY and a STR_T in a value",
      b(0x03, 0x0b, 0x6a, 0x02, "z", 0, 0x87, 0x05, 0x02, 0x41, 0x83, 0x00, 0x01),
      el("parm", "", [], [{ name: "name", value: "Az" }]),
    ],
    [
      "OPAQUE in a value (WBXML 1.3) as text",
      b(...HPROV, 0x87, 0x05, 0xc3, 0x02, "ok", 0x01),
      el("parm", "", [], [{ name: "name", value: "ok" }]),
    ],
    ["tag page 1 characteristic", b(...HPROV, 0x00, 0x01, 0x06), el("characteristic", "")],
  ])("decodes %s", (_name, bytes, expected) => {
    expect(decoded(bytes)).toEqual(expected);
  });
});

describe("decodeWbxml refusals", () => {
  it.each<[string, Uint8Array, ErrorCode, number]>([
    ["empty input", b(), "DECODE_TRUNCATED", 0],
    ["version 0x04", b(0x04, 0xa4, 0x01, 0x6a, 0x00, 0x2d), "WBXML_UNSUPPORTED_VERSION", 0],
    ["the 'unknown' public id 0x01", b(0x01, 0x01, 0x6a, 0x00, 0x2d), "WBXML_UNKNOWN_PUBLIC_ID", 1],
    [
      "an unknown formal public identifier",
      b(0x02, 0x00, 0x00, 0x6a, 0x04, "abc", 0, 0x2d),
      "WBXML_UNKNOWN_PUBLIC_ID",
      1,
    ],
    ["a public id index outside the table", b(0x02, 0x00, 0x05, 0x6a, 0x00, 0x2d), "WBXML_MALFORMED", 2],
    ["charset Shift_JIS (17)", b(0x02, 0xa4, 0x01, 0x11, 0x00, 0x2d), "WBXML_UNSUPPORTED_CHARSET", 3],
    ["a string table longer than the input", b(0x02, 0xa4, 0x01, 0x6a, 0x10, 0x2d), "DECODE_TRUNCATED", 4],
    ["an mb_u_int32 of 6 bytes", b(0x02, 0x81, 0x81, 0x81, 0x81, 0x81, 0x01), "WBXML_MALFORMED", 1],
    ["an mb_u_int32 over 32 bits", b(0x02, 0x90, 0x80, 0x80, 0x80, 0x00), "WBXML_MALFORMED", 1],
    ["an mb_u_int32 cut off", b(0x02, 0xa4), "DECODE_TRUNCATED", 1],
    ["no body", b(...H12), "DECODE_TRUNCATED", 5],
    ["a reserved tag token (0x30)", b(...H12, 0x30), "WBXML_UNKNOWN_TOKEN", 5],
    ["a tag on a page the language lacks", b(...H12, 0x00, 0x05, 0x2d), "WBXML_UNKNOWN_TOKEN", 7],
    [
      "a DDF tag before SWITCH_PAGE 2",
      b(0x03, 0x00, 0x00, 0x6a, 0x1b, FPI_DDF, 0, 0x20),
      "WBXML_UNKNOWN_TOKEN",
      32,
    ],
    ["EXT_I_0", b(...H12, 0x4f, 0x40, 0x03, "x", 0, 0x01), "WBXML_UNKNOWN_TOKEN", 6],
    ["EXT_T_1", b(...H12, 0x4f, 0x81, 0x00, 0x01), "WBXML_UNKNOWN_TOKEN", 6],
    ["EXT_2", b(...H12, 0x4f, 0xc2, 0x01), "WBXML_UNKNOWN_TOKEN", 6],
    ["STR_T outside the string table", b(...H12, 0x4f, 0x83, 0x00, 0x01), "WBXML_MALFORMED", 7],
    ["OPAQUE longer than the input", b(...H12, 0x4f, 0xc3, 0x7f, 1, 2, 0x01), "DECODE_TRUNCATED", 7],
    ["STR_I without NUL", b(...H12, 0x4f, 0x03, "abc"), "DECODE_TRUNCATED", 6],
    ["a missing END", b(...H12, 0x6d, 0x12), "DECODE_TRUNCATED", 7],
    ["END outside any element", b(...H12, 0x2d, 0x01), "WBXML_MALFORMED", 6],
    ["a second root element", b(...H12, 0x2d, 0x2d), "WBXML_MALFORMED", 6],
    ["text before the root", b(...H12, 0x03, "x", 0, 0x2d), "WBXML_MALFORMED", 5],
    ["OPAQUE before the root", b(...H12, 0xc3, 0x00, 0x2d), "WBXML_MALFORMED", 5],
    ["invalid UTF-8", b(...H12, 0x4f, 0x03, 0xff, 0xfe, 0, 0x01), "DECODE_INVALID_UTF8", 7],
    ["an ENTITY naming a surrogate", b(...H12, 0x4f, 0x02, 0x83, 0xb0, 0x00, 0x01), "WBXML_MALFORMED", 7],
    ["SWITCH_PAGE at the end", b(...H12, 0x6d, 0x00), "DECODE_TRUNCATED", 6],
    ["an unknown attribute start", b(...HPROV, 0x87, 0x4d, 0x01), "WBXML_UNKNOWN_TOKEN", 5],
    ["an unknown attribute value", b(...HPROV, 0x87, 0x05, 0xfe, 0x01), "WBXML_UNKNOWN_TOKEN", 6],
    ["a value before any attribute start", b(...HPROV, 0x87, 0x03, "x", 0, 0x01), "WBXML_MALFORMED", 5],
    ["an unended attribute list", b(...HPROV, 0x87, 0x05), "DECODE_TRUNCATED", 6],
    ["LITERAL_C inside an attribute list", b(...HPROV, 0x87, 0x44, 0x01), "WBXML_MALFORMED", 5],
    [
      "a LITERAL naming an empty string",
      b(0x02, 0xa4, 0x01, 0x6a, 0x01, 0, 0x04, 0x00),
      "WBXML_MALFORMED",
      7,
    ],
    [
      "attribute tokens in a language without attributes",
      b(...H12, 0xad, 0x05, 0x01),
      "WBXML_UNKNOWN_TOKEN",
      6,
    ],
  ])("refuses %s", (_name, bytes, code, offset) => {
    const e = errorOf(() => decodeWbxml(bytes));
    expect(e.code).toBe(code);
    expect(e.offset).toBe(offset);
  });

  it("refuses nesting deeper than maxDepth before building it", () => {
    const deep = b(...H12, ...new Array<number>(5).fill(0x6d), ...new Array<number>(5).fill(0x01));
    expect(decodeWbxml(deep, { limits: { maxDepth: 5 } }).name).toBe("SyncML");
    const e = errorOf(() => decodeWbxml(deep, { limits: { maxDepth: 4 } }));
    expect(e.code).toBe("DECODE_LIMIT");
    expect(e.offset).toBe(9);
  });

  it("refuses input over maxBytes", () => {
    const e = errorOf(() => decodeWbxml(b(...H12, 0x2d), { limits: { maxBytes: 5 } }));
    expect(e.code).toBe("DECODE_LIMIT");
  });

  it("decodes a nesting far deeper than the call stack could hold when the limit allows it", () => {
    const n = 100_000;
    const deep = new Uint8Array(H12.length + 2 * n);
    deep.set(H12);
    deep.fill(0x6d, H12.length, H12.length + n);
    deep.fill(0x01, H12.length + n);
    expect(decodeWbxml(deep, { limits: { maxDepth: n } }).name).toBe("SyncML");
  });

  it("decodes DDF with the option language even when the id says SyncML", () => {
    const root = decodeWbxml(b(...H12, 0x00, 0x02, 0x20), { language: dmddf12Language });
    expect(stripOffsets(root)).toEqual(el("MgmtTree", DDF));
  });
});
