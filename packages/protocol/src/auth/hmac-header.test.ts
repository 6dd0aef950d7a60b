import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DecodeError } from "../errors.js";
import { formatHmacHeader, parseHmacHeader } from "./hmac-header.js";

function errorAt(value: string): DecodeError {
  try {
    parseHmacHeader(value);
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error(`parsed: ${value}`);
}

describe("x-syncml-hmac header", () => {
  it("formats the header as the spec example spells it", () => {
    expect(
      formatHmacHeader({ username: "Robert Jordan", mac: "NTI2OTJhMDAwNjYxODkwYmQ3NWUxN2RhN2ZmYmJlMzk" }),
    ).toBe('algorithm=MD5, username="Robert Jordan", mac=NTI2OTJhMDAwNjYxODkwYmQ3NWUxN2RhN2ZmYmJlMzk');
  });

  it.each([
    ['algorithm=MD5, username="Robert Jordan", mac=NTI2OTJhMDAw', "Robert Jordan", "NTI2OTJhMDAw"],
    ['username="Robert Jordan",mac=abc==', "Robert Jordan", "abc=="],
    ['  MAC = "abc=" ,  UserName = bob , Algorithm = md5 ', "bob", "abc="],
    ['username="a \\"quoted\\" name", mac=x, extra=ignored', 'a "quoted" name', "x"],
    ["username=bob,,mac=x,", "bob", "x"],
  ])("parses %s", (value, username, mac) => {
    expect(parseHmacHeader(value)).toEqual({ algorithm: "MD5", username, mac });
  });

  it.each([
    ["algorithm=MD5, mac=abc", 22],
    ['username="bob"', 14],
    ["algorithm=SHA1, username=bob, mac=x", 10],
    ['username="bob, mac=x', 9],
    ["username bob, mac=x", 9],
    ["username=bob mac=x", 13],
    ["username=bob, username=ann, mac=x", 14],
    ["=x, username=bob, mac=x", 0],
    ["username=bob, mac=", 18],
    ['username=bob, mac=ab"c', 20],
  ])("refuses %s with the offset of the fault", (value, offset) => {
    const e = errorAt(value);
    expect(e.code).toBe("AUTH_HEADER_INVALID");
    expect(e.offset).toBe(offset);
  });

  it("parses back every header it formats", () => {
    fc.assert(
      fc.property(fc.string(), fc.base64String({ minLength: 4 }), (username, mac) => {
        const parsed = parseHmacHeader(formatHmacHeader({ username, mac }));
        return parsed.username === username && parsed.mac === mac && parsed.algorithm === "MD5";
      }),
    );
  });

  it("gives a value or a DecodeError for any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab=," \\umacsernlgothMD5'.split("")) }), (s) => {
        try {
          parseHmacHeader(s);
        } catch (e) {
          if (!(e instanceof DecodeError) || e.offset < 0 || e.offset > s.length) throw e;
        }
      }),
    );
  });
});
