import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecodeError, OmaDmError } from "../errors.js";
import { decodeJson } from "./decode-json.js";
import { decodeTnds20 } from "./decode-tnds20.js";
import { encodeTnds20 } from "./encode-tnds20.js";
import type { Tnds20Document, Tnds20Node } from "./tnds20-document.js";

const seed = readFileSync(
  new URL("../../../../../shared/seeds/004_6cc496932b55d8e6.txt", import.meta.url),
  "utf8",
);
/** The Pkg#1 body of the draft's Appendix C.1, verbatim (its odd line breaks included). */
const c1Body = seed.slice(
  seed.indexOf("Content length:1181") + "Content length:1181".length,
  seed.indexOf("C.2 Pkg#1 Response Example"),
);
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = new TextDecoder();

function decodeError(f: () => unknown): DecodeError {
  try {
    f();
  } catch (err) {
    if (err instanceof DecodeError) return err;
    throw err;
  }
  throw new Error("expected a DecodeError");
}

describe("the draft's Appendix C.1 Pkg#1 body", () => {
  const doc = decodeTnds20(bytes(c1Body));

  it("is one JSON object that JSON.parse would collapse to its last MO", () => {
    const collapsed = JSON.parse(c1Body) as { MO: Record<string, string>[] };
    expect(collapsed.MO).toHaveLength(1);
    expect(collapsed.MO[0]?.MOID).toBe("oma:mo:oma-scomo:1.0");
  });

  it("lists the 6 supported MOs, grouped by their repeated MOID keys", () => {
    expect(doc.mo).toEqual([
      { moid: "oma:mo:oma-dm-devinfo:1.0", ddf: "http://www.vendor.com/DDF/devinfo10.ddf", paths: ["/"] },
      { moid: "oma:mo:oma-dm-devdetail:1.0", ddf: "http://www.vendor.com/DDF/devdetail10.ddf", paths: ["/"] },
      { moid: "oma:mo:oma-dm-fs:1.0", ddf: "http://www.vendor.com/DDF/filesystem10.ddf", paths: ["/"] },
      { moid: "oma:mo:oma-mms:1.3", ddf: "http://www.vendor.com/DDF/mms13.ddf", paths: ["/1", "/3"] },
      { moid: "oma:mo:oma-connmo:1.0", ddf: "http://www.vendor.com/DDF/connmo10.ddf", paths: ["/Internet"] },
      { moid: "oma:mo:oma-scomo:1.0", ddf: "http://www.vendor.com/DDF/scomo10.ddf", paths: [] },
    ]);
  });

  it("carries DevInfo and DevDetail, DevDetail URI/MaxDepth 20 in a nested object", () => {
    expect(doc.tnds20.map((o) => [o.moid, o.path])).toEqual([
      ["oma:mo:oma-dm-devinfo:1.0", "/"],
      ["oma:mo:oma-dm-devdetail:1.0", "/"],
    ]);
    expect(doc.tnds20[0]?.values).toEqual([
      { name: "DevID", value: "00440107486xxxxxx" },
      { name: "Man", value: "Sony Ericsson" },
      { name: "Mod", value: "X1i" },
      { name: "DmV", value: "2.0" },
      { name: "Lang", value: "en" },
    ]);
    const devDetail = doc.tnds20[1]!.values;
    expect(devDetail.map((n) => n.name)).toEqual([
      "Roaming",
      "CBT",
      "DevType",
      "OEM",
      "FwV",
      "SwV",
      "HwV",
      "UserInteraction",
      "URI",
      "Ext",
    ]);
    expect(devDetail.find((n) => n.name === "URI")?.value).toEqual([
      { name: "MaxDepth", value: "20" },
      { name: "MaxTotLen", value: "100" },
      { name: "MaxSegLen", value: "100" },
    ]);
    expect(doc.genericAlerts).toBeUndefined();
  });

  it("re-encodes without a repeated key in any object and decodes back to the same document", () => {
    const wire = encodeTnds20(doc);
    const noDuplicates = (v: ReturnType<typeof decodeJson>): boolean => {
      if (v.type === "array") return v.items.every(noDuplicates);
      if (v.type !== "object") return true;
      const keys = new Set(v.members.map((m) => m.key));
      return keys.size === v.members.length && v.members.every((m) => noDuplicates(m.value));
    };
    expect(noDuplicates(decodeJson(wire))).toBe(true);
    expect(decodeTnds20(wire)).toEqual(doc);
    const plain = JSON.parse(text.decode(wire)) as { MO: { MOID: string; Path?: string }[] };
    expect(plain.MO.filter((m) => m.MOID === "oma:mo:oma-mms:1.3").map((m) => m.Path)).toEqual(["/1", "/3"]);
  });
});

