import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { childElements, firstChild, stripOffsets, textOf, type Element } from "../element.js";
import { DecodeError } from "../errors.js";
import { decodeWbxml, decodeWbxmlDocument } from "./decode-wbxml.js";
import { encodeWbxml } from "./encode-wbxml.js";
import { syncml11Language, syncml12Language } from "./languages.js";

function fixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../../../../shared/fixtures/${path}`, import.meta.url)));
}

function path(root: Element, ...names: string[]): Element {
  let e = root;
  for (const n of names) {
    const next = firstChild(e, n);
    if (next === undefined) throw new Error(`no ${n} under ${e.name}`);
    e = next;
  }
  return e;
}

const client = "U2N0czpTYW1wbGVDbGllbnQ="; // "Scts:SampleClient"
const dm12 = [
  ["testadd", "SYNCML:SYNCML1.1", "30483", client],
  ["testdelete", "SYNCML:SYNCML1.1", "12463", client],
  ["testget", "SYNCML:SYNCML1.1", "22100", client],
  ["testreplace", "SYNCML:SYNCML1.2", "24673", "U2FtcGxlU2VydmVyOlNhbXBsZVNlcnZlcg=="],
] as const;

describe("the Motorola DM 1.2 WBXML fixtures", () => {
  it.each(dm12)("decodes %s.wbxml with the namespace its public id names", (name, ns, sessionId, cred) => {
    const doc = decodeWbxmlDocument(fixture(`cyanogenmod-oma-dm/dm12/${name}.wbxml`));
    expect(doc.version).toBe(0x02);
    expect(doc.charset).toBe(106);
    expect(doc.language).toBe(ns === "SYNCML:SYNCML1.1" ? syncml11Language : syncml12Language);
    expect(doc.root).toMatchObject({ name: "SyncML", ns, offset: 34 });
    // VerDTD 1.2 and DM/1.2 content under the SyncML 1.1 identifier: the quirk the README notes.
    expect(textOf(path(doc.root, "SyncHdr", "VerDTD"))).toBe("1.2");
    expect(textOf(path(doc.root, "SyncHdr", "VerProto"))).toBe("DM/1.2");
    expect(textOf(path(doc.root, "SyncHdr", "SessionID"))).toBe(sessionId);
    expect(path(doc.root, "SyncHdr", "Cred", "Meta", "Type")).toMatchObject({
      ns: "syncml:metinf",
      children: ["syncml:auth-basic"],
    });
    expect(textOf(path(doc.root, "SyncHdr", "Cred", "Data"))).toBe(cred);
    expect(textOf(path(doc.root, "SyncHdr", "Meta", "MaxMsgSize"))).toBe("3500");
    expect(childElements(path(doc.root, "SyncBody")).at(-1)?.name).toBe("Final");
  });

  it("decodes testget.wbxml as the fact sheet annotates it (§3.8)", () => {
    const root = decodeWbxml(fixture("cyanogenmod-oma-dm/dm12/testget.wbxml"));
    const status = path(root, "SyncBody", "Status");
    expect(textOf(path(status, "Cmd"))).toBe("SyncHdr");
    expect(textOf(path(status, "Data"))).toBe("212");
    const get = path(root, "SyncBody", "Get");
    expect(textOf(path(get, "CmdID"))).toBe("4");
    expect(textOf(path(get, "Item", "Target", "LocURI"))).toBe("./DevDetail/URI/MaxDepth");
    expect(textOf(path(root, "SyncHdr", "RespURI"))).toBe("http://10.72.34.217/Scts?0JTIAA==");
  });

  it("decodes testadd.wbxml's Add with MetInf Format node and an empty Data", () => {
    const root = decodeWbxml(fixture("cyanogenmod-oma-dm/dm12/testadd.wbxml"));
    const item = path(root, "SyncBody", "Add", "Item");
    expect(textOf(path(item, "Target", "LocURI"))).toBe("./TestLeafNode");
    expect(path(item, "Meta", "Format")).toMatchObject({ ns: "syncml:metinf", children: ["node"] });
    expect(path(item, "Data").children).toEqual([]);
  });

  it.each(dm12)("re-encodes %s.wbxml to the same tree with every option", (name) => {
    const tree = stripOffsets(decodeWbxml(fixture(`cyanogenmod-oma-dm/dm12/${name}.wbxml`)));
    for (const options of [
      undefined,
      { stringTable: true },
      { publicId: "string" as const },
      { version: 1 as const },
      { version: 3 as const, stringTable: true, publicId: "numeric" as const },
    ]) {
      expect(stripOffsets(decodeWbxml(encodeWbxml(tree, options)))).toEqual(tree);
    }
  });

  it("re-encodes testget.wbxml with the string table to bytes no longer than the original", () => {
    const original = fixture("cyanogenmod-oma-dm/dm12/testget.wbxml");
    const tree = decodeWbxml(original);
    expect(encodeWbxml(tree, { stringTable: true }).length).toBeLessThanOrEqual(original.length);
  });
});

describe("the engine-private WBXML of the Motorola tree store", () => {
  it.each(["customization", "devdetail_ext", "devdetail_uri", "managedobjects", "root", "subscriber"])(
    "refuses dmt_data/%s.wbxml: public id 0x01 names no language",
    (name) => {
      const bytes = fixture(`cyanogenmod-oma-dm/dmt_data/${name}.wbxml`);
      let error: unknown;
      try {
        decodeWbxml(bytes);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DecodeError);
      expect(error).toMatchObject({ code: "WBXML_UNKNOWN_PUBLIC_ID", offset: 1 });
    },
  );
});
