import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecodeError, OmaDmError } from "../errors.js";
import { decodeJson } from "./decode-json.js";
import { encodeJson } from "./encode-json.js";
import type { JsonValue } from "./ordered-json.js";
import { stripJsonOffsets } from "./ordered-json.js";

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const plain = (s: string | Uint8Array): JsonValue => stripJsonOffsets(decodeJson(s));
const str = (value: string): JsonValue => ({ type: "string", value });

function decodeError(f: () => unknown): DecodeError {
  try {
    f();
  } catch (err) {
    if (err instanceof DecodeError) return err;
    throw err;
  }
  throw new Error("expected a DecodeError");
}

describe("decodeJson", () => {
  it("keeps duplicate keys and member order, which JSON.parse collapses", () => {
    const text = '{"MOID":"a","Path":"/1","MOID":"b","Path":"/2","Path":"/3"}';
    expect(plain(text)).toEqual({
      type: "object",
      members: [
        { key: "MOID", value: str("a") },
        { key: "Path", value: str("/1") },
        { key: "MOID", value: str("b") },
        { key: "Path", value: str("/2") },
        { key: "Path", value: str("/3") },
      ],
    });
    expect(Object.keys(JSON.parse(text) as object)).toHaveLength(2);
  });

  it("reports byte offsets of values and keys, counting UTF-8 bytes", () => {
    const v = decodeJson(bytes('{"ü": [1, "x"]}'));
    expect(v).toEqual({
      type: "object",
      offset: 0,
      members: [
        {
          key: "ü",
          offset: 1,
          value: {
            type: "array",
            offset: 7,
            items: [
              { type: "number", text: "1", offset: 8 },
              { type: "string", value: "x", offset: 11 },
            ],
          },
        },
      ],
    });
  });

  it.each<[string, JsonValue]>([
    ["true", { type: "boolean", value: true }],
    [" false ", { type: "boolean", value: false }],
    ["null", { type: "null" }],
    ["-0.5e+10", { type: "number", text: "-0.5e+10" }],
    ["12345678901234567890", { type: "number", text: "12345678901234567890" }],
    ['"a\\"\\\\\\/\\b\\f\\n\\r\\t\\u00fc\\ud83d\\ude00"', str('a"\\/\b\f\n\r\tü😀')],
    ['"\\ud800"', str("\ud800")],
    ["[]", { type: "array", items: [] }],
    ["{}", { type: "object", members: [] }],
    [
      "\uFEFF[ 1 ,\t2\r\n]",
      {
        type: "array",
        items: [
          { type: "number", text: "1" },
          { type: "number", text: "2" },
        ],
      },
    ],
  ])("parses %s", (text, value) => {
    expect(plain(text)).toEqual(value);
  });

  it.each([
    ["", 0],
    ["{", 1],
    ['{"a"}', 4],
    ['{"a":1,}', 7],
    ["[1,]", 3],
    ["[1 2]", 3],
    ["01", 1],
    ["1.", 2],
    ["-", 1],
    ["1e", 2],
    ["tru", 0],
    ['"abc', 0],
    ['"a\u0001"', 2],
    ['"\\x"', 1],
    ['"\\u12G4"', 1],
    ["{} {}", 3],
    ["{'a':1}", 1],
    ["\u00a0{}", 0],
  ])("refuses %j with JSON_MALFORMED at byte %i", (text, offset) => {
    const err = decodeError(() => decodeJson(bytes(text)));
    expect([err.code, err.offset]).toEqual(["JSON_MALFORMED", offset]);
  });

  it("refuses bad UTF-8 in a string with DECODE_INVALID_UTF8 at the bad byte", () => {
    const err = decodeError(() => decodeJson(new Uint8Array([0x22, 0x61, 0xc3, 0x28, 0x22])));
    expect([err.code, err.offset]).toEqual(["DECODE_INVALID_UTF8", 2]);
    const surrogate = decodeError(() => decodeJson(new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22])));
    expect([surrogate.code, surrogate.offset]).toEqual(["DECODE_INVALID_UTF8", 1]);
  });

  it("enforces maxDepth and maxBytes", () => {
    expect(decodeError(() => decodeJson("[[[1]]]", { limits: { maxDepth: 2 } }))).toMatchObject({
      code: "DECODE_LIMIT",
      offset: 2,
    });
    expect(stripJsonOffsets(decodeJson("[[1]]", { limits: { maxDepth: 2 } }))).toEqual({
      type: "array",
      items: [{ type: "array", items: [{ type: "number", text: "1" }] }],
    });
    expect(decodeError(() => decodeJson("[1, 2]", { limits: { maxBytes: 4 } })).code).toBe("DECODE_LIMIT");
    expect(decodeError(() => decodeJson("[".repeat(100_000))).code).toBe("DECODE_LIMIT");
  });
});