describe("decodeTnds20", () => {
  it("accepts one object per MO, members in any order, and merges entries of the same MOID", () => {
    const doc = decodeTnds20(
      '{"MO":[{"Path":"/1","MOID":"m","DDF":"d"},{"MOID":"m","Path":"/3"},{"MOID":"n"}],"Other":1}',
    );
    expect(doc).toEqual({
      mo: [
        { moid: "m", ddf: "d", paths: ["/1", "/3"] },
        { moid: "n", paths: [] },
      ],
      tnds20: [],
    });
  });

  it("reads numbers and booleans as their text and keeps Generic Alerts as JSON", () => {
    const doc = decodeTnds20(
      '{"TNDS20":[{"Path":"/","MOID":"m","A":20,"B":true,"C":{}}],"GenericAlerts":[{"x":1}]}',
    );
    expect(doc.tnds20).toEqual([
      {
        moid: "m",
        path: "/",
        values: [
          { name: "A", value: "20" },
          { name: "B", value: "true" },
          { name: "C", value: [] },
        ],
      },
    ]);
    expect(doc.genericAlerts).toEqual([
      { type: "object", members: [{ key: "x", value: { type: "number", text: "1" } }] },
    ]);
  });

  // The offset is that of the last occurrence of the marker in the text.
  it.each([
    ["a top level that is not an object", "[]", "[]"],
    ["MO that is not an array", '{"MO":{}}', "{}"],
    ["an MO entry without MOID", '{"MO":[{"DDF":"d"}]}', '{"DDF"'],
    ["a DDF before the first MOID of a group", '{"MO":[{"DDF":"d","MOID":"a","MOID":"b"}]}', '"DDF"'],
    ["two DDFs for one MO in a group", '{"MO":[{"MOID":"a","DDF":"d","DDF":"e","MOID":"b"}]}', '"DDF"'],
    ["two DDF locations for one MOID", '{"MO":[{"MOID":"a","DDF":"d"},{"MOID":"a","DDF":"e"}]}', '{"MOID"'],
    ["a MOID that is not a string", '{"MO":[{"MOID":1}]}', "1"],
    ["a duplicate MO member", '{"MO":[],"MO":[]}', '"MO"'],
    ["a TNDS20 entry without Path", '{"TNDS20":[{"MOID":"m"}]}', '{"MOID"'],
    ["a TNDS20 entry with two Paths", '{"TNDS20":[{"MOID":"m","Path":"/","Path":"/"}]}', '"Path"'],
    ["duplicate node names", '{"TNDS20":[{"MOID":"m","Path":"/","A":{"x":"1","x":"2"}}]}', '"x"'],
    ["a null node value", '{"TNDS20":[{"MOID":"m","Path":"/","A":null}]}', "null"],
  ])("refuses %s with TNDS_INVALID at the offending offset", (_name, json, marker) => {
    const err = decodeError(() => decodeTnds20(bytes(json)));
    expect([err.code, err.offset]).toEqual(["TNDS_INVALID", json.lastIndexOf(marker)]);
  });

  it("refuses malformed JSON with JSON_MALFORMED", () => {
    expect(decodeError(() => decodeTnds20(c1Body.slice(0, -20))).code).toBe("JSON_MALFORMED");
  });
});

describe("encodeTnds20", () => {
  it("writes one MO object per instance path, DDF repeated, and leaves empty lists out", () => {
    const wire = encodeTnds20({
      mo: [
        { moid: "m", ddf: "d", paths: ["/1", "/3"] },
        { moid: "n", paths: [] },
      ],
      tnds20: [],
    });
    expect(text.decode(wire)).toBe(
      '{"MO":[{"MOID":"m","DDF":"d","Path":"/1"},{"MOID":"m","DDF":"d","Path":"/3"},{"MOID":"n"}]}',
    );
  });

  it.each<[string, Tnds20Document]>([
    [
      "the same MOID twice",
      {
        mo: [
          { moid: "m", paths: [] },
          { moid: "m", paths: ["/"] },
        ],
        tnds20: [],
      },
    ],
    [
      "a top-level node named Path",
      { mo: [], tnds20: [{ moid: "m", path: "/", values: [{ name: "Path", value: "x" }] }] },
    ],
    [
      "duplicate node names",
      {
        mo: [],
        tnds20: [
          {
            moid: "m",
            path: "/",
            values: [
              {
                name: "A",
                value: [
                  { name: "x", value: "1" },
                  { name: "x", value: "2" },
                ],
              },
            ],
          },
        ],
      },
    ],
  ])("refuses %s with INVALID_ARGUMENT", (_name, doc) => {
    let err: unknown;
    try {
      encodeTnds20(doc);
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(OmaDmError);
    expect((err as OmaDmError).code).toBe("INVALID_ARGUMENT");
  });
});

const name = fc.constantFrom("A", "B", "Ext", "URI", "MaxDepth", "ü", "a b", 'q"');
const uniqueNodes = (arb: fc.Arbitrary<Tnds20Node>): fc.Arbitrary<Tnds20Node[]> =>
  fc.uniqueArray(arb, { selector: (n) => n.name, maxLength: 4 });
const { node } = fc.letrec<{ node: Tnds20Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    fc.record({ name, value: fc.string({ unit: "binary" }) }),
    fc.record({ name, value: uniqueNodes(tie("node")) }),
  ),
}));
const docArb: fc.Arbitrary<Tnds20Document> = fc.record(
  {
    mo: fc.uniqueArray(
      fc.record(
        {
          moid: fc.string({ minLength: 1 }),
          ddf: fc.string(),
          paths: fc.array(fc.string(), { maxLength: 3 }),
        },
        { requiredKeys: ["moid", "paths"] },
      ),
      { selector: (m) => m.moid, maxLength: 4 },
    ),
    tnds20: fc.array(fc.record({ moid: fc.string(), path: fc.string(), values: uniqueNodes(node) }), {
      maxLength: 3,
    }),
    genericAlerts: fc.array(
      fc.string().map((value) => ({ type: "string" as const, value })),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ["mo", "tnds20"] },
);

describe("TNDS20 properties", () => {
  it("round-trips random documents", () => {
    fc.assert(
      fc.property(docArb, fc.constantFrom(undefined, "  "), (doc, indent) => {
        expect(decodeTnds20(encodeTnds20(doc, indent === undefined ? {} : { indent }))).toEqual(doc);
      }),
    );
  });

  it("gives a value or a DecodeError for random and mutated bytes", () => {
    const c1 = bytes(c1Body);
    const mutated = fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 }).map((edits) => {
      const copy = c1.slice();
      for (const [at, v] of edits) copy[at % copy.length] = v;
      return copy;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), mutated), (input) => {
        try {
          decodeTnds20(input);
        } catch (err) {
          expect(err).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
