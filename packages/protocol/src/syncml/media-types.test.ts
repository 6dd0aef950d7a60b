import { describe, expect, it } from "vitest";
import { encodingOfMediaType, syncmlMediaType } from "./media-types.js";
import { isWbxmlType, typeForEncoding } from "./type-suffix.js";

describe("DM media types", () => {
  it("labels each encoding [TR-REP §4.1.2.1]", () => {
    expect(syncmlMediaType("xml")).toBe("application/vnd.syncml.dm+xml");
    expect(syncmlMediaType("wbxml")).toBe("application/vnd.syncml.dm+wbxml");
  });

  it.each([
    ["application/vnd.syncml.dm+xml", "xml"],
    ["application/vnd.syncml.dm+wbxml", "wbxml"],
    ["Application/VND.SyncML.DM+XML; charset=UTF-8", "xml"],
    ["application/vnd.syncml.dm+wbxml;verproto=DM/1.2;verdtd=1.2", "wbxml"],
    ["application/vnd.syncml+xml", "xml"],
    ["application/vnd.syncml+wbxml", "wbxml"],
    ["application/vnd.syncml.notification", undefined],
    ["application/xml", undefined],
    ["", undefined],
  ] as const)("reads %j as %j", (contentType, encoding) => {
    expect(encodingOfMediaType(contentType)).toBe(encoding);
  });
});

describe("embedded document Type suffixes (fact sheet §3.7)", () => {
  it.each([
    ["application/vnd.syncml.dmtnds+xml", "wbxml", "application/vnd.syncml.dmtnds+wbxml"],
    ["application/vnd.syncml.dmtnds+wbxml", "xml", "application/vnd.syncml.dmtnds+xml"],
    ["application/vnd.syncml.dmtnds+xml", "xml", "application/vnd.syncml.dmtnds+xml"],
    ["application/vnd.syncml-devinf+WBXML", "xml", "application/vnd.syncml-devinf+xml"],
    ["text/plain", "wbxml", "text/plain"],
  ] as const)("re-spells %j for %s as %j", (type, encoding, expected) => {
    expect(typeForEncoding(type, encoding)).toBe(expected);
  });

  it("tells WBXML document types", () => {
    expect(isWbxmlType(" application/vnd.syncml.dmtnds+wbxml\n")).toBe(true);
    expect(isWbxmlType("application/vnd.syncml.dmtnds+xml")).toBe(false);
  });
});
