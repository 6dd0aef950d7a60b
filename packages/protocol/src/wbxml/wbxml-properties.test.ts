import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isElement, stripOffsets, type Attribute, type Child, type Element } from "../element.js";
import { DecodeError } from "../errors.js";
import { decodeWbxml } from "./decode-wbxml.js";
import { encodeWbxml, type WbxmlEncodeOptions } from "./encode-wbxml.js";
import { provLanguage, syncml12Language, wbxmlLanguages } from "./languages.js";
import type { WbxmlLanguage } from "./wbxml-language.js";

/** Every option combination the language accepts. */
function optionSets(lang: WbxmlLanguage): WbxmlEncodeOptions[] {
  const out: WbxmlEncodeOptions[] = [];
  for (const version of [1, 2, 3] as const) {
    for (const stringTable of [false, true]) {
      for (const publicId of [undefined, "numeric", "string"] as const) {
        if (publicId === "numeric" && lang.publicId === undefined) continue;
        out.push({ version, stringTable, publicId, language: lang });
      }
    }
  }
  return out;
}

/** Whether the encoder may write LITERAL, i.e. whether it writes a string table at all. */
function writesTable(lang: WbxmlLanguage, o: WbxmlEncodeOptions): boolean {
  return o.stringTable === true || o.publicId === "string" || lang.publicId === undefined;
}

const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.constantFrom("1", "chr", "./DevInfo/DevId", "text/plain", " ", "IPV4", "a\0b"),
);

/** Random element trees of a language, in the shape a decoder produces (see element.ts). */
function trees(lang: WbxmlLanguage, literals: boolean): fc.Arbitrary<Element> {
  const known = lang.pages.flatMap((p) => p.tags.map(([, name]) => ({ name, ns: p.ns })));
  const unknown = fc
    .tuple(fc.constantFrom(...lang.pages.map((p) => p.ns)), fc.stringMatching(/^[A-Za-z][A-Za-z0-9.-]{0,8}$/))
    .filter(([, name]) => !lang.lookup.tagAnyPage.has(name))
    .map(([ns, name]) => ({ name, ns }));
  const tag = literals
    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, unknown)
    : fc.constantFrom(...known);
  const attributeList = attributeLists(lang, literals);
  const { tree } = fc.letrec<{ tree: Element }>((tie) => ({
    tree: fc
      .record({
        tag,
        attributes: attributeList,
        children: fc.array(
          fc.oneof({ maxDepth: 5 }, text, fc.uint8Array({ maxLength: 8 }), tie("tree"), tie("tree")),
          {
            maxLength: 5,
          },
        ),
      })
      .map(({ tag: { name, ns }, attributes: attrs, children }) => {
        const cs = normalize(children);
        return attrs.length === 0
          ? { name, ns, children: cs }
          : { name, ns, attributes: attrs, children: cs };
      }),
  }));
  return tree;
}

function attributeLists(lang: WbxmlLanguage, literals: boolean): fc.Arbitrary<Attribute[]> {
  const starts = [...lang.lookup.attributeStartsByName.values()].flat();
  const values = [...lang.lookup.attributeValuesByText.keys()];
  const known =
    starts.length === 0
      ? []
      : [
          fc.record({
            name: fc.constantFrom(...starts.map((s) => s.name)),
            value: fc.oneof(
              fc.string({ unit: "binary", maxLength: 8 }),
              fc.constantFrom(...starts.map((s) => s.prefix), ...values),
              fc.tuple(fc.constantFrom(...starts.map((s) => s.prefix)), text).map(([a, b]) => a + b),
            ),
          }),
        ];
  const unknown = literals
    ? [fc.record({ name: fc.stringMatching(/^x[a-z]{0,6}$/), value: fc.string({ maxLength: 6 }) })]
    : [];
  const all = [...known, ...unknown];
  return all.length === 0 ? fc.constant([]) : fc.array(fc.oneof(...all), { maxLength: 3 });
}

