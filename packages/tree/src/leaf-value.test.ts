import { el } from "@omadm/protocol";
import { describe, expect, it } from "vitest";
import { byteLength, decodeBase64, decodeLeafValue, isValidValue, valueText } from "./leaf-value.js";
import { formatTStamp, parseTStamp } from "./tstamp.js";

describe("leaf values by Format", () => {
  it.each([
    ["int", "0", true],
    ["int", "+12", true],
    ["int", "2147483647", true],
    ["int", "-2147483649", false],
    ["int", "1.0", false],
    ["bool", "false", true],
    ["bool", "TRUE", false],
    ["float", "-0.5", true],
    ["float", ".5E-3", true],
    ["float", "INF", true],
    ["float", "NaN", true],
    ["float", "1e", false],
    ["date", "20240101", true],
    ["date", "2024-13-01", false],
    ["date", "2024-0101", false],
    ["date", "2005-345", true], // ordinal, as the Motorola engine's testnewdatatype sends
    ["date", "2005345", true],
    ["date", "2005-366", false],
    ["date", "2004-366", true],
    ["date", "2005-W42-2", true],
    ["date", "2005W422", true],
    ["date", "2005-W422", false],
    ["date", "2005-W42-8", false],
    ["date", "2004-W53-1", true], // 2004 began on a Thursday: 53 ISO weeks
    ["date", "2005-W53-1", false],
    ["time", "120000", true],
    ["time", "12:00:00.250+02:00", true],
    ["time", "12:00", false],
    ["time", "12:0000", false],
    ["int", "", true],
  ])("%s %j is valid: %s", (format, text, valid) => {
    expect(isValidValue(format, text)).toBe(valid);
  });

  it("stores b64 data as bin bytes, from text or from opaque bytes", () => {
    expect(decodeLeafValue("b64", "SGk=")).toEqual({
      status: 200,
      value: new Uint8Array([72, 105]),
      format: "bin",
    });
    expect(decodeLeafValue("b64", new TextEncoder().encode("SGk="))).toEqual({
      status: 200,
      value: new Uint8Array([72, 105]),
      format: "bin",
    });
  });

  it("stores bin text as its UTF-8 bytes", () => {
    expect(decodeLeafValue("bin", "é")).toEqual({
      status: 200,
      value: new Uint8Array([0xc3, 0xa9]),
      format: "bin",
    });
  });

  it("decodes opaque bytes of a chr leaf as UTF-8 and refuses bytes that are not (400)", () => {
    expect(decodeLeafValue("chr", new Uint8Array([0x68, 0x69]))).toEqual({
      status: 200,
      value: "hi",
      format: "chr",
    });
    expect(decodeLeafValue("chr", new Uint8Array([0xff]))).toEqual({ status: 400 });
  });

  it("serializes element data of an xml leaf and refuses it elsewhere (415)", () => {
    const data = el("a", "", ["b"]);
    expect(decodeLeafValue("xml", data)).toEqual({ status: 200, value: "<a>b</a>", format: "xml" });
    expect(decodeLeafValue("chr", data)).toEqual({ status: 415 });
  });

  it("refuses an unknown Format and node with 415", () => {
    expect(decodeLeafValue("jpeg", "x").status).toBe(415);
    expect(decodeLeafValue("node", "x").status).toBe(415);
  });

  it("measures Size in raw bytes and writes bytes as base64 text", () => {
    expect(byteLength("€")).toBe(3);
    expect(byteLength(new Uint8Array(7))).toBe(7);
    expect(valueText(new Uint8Array([0, 1, 2]))).toBe("AAEC");
    expect(decodeBase64("AA EC\n")).toEqual(new Uint8Array([0, 1, 2]));
    expect(decodeBase64("AAE")).toBeUndefined();
  });
});

describe("TStamp", () => {
  it("is UTC in ISO 8601 basic format", () => {
    expect(formatTStamp(Date.UTC(2001, 6, 11, 16, 38, 17))).toBe("20010711T163817Z");
    expect(formatTStamp(0)).toBe("");
  });

  it("reads the basic and the extended form and refuses impossible dates", () => {
    expect(parseTStamp("20010711T163817Z")).toBe(Date.UTC(2001, 6, 11, 16, 38, 17));
    expect(parseTStamp("2001-07-11T16:38:17Z")).toBe(Date.UTC(2001, 6, 11, 16, 38, 17));
    expect(parseTStamp("20010230T000000Z")).toBeUndefined();
    expect(parseTStamp("yesterday")).toBeUndefined();
  });
});
