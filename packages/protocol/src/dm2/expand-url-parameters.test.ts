import { describe, expect, it } from "vitest";
import { OmaDmError } from "../errors.js";
import { dm2DeviceIdHeader, dm2MediaTypes } from "./dm2-constants.js";
import { expandUrlParameters } from "./expand-url-parameters.js";

describe("expandUrlParameters", () => {
  it("replaces every placeholder of Table 6", () => {
    const url = "https://prov.operatorx.com/[MCC]/[MNC]/[CMCC]/[CMNC]/[MAN]/[MOD]/[IMEI].tnds20";
    const values = {
      mcc: "262",
      mnc: "01",
      cmcc: "240",
      cmnc: "07",
      man: "SonyEricsson",
      mod: "X1i",
      imei: "004401074860000",
    };
    expect(expandUrlParameters(url, values)).toBe(
      "https://prov.operatorx.com/262/01/240/07/SonyEricsson/X1i/004401074860000.tnds20",
    );
  });

  it("writes TBD for the codes of an absent SIM or network connection", () => {
    expect(expandUrlParameters("https://s/[MCC]-[MNC]/[CMCC]-[CMNC]", { man: "m" })).toBe(
      "https://s/TBD-TBD/TBD-TBD",
    );
  });

  it("writes TBD for an absent IMEI, manufacturer or model", () => {
    expect(expandUrlParameters("https://s/[MAN]/[MOD]/[IMEI]", {})).toBe("https://s/TBD/TBD/TBD");
  });

  it("percent-encodes values, reserved characters included", () => {
    expect(
      expandUrlParameters("https://s/c?m=[MAN]&d=[MOD]", { man: "Sony Ericsson", mod: "X1i/(EU)&!*'ü" }),
    ).toBe("https://s/c?m=Sony%20Ericsson&d=X1i%2F%28EU%29%26%21%2A%27%C3%BC");
  });

  it("replaces repeated placeholders and leaves unknown or lower-case ones alone", () => {
    expect(expandUrlParameters("[MCC][MCC][FOO][mcc][MCC", { mcc: "1" })).toBe("11[FOO][mcc][MCC");
  });

  it("does not expand placeholders that a value brings in", () => {
    expect(expandUrlParameters("[MAN]", { man: "[MOD]", mod: "x" })).toBe("%5BMOD%5D");
  });

  it("refuses a value with a lone surrogate", () => {
    expect(() => expandUrlParameters("[MAN]", { man: "\ud800" })).toThrow(OmaDmError);
  });
});

describe("DM 2.0 constants", () => {
  it("names the media types and the device id header of §5.4-5.6", () => {
    expect(dm2MediaTypes).toEqual({
      commands: "application/dm20",
      status: "application/dm20status",
      tnds: "application/tnds20",
    });
    expect(dm2DeviceIdHeader).toBe("X-OMADMDeviceID");
  });
});
