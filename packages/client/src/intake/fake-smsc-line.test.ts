import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kannelLine, kannelUrlEncode } from "../../../../tests/support/fake-smsc.js";
import { parseFakeSmscLine, urlDecodeBytes } from "./fake-smsc-line.js";

const bytes = (...b: number[]) => new Uint8Array(b);

describe("parseFakeSmscLine", () => {
  it.each([
    [
      "Kannel's udh spelling",
      "1234 +15551234567 udh %06%05%04%0b%84%23%f0 %01%06",
      {
        sender: "1234",
        receiver: "+15551234567",
        udh: bytes(6, 5, 4, 0x0b, 0x84, 0x23, 0xf0),
        data: bytes(1, 6),
      },
    ],
    [
      "the documented udh ... data spelling",
      "1234 +15551234567 udh %06%05%04%0b%84%23%f0 data %01%06",
      {
        sender: "1234",
        receiver: "+15551234567",
        udh: bytes(6, 5, 4, 0x0b, 0x84, 0x23, 0xf0),
        data: bytes(1, 6),
      },
    ],
    ["a data line", "1 2 data a+b%00", { sender: "1", receiver: "2", data: bytes(0x61, 0x20, 0x62, 0) }],
    [
      "a text line with spaces",
      "1 2 text hi there",
      { sender: "1", receiver: "2", data: bytes(104, 105, 32, 116, 104, 101, 114, 101) },
    ],
  ])("reads %s", (_name, line, expected) => {
    expect(parseFakeSmscLine(line)).toEqual(expected);
  });

  it.each([
    ["an empty line", ""],
    ["a line with only a sender", "1234"],
    ["an unknown type", "1 2 route x y"],
    ["udh without user data", "1 2 udh %06"],
    ["a bad escape", "1 2 udh %0 %01"],
    ["a bad escape in the data", "1 2 data %zz"],
    ["an empty UDH", "1 2 udh  %01"],
    ["too many fields", "1 2 udh %01 %02 %03 %04"],
    ["an empty sender", " 2 data x"],
  ])("refuses %s", (_name, line) => {
    expect(parseFakeSmscLine(line)).toBeUndefined();
  });

  it("reads back any user data the test SMSC writes, in both spellings", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 20 }),
        fc.uint8Array({ maxLength: 140 }),
        fc.constantFrom("kannel" as const, "documented" as const),
        (ies, payload, spelling) => {
          const udh = new Uint8Array([ies.length, ...ies]);
          const line = kannelLine("1234", "+1555", new Uint8Array([...udh, ...payload]), spelling);
          expect(parseFakeSmscLine(line.slice(0, -1))).toEqual({
            sender: "1234",
            receiver: "+1555",
            udh,
            data: payload,
          });
        },
      ),
    );
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (line) => {
        const r = parseFakeSmscLine(line);
        expect(r === undefined || typeof r.sender === "string").toBe(true);
      }),
    );
  });
});

describe("urlDecodeBytes", () => {
  it("inverts Kannel's URL encoding for every byte", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        expect(urlDecodeBytes(kannelUrlEncode(data))).toEqual(data);
      }),
    );
  });

  it("refuses characters that are not bytes", () => {
    expect(urlDecodeBytes("\u20ac")).toBeUndefined();
  });
});
