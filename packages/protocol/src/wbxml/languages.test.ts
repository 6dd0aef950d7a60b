import { describe, expect, it } from "vitest";
import {
  devinf11Language,
  devinf12Language,
  dmddf12Language,
  languageForPublicId,
  languageForRoot,
  metinf12Language,
  provLanguage,
  syncml11Language,
  syncml12Language,
  wbxmlLanguages,
} from "./languages.js";
import { attributeStartFor, defineWbxmlLanguage } from "./wbxml-language.js";

describe("WBXML languages", () => {
  it.each([
    [0x1201, syncml12Language],
    [0x0fd3, syncml11Language],
    [0x1202, metinf12Language],
    [0x1203, devinf12Language],
    [0x0fd4, devinf11Language],
    [0x0b, provLanguage],
  ] as const)("finds the language of numeric public id %i", (id, lang) => {
    expect(languageForPublicId(id)).toBe(lang);
  });

  it("finds languages by formal public identifier, exactly or ignoring case", () => {
    expect(languageForPublicId("-//SYNCML//DTD SyncML 1.2//EN")).toBe(syncml12Language);
    expect(languageForPublicId("-//SYNCML//DTD SyncML 1.1//EN")).toBe(syncml11Language);
    expect(languageForPublicId("-//OMA//DTD-DM-DDF 1.2//EN")).toBe(dmddf12Language);
    expect(languageForPublicId("-//WAPFORUM//DTD PROV 1.0//EN")).toBe(provLanguage);
    expect(languageForPublicId("-//syncml//dtd syncml 1.2//en")).toBe(syncml12Language);
  });

  it("knows no language for the 'unknown' public id 0x01 or a foreign identifier", () => {
    expect(languageForPublicId(0x01)).toBeUndefined();
    expect(languageForPublicId("-//WAPFORUM//DTD WML 1.3//EN")).toBeUndefined();
  });

  it("picks a language from the root element and its namespace", () => {
    expect(languageForRoot("SyncML", "SYNCML:SYNCML1.2")).toBe(syncml12Language);
    expect(languageForRoot("SyncML", "SYNCML:SYNCML1.1")).toBe(syncml11Language);
    expect(languageForRoot("SyncML", "")).toBe(syncml12Language);
    expect(languageForRoot("MgmtTree", "syncml:dmddf1.2")).toBe(dmddf12Language);
    expect(languageForRoot("MgmtTree", "")).toBe(dmddf12Language);
    expect(languageForRoot("wap-provisioningdoc", "")).toBe(provLanguage);
    expect(languageForRoot("DevInf", "syncml:devinf")).toBe(devinf12Language);
    expect(languageForRoot("SyncML", "syncml:syncml1.1")).toBe(syncml11Language);
    expect(languageForRoot("SyncML", "urn:other")).toBeUndefined();
    expect(languageForRoot("html", "")).toBeUndefined();
  });

  it("puts SyncML on page 0, MetInf on page 1 and DM DDF on page 2 (fact sheet §3.3-§3.5)", () => {
    for (const lang of [syncml11Language, syncml12Language]) {
      const { tagNames, pageNs } = lang.lookup;
      expect(pageNs[0]).toBe(lang.rootNs);
      expect(pageNs[1]).toBe("syncml:metinf");
      expect(pageNs[2]).toBe("syncml:dmddf1.2");
      expect(tagNames[0]?.[0x2d]).toBe("SyncML");
      expect(tagNames[0]?.[0x3c]).toBe("Correlator");
      expect(tagNames[0]?.[0x30]).toBeUndefined(); // reserved
      expect(tagNames[1]?.[0x0c]).toBe("MaxMsgSize");
      expect(tagNames[1]?.[0x16]).toBe("FieldLevel");
      expect(tagNames[2]?.[0x20]).toBe("MgmtTree");
      expect(tagNames[2]?.[0x24]).toBe("Node");
      expect(tagNames[2]?.[0x25]).toBe("node");
    }
    expect(dmddf12Language.lookup.pageNs[0]).toBeUndefined();
    expect(dmddf12Language.lookup.tagNames[2]?.[0x3c]).toBe("ZeroOrOne");
  });

  it("gives DevInf 1.2 MaxSize where DevInf 1.1 has Size (token 0x1C)", () => {
    expect(devinf11Language.lookup.tagNames[0]?.[0x1c]).toBe("Size");
    expect(devinf12Language.lookup.tagNames[0]?.[0x1c]).toBe("MaxSize");
    expect(devinf12Language.lookup.tagNames[0]?.[0x34]).toBe("SupportHierarchicalSync");
  });

  it("has PROV attribute starts and values on pages 0 and 1", () => {
    const { attributeStartTokens, attributeValueTokens } = provLanguage.lookup;
    expect(attributeStartTokens[0]?.[0x46]).toMatchObject({ name: "version", prefix: "1.0" });
    expect(attributeStartTokens[0]?.[0x51]).toMatchObject({ name: "type", prefix: "PXLOGICAL" });
    expect(attributeStartTokens[1]?.[0x55]).toMatchObject({ name: "type", prefix: "APPLICATION" });
    expect(attributeStartTokens[1]?.[0x36]).toMatchObject({ name: "name", prefix: "APPID" });
    expect(attributeValueTokens[0]?.[0x85 - 0x80]).toBe("IPV4");
    expect(attributeValueTokens[1]?.[0x93 - 0x80]).toBe("DIGEST");
  });

  it("has no token twice on one page and no name twice on one page", () => {
    for (const lang of wbxmlLanguages) {
      for (const page of lang.pages) {
        const tokens = page.tags.map(([t]) => t);
        const names = page.tags.map(([, n]) => n);
        expect(new Set(tokens).size, `${lang.name} page ${page.page}`).toBe(tokens.length);
        expect(new Set(names).size, `${lang.name} page ${page.page}`).toBe(names.length);
        const starts = (page.attributeStarts ?? []).map(([t]) => t);
        expect(new Set(starts).size).toBe(starts.length);
        const values = (page.attributeValues ?? []).map(([t]) => t);
        expect(new Set(values).size).toBe(values.length);
      }
    }
  });

  it("chooses the attribute start with the longest value prefix, preferring the current page", () => {
    const { lookup } = provLanguage;
    expect(attributeStartFor(lookup, "name", "NAME", 0)).toMatchObject({ page: 0, token: 0x07 });
    expect(attributeStartFor(lookup, "name", "NAME", 1)).toMatchObject({ page: 1, token: 0x07 });
    expect(attributeStartFor(lookup, "name", "NAMEX", 0)).toMatchObject({ token: 0x07, prefix: "NAME" });
    expect(attributeStartFor(lookup, "name", "ADDR", 0)).toMatchObject({ page: 1, token: 0x34 });
    expect(attributeStartFor(lookup, "name", "zzz", 0)).toMatchObject({ page: 0, token: 0x05 });
    expect(attributeStartFor(lookup, "nosuch", "x", 0)).toBeUndefined();
  });

  it("refuses tables with tokens outside their ranges", () => {
    const bad = (tags: readonly (readonly [number, string])[]) => () =>
      defineWbxmlLanguage({ name: "x", fpi: "x", root: "a", rootNs: "", pages: [{ page: 0, ns: "", tags }] });
    expect(bad([[0x04, "a"]])).toThrow(RangeError);
    expect(bad([[0x40, "a"]])).toThrow(RangeError);
    expect(bad([[0x05, "a"]])).not.toThrow();
  });
});