describe("encodeJson", () => {
  it("writes duplicate keys in order, compact or indented", () => {
    const v: JsonValue = {
      type: "object",
      members: [
        { key: "a", value: str("1") },
        { key: "a", value: { type: "array", items: [{ type: "null" }, { type: "boolean", value: true }] } },
        { key: "e", value: { type: "object", members: [] } },
      ],
    };
    expect(encodeJson(v)).toBe('{"a":"1","a":[null,true],"e":{}}');
    expect(encodeJson(v, { indent: "  " })).toBe(
      '{\n  "a": "1",\n  "a": [\n    null,\n    true\n  ],\n  "e": {}\n}',
    );
  });

  it("refuses a number whose text is not JSON", () => {
    expect(() => encodeJson({ type: "number", text: "NaN" })).toThrow(OmaDmError);
  });
});

const { value: jsonArb } = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string({ unit: "binary" }).map((value) => ({ type: "string" as const, value })),
    fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .map((d) => ({ type: "number" as const, text: JSON.stringify(d) })),
    fc.boolean().map((value) => ({ type: "boolean" as const, value })),
    fc.constant({ type: "null" as const }),
    fc.array(tie("value"), { maxLength: 4 }).map((items) => ({ type: "array" as const, items })),
    fc
      .array(fc.record({ key: fc.constantFrom("a", "a", "b", "MOID", "ü"), value: tie("value") }), {
        maxLength: 4,
      })
      .map((members) => ({ type: "object" as const, members })),
  ),
}));

describe("JSON properties", () => {
  it("round-trips random values, duplicate keys included, compact and indented", () => {
    fc.assert(
      fc.property(jsonArb, fc.constantFrom(undefined, "\t"), (v, indent) => {
        expect(plain(encodeJson(v, indent === undefined ? {} : { indent }))).toEqual(v);
      }),
    );
  });

  it("agrees with JSON.parse on texts without duplicate keys", () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const toPlain = (v: JsonValue): unknown => {
          switch (v.type) {
            case "string":
            case "boolean":
              return v.value;
            case "number":
              return Number(v.text);
            case "null":
              return null;
            case "array":
              return v.items.map(toPlain);
            case "object":
              return Object.fromEntries(v.members.map((m) => [m.key, toPlain(m.value)]));
          }
        };
        expect(toPlain(decodeJson(text))).toEqual(JSON.parse(text));
      }),
    );
  });

  it("gives a value or a DecodeError for random bytes", () => {
    const jsonish = fc.array(
      fc.constantFrom(...'{}[]:,"\\ 01-.eEtrufalsn'.split("").map((c) => c.charCodeAt(0)), 0x80, 0xc3),
      {
        maxLength: 60,
      },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 100 }),
          jsonish.map((a) => new Uint8Array(a)),
        ),
        (input) => {
          try {
            decodeJson(input);
          } catch (err) {
            expect(err).toBeInstanceOf(DecodeError);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