/** Adjacent strings join, empty strings vanish, whitespace beside elements goes. */
function normalize(children: readonly Child[]): Child[] {
  const out: Child[] = [];
  for (const c of children) {
    const last = out.at(-1);
    if (typeof c === "string" && typeof last === "string") out[out.length - 1] = last + c;
    else out.push(c);
  }
  const mixed = out.some(isElement);
  return out.filter((c) => typeof c !== "string" || (c !== "" && !(mixed && !/[^ \t\r\n]/.test(c))));
}

describe("encodeWbxml then decodeWbxml", () => {
  it.each(wbxmlLanguages.map((l) => [l.name, l] as const))(
    "gives back any %s tree, for every option combination",
    (_name, lang) => {
      for (const options of optionSets(lang)) {
        fc.assert(
          fc.property(trees(lang, writesTable(lang, options)), (tree) => {
            const back = stripOffsets(
              decodeWbxml(encodeWbxml(tree, options), { limits: { maxDepth: 1000 } }),
            );
            expect(back).toEqual(tree);
          }),
          { numRuns: 25 },
        );
      }
    },
  );
});

function decodesOrRefuses(bytes: Uint8Array, options?: Parameters<typeof decodeWbxml>[1]): void {
  try {
    const root = decodeWbxml(bytes, options);
    expect(typeof root.name).toBe("string");
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    expect(e.offset).toBeGreaterThanOrEqual(0);
    expect(e.offset).toBeLessThanOrEqual(bytes.length);
  }
}

const fixtureBytes = ["testadd", "testdelete", "testget", "testreplace"].map(
  (f) =>
    new Uint8Array(
      readFileSync(
        new URL(`../../../../../shared/fixtures/cyanogenmod-oma-dm/dm12/${f}.wbxml`, import.meta.url),
      ),
    ),
);
const provBytes = encodeWbxml(
  {
    name: "wap-provisioningdoc",
    ns: "",
    attributes: [{ name: "version", value: "1.0" }],
    children: [
      {
        name: "characteristic",
        ns: "",
        attributes: [{ name: "type", value: "APPLICATION" }],
        children: [
          {
            name: "parm",
            ns: "",
            attributes: [
              { name: "name", value: "ADDR" },
              { name: "value", value: "IPV4" },
            ],
            children: [],
          },
        ],
      },
    ],
  },
  { stringTable: true },
);
const seeds = [...fixtureBytes, provBytes];

describe("decodeWbxml on hostile bytes", () => {
  it("gives an Element or a DecodeError for random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => decodesOrRefuses(bytes)),
      { numRuns: 2000 },
    );
  });

  it("gives an Element or a DecodeError for random bodies after valid headers", () => {
    const headers = [
      [0x02, 0xa4, 0x01, 0x6a, 0x00],
      [0x03, 0x0b, 0x6a, 0x04, 0x61, 0x00, 0x62, 0x00],
      [0x01, 0x00, 0x00, 0x6a, 0x1b, ...new TextEncoder().encode("-//OMA//DTD-DM-DDF 1.2//EN"), 0x00],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...headers), fc.uint8Array({ maxLength: 300 }), (h, body) => {
        const bytes = new Uint8Array(h.length + body.length);
        bytes.set(h);
        bytes.set(body, h.length);
        decodesOrRefuses(bytes);
        decodesOrRefuses(bytes, { language: provLanguage, limits: { maxDepth: 8 } });
      }),
      { numRuns: 2000 },
    );
  });

  it("gives an Element or a DecodeError for mutated fixtures", () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant("set" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant("cut" as const), at: fc.nat(), byte: fc.constant(0) }),
      fc.record({
        kind: fc.constant("insert" as const),
        at: fc.nat(),
        byte: fc.integer({ min: 0, max: 255 }),
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (seed, ms) => {
          let bytes = Uint8Array.from(seed);
          for (const m of ms) {
            const at = m.at % (bytes.length + 1);
            if (m.kind === "set" && at < bytes.length) bytes[at] = m.byte;
            else if (m.kind === "cut") bytes = bytes.slice(0, at);
            else if (m.kind === "insert")
              bytes = Uint8Array.from([...bytes.subarray(0, at), m.byte, ...bytes.subarray(at)]);
          }
          decodesOrRefuses(bytes);
          decodesOrRefuses(bytes, { language: syncml12Language });
        },
      ),
      { numRuns: 3000 },
    );
  });
});
