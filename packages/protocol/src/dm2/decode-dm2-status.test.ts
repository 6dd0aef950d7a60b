import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecodeError, OmaDmError } from "../errors.js";
import { decodeDm2Status } from "./decode-dm2-status.js";
import type { Dm2StatusDocument } from "./dm2-status.js";
import { encodeDm2Status } from "./encode-dm2-status.js";

const seed = readFileSync(
  new URL("../../../../../shared/seeds/004_6cc496932b55d8e6.txt", import.meta.url),
  "utf8",
);

/** Text of seed 004 after `start` (searched from `section`) up to `end`, verbatim. */
function seedExample(section: string, start: string, end: string): string {
  const from = seed.indexOf(start, seed.indexOf(section)) + start.length;
  return seed.slice(from, seed.indexOf(end, from));
}

const text = new TextDecoder();
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function decodeError(f: () => unknown): DecodeError {
  try {
    f();
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error("expected a DecodeError");
}

describe("DM 2.0 status documents from the draft's Appendix C", () => {
  it("decodes C.3: one 200 for the POST of C.2", () => {
    const body = seedExample("C.3 Pkg#2 Example", "Content length:15", "C.4 Pkg#2 Response Example");
    expect(decodeDm2Status(bytes(body))).toEqual({ msgId: 0, statuses: [{ code: 200, params: [] }] });
  });

  it("reads C.3's Content length of 15 as CRLF line ends without the blank lines the draft shows", () => {
    const body = seedExample("C.3 Pkg#2 Example", "Content length:15", "C.4 Pkg#2 Response Example");
    const lines = body.split("\n").filter((l) => l.trim() !== "");
    expect(lines).toEqual(["MsgID 0", "200 "]);
    expect(bytes(lines.map((l) => `${l}\r\n`).join("")).length).toBe(15);
    // Our encoder writes the same lines without the trailing space after the code.
    expect(text.decode(encodeDm2Status(decodeDm2Status(bytes(body))))).toBe("MsgID 0\r\n200\r\n");
  });

  it("decodes C.5: the GET without ClientURI reports where the client stored the MO", () => {
    const body = seedExample("C.5 Pkg#3 Example", "Content length:15", "C.6 Pkg#3 Response Example");
    expect(decodeDm2Status(bytes(body))).toEqual({
      msgId: 1,
      statuses: [
        { code: 200, params: [] },
        { code: 200, params: ["oma:mo:oma-connmo:1.0/MMS"] },
      ],
    });
  });
});

describe("DM 2.0 status lines both ways", () => {
  it.each<[string, Dm2StatusDocument]>([
    ["MsgID 0\r\n", { msgId: 0, statuses: [] }],
    ["MsgID 4\r\n406\r\n", { msgId: 4, statuses: [{ code: 406, params: [] }] }],
    [
      "MsgID 4\r\n202\r\n200 a b\r\n",
      {
        msgId: 4,
        statuses: [
          { code: 202, params: [] },
          { code: 200, params: ["a", "b"] },
        ],
      },
    ],
  ])("decodes and re-encodes %j", (wire, doc) => {
    expect(decodeDm2Status(bytes(wire))).toEqual(doc);
    expect(text.decode(encodeDm2Status(doc))).toBe(wire);
  });

  it.each([
    ["a status line without a code", "MsgID 1\r\nOK\r\n", 9],
    ["a negative code", "MsgID 1\r\n-200\r\n", 9],
    ["a code of ten digits", "MsgID 1\r\n2000000000\r\n", 9],
    ["a missing MsgID", "200\r\n", 0],
  ])("refuses %s with DM2_INVALID at the line's offset", (_name, wire, offset) => {
    const e = decodeError(() => decodeDm2Status(bytes(wire)));
    expect([e.code, e.offset]).toEqual(["DM2_INVALID", offset]);
  });

  it.each<[string, Dm2StatusDocument]>([
    ["a fractional code", { msgId: 1, statuses: [{ code: 200.5, params: [] }] }],
    ["a parameter with a space", { msgId: 1, statuses: [{ code: 200, params: ["a b"] }] }],
  ])("refuses to encode %s", (_name, doc) => {
    expect(() => encodeDm2Status(doc)).toThrow(OmaDmError);
  });
});

describe("DM 2.0 status document properties", () => {
  const status = fc.record({
    code: fc.integer({ min: 0, max: 999_999_999 }),
    params: fc.array(fc.stringMatching(/^[!-~]{1,10}$/), { maxLength: 3 }),
  });
  it("round-trips any valid document", () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(status, { maxLength: 10 }), (msgId, statuses) => {
        const doc = { msgId, statuses };
        expect(decodeDm2Status(encodeDm2Status(doc))).toEqual(doc);
      }),
    );
  });

  it("gives a value or a DecodeError for random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (input) => {
        try {
          decodeDm2Status(new Uint8Array([...bytes("MsgID 2\n"), ...input]));
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
      }),
    );
  });
});
