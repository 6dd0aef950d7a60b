import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comparable, syncmlMessage } from "../../../../tests/support/syncml-arbitraries.js";
import { DecodeError } from "../errors.js";
import { decodeSyncML } from "./decode-syncml.js";
import { encodeSyncML } from "./encode-syncml.js";
import { syncmlFromElement, syncmlToElement } from "./mapping/message.js";

const fixtures = new URL("../../../../../shared/fixtures/", import.meta.url);
const seeds = [
  "cyanogenmod-oma-dm/dm12/testadd.wbxml",
  "cyanogenmod-oma-dm/dm12/testget.wbxml",
  "cyanogenmod-oma-dm/dm12/testreplace.wbxml",
  "cyanogenmod-oma-dm/dm12/testalertconfirmatomic.xml",
  "cyanogenmod-oma-dm/dm12/testalerttextinput.xml",
  "cyanogenmod-oma-dm/dm12/testnewdatatype.xml",
  "libwbxml/syncml/syncml-012.xml",
  "libwbxml/ddf/syncml_with_ddf-001.xml",
].map((p) => new Uint8Array(readFileSync(new URL(p, fixtures))));

/** Decoding gives a message or a DecodeError; any other exception fails the property. */
function valueOrDecodeError(bytes: Uint8Array, lenient: boolean): void {
  try {
    decodeSyncML(bytes, { lenient, limits: { maxDepth: 24 } });
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    expect(Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= bytes.length).toBe(true);
  }
}

/** A mutation of `bytes`: overwrite, insert, delete or truncate at some positions. */
const mutated = (bytes: Uint8Array) =>
  fc
    .array(
      fc.tuple(
        fc.constantFrom("set", "insert", "delete", "truncate"),
        fc.nat({ max: bytes.length }),
        fc.integer({ min: 0, max: 255 }),
      ),
      { minLength: 1, maxLength: 6 },
    )
    .map((edits) => {
      let out = [...bytes];
      for (const [op, at, b] of edits) {
        const i = Math.min(at, out.length);
        if (op === "set" && i < out.length) out[i] = b;
        else if (op === "insert") out.splice(i, 0, b);
        else if (op === "delete") out.splice(i, 1);
        else if (op === "truncate") out = out.slice(0, i);
      }
      return new Uint8Array(out);
    });

describe("round trips", () => {
  it("model -> element -> model is the identity", () => {
    fc.assert(
      fc.property(syncmlMessage("element"), (msg) => {
        expect(comparable(syncmlFromElement(syncmlToElement(msg)))).toEqual(comparable(msg));
      }),
    );
  });

  it("model -> XML -> model is the identity (text and element Data)", () => {
    fc.assert(
      fc.property(syncmlMessage("xml"), (msg) => {
        expect(comparable(decodeSyncML(encodeSyncML(msg)))).toEqual(comparable(msg));
      }),
    );
  });

  it("model -> WBXML -> model is the identity (text, bytes and embedded documents)", () => {
    fc.assert(
      fc.property(
        syncmlMessage("wbxml"),
        fc.constantFrom(1 as const, 2 as const, 3 as const),
        fc.boolean(),
        (msg, wbxmlVersion, stringTable) => {
          const bytes = encodeSyncML(msg, { encoding: "wbxml", wbxmlVersion, stringTable });
          expect(comparable(decodeSyncML(bytes))).toEqual(comparable(msg));
        },
      ),
    );
  });
});

describe("any bytes give a message or a DecodeError", () => {
  it("for random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), fc.boolean(), (bytes, lenient) =>
        valueOrDecodeError(bytes, lenient),
      ),
    );
  });

  it("for random bytes behind a SyncML 1.2 WBXML header", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (body) =>
        valueOrDecodeError(new Uint8Array([0x02, 0xa4, 0x01, 0x6a, 0x00, 0x6d, ...body]), false),
      ),
    );
  });

  it("for mutated fixtures", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds).chain((seed) => mutated(seed)),
        fc.boolean(),
        (bytes, lenient) => valueOrDecodeError(bytes, lenient),
      ),
      { numRuns: 500 },
    );
  });

  it("for mutated encodings of random messages", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(syncmlMessage("wbxml"), fc.constantFrom("xml" as const, "wbxml" as const))
          .chain(([msg, encoding]) => mutated(encodeSyncML(msg, { encoding }))),
        (bytes) => valueOrDecodeError(bytes, true),
      ),
      { numRuns: 200 },
    );
  });
});
