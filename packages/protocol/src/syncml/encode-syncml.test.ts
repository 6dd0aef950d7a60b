import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { comparable, itemsOf } from "../../../../tests/support/syncml-arbitraries.js";
import type { Element } from "../element.js";
import { el, isElement, stripOffsets } from "../element.js";
import { DecodeError } from "../errors.js";
import { decodeWbxmlDocument, encodeWbxml } from "../wbxml/index.js";
import { decodeSyncML } from "./decode-syncml.js";
import { encodeSyncML } from "./encode-syncml.js";
import type { Item, SyncMLMessage } from "./model.js";

const fixtures = new URL("../../../../../shared/fixtures/", import.meta.url);
const fixture = (path: string): Uint8Array => new Uint8Array(readFileSync(new URL(path, fixtures)));

const D = "syncml:dmddf1.2";
const tree = el("MgmtTree", D, [
  el("VerDTD", D, ["1.2"]),
  el("Node", D, [
    el("NodeName", D, ["POPServer"]),
    el("RTProperties", D, [el("Format", D, [el("chr", D)]), el("Type", D, [el("MIME", D, ["text/plain"])])]),
    el("Value", D, ["mail.example.com"]),
  ]),
]);

const header: SyncMLMessage["header"] = {
  verDtd: "1.2",
  verProto: "DM/1.2",
  sessionId: "1",
  msgId: 1,
  target: { locUri: "IMEI:493005100592800" },
  source: { locUri: "https://dm.example.com" },
};

const withItems = (items: Item[], meta?: { type: string }): SyncMLMessage => ({
  header,
  body: [meta === undefined ? { kind: "Add", cmdId: 1, items } : { kind: "Add", cmdId: 1, meta, items }],
  final: true,
});

const firstItem = (msg: SyncMLMessage): Item => itemsOf(msg.body[0])[0]!;

function decodeError(f: () => unknown): DecodeError {
  try {
    f();
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error("expected a DecodeError");
}

/** Where `needle` first occurs in `hay`, or -1. */
function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(hay.buffer, hay.byteOffset, hay.length).indexOf(Buffer.from(needle));
}

describe("encodeSyncML: XML", () => {
  it("writes the declaration, the message namespace, and syncml:metinf on each MetInf child", () => {
    const msg: SyncMLMessage = {
      header: { ...header, meta: { maxMsgSize: 5000 } },
      body: [{ kind: "Alert", cmdId: 1, data: 1201, items: [] }],
      final: true,
    };
    expect(Buffer.from(encodeSyncML(msg)).toString()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD>' +
        "<VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID>" +
        "<Target><LocURI>IMEI:493005100592800</LocURI></Target><Source><LocURI>https://dm.example.com</LocURI></Source>" +
        '<Meta><MaxMsgSize xmlns="syncml:metinf">5000</MaxMsgSize></Meta></SyncHdr>' +
        "<SyncBody><Alert><CmdID>1</CmdID><Data>1201</Data></Alert><Final/></SyncBody></SyncML>",
    );
  });

  it("writes a DM 1.1 message (VerDTD 1.1) in SYNCML:SYNCML1.1", () => {
    const xml = Buffer.from(
      encodeSyncML({ header: { ...header, verDtd: "1.1" }, body: [], final: true }),
    ).toString();
    expect(xml).toContain('<SyncML xmlns="SYNCML:SYNCML1.1">');
  });

  it("writes bytes as base64 with Meta Format b64, overriding Format bin [TR-TND §8.3.7.2]", () => {
    const msg = withItems([
      { target: { locUri: "./A" }, meta: { format: "bin", size: 3 }, data: new Uint8Array([0, 1, 255]) },
    ]);
    const xml = Buffer.from(encodeSyncML(msg)).toString();
    expect(xml).toContain(
      '<Meta><Format xmlns="syncml:metinf">b64</Format><Size xmlns="syncml:metinf">3</Size></Meta><Data>AAH/</Data>',
    );
    expect(firstItem(decodeSyncML(encodeSyncML(msg)))).toEqual({
      target: { locUri: "./A" },
      meta: { format: "b64", size: 3 },
      data: "AAH/",
    });
  });

  it("writes an element Data inline and re-spells a +wbxml Type as +xml", () => {
    const msg = withItems([
      {
        target: { locUri: "./OperatorX" },
        meta: { format: "xml", type: "application/vnd.syncml.dmtnds+wbxml" },
        data: tree,
      },
    ]);
    const xml = Buffer.from(encodeSyncML(msg)).toString();
    expect(xml).toContain('<Type xmlns="syncml:metinf">application/vnd.syncml.dmtnds+xml</Type>');
    expect(xml).toContain('<Data><MgmtTree xmlns="syncml:dmddf1.2"><VerDTD>1.2</VerDTD>');
    const item = firstItem(decodeSyncML(encodeSyncML(msg)));
    expect(comparable(item.data)).toEqual(tree);
    expect(item.meta?.type).toBe("application/vnd.syncml.dmtnds+xml");
  });

  it("re-spells a command Meta Type an element Data relies on, and leaves one it does not", () => {
    const relied = withItems([{ data: tree }], { type: "application/vnd.syncml.dmtnds+wbxml" });
    expect(Buffer.from(encodeSyncML(relied)).toString()).toContain("dmtnds+xml</Type>");
    const overridden = withItems([{ meta: { type: "application/vnd.syncml.dmtnds+wbxml" }, data: tree }], {
      type: "application/vnd.syncml.dmtnds+wbxml",
    });
    const xml = Buffer.from(encodeSyncML(overridden)).toString();
    expect(xml.match(/dmtnds\+wbxml/g)).toHaveLength(1);
    expect(xml.match(/dmtnds\+xml/g)).toHaveLength(1);
  });
});

describe("encodeSyncML: WBXML", () => {
  it("writes WBXML 1.2 with the numeric SyncML 1.2 public id by default", () => {
    const bytes = encodeSyncML({ header, body: [], final: true }, { encoding: "wbxml" });
    // version 1.2, public id 0x1201 (A4 01), UTF-8, empty string table, <SyncML><SyncHdr><VerDTD>
    expect([...bytes.subarray(0, 8)]).toEqual([0x02, 0xa4, 0x01, 0x6a, 0x00, 0x6d, 0x6c, 0x71]);
  });

  it("writes the WBXML version asked for, and the SyncML 1.1 public id for a DM 1.1 message", () => {
    const bytes = encodeSyncML(
      { header: { ...header, verDtd: "1.1" }, body: [], final: true },
      {
        encoding: "wbxml",
        wbxmlVersion: 3,
      },
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0x03, 0x9f, 0x53]);
  });

  it("writes bytes as OPAQUE and reads them back as bytes", () => {
    const data = new Uint8Array([0, 1, 2, 0xc3, 0xff]);
    const msg = withItems([{ target: { locUri: "./FUMO/Update/PkgData" }, meta: { format: "bin" }, data }]);
    const bytes = encodeSyncML(msg, { encoding: "wbxml" });
    expect(indexOfBytes(bytes, new Uint8Array([0x4f, 0xc3, 0x05, ...data]))).toBeGreaterThan(0);
    expect(firstItem(decodeSyncML(bytes)).data).toEqual(data);
  });

  it("writes text Data as OPAQUE with dataAsOpaque, which then reads back as bytes", () => {
    const msg = withItems([{ target: { locUri: "./A" }, data: "héllo" }]);
    const bytes = encodeSyncML(msg, { encoding: "wbxml", dataAsOpaque: true });
    const utf8 = Buffer.from("héllo");
    expect(indexOfBytes(bytes, new Uint8Array([0x4f, 0xc3, utf8.length, ...utf8]))).toBeGreaterThan(0);
    expect(firstItem(decodeSyncML(bytes)).data).toEqual(new Uint8Array(utf8));
    expect(firstItem(decodeSyncML(encodeSyncML(msg, { encoding: "wbxml" }))).data).toBe("héllo");
  });

  it("writes an element Data as a nested WBXML document in OPAQUE and re-spells +xml as +wbxml", () => {
    const msg = withItems([
      {
        target: { locUri: "./OperatorX" },
        meta: { format: "xml", type: "application/vnd.syncml.dmtnds+xml" },
        data: tree,
      },
    ]);
    const bytes = encodeSyncML(msg, { encoding: "wbxml" });
    const nested = encodeWbxml(tree);
    expect(indexOfBytes(bytes, nested)).toBeGreaterThan(0);
    const item = firstItem(decodeSyncML(bytes));
    expect(item.meta).toEqual({ format: "xml", type: "application/vnd.syncml.dmtnds+wbxml" });
    expect(stripOffsets(item.data as Element)).toEqual(tree);
  });

  it("survives a string table in the outer and the nested document", () => {
    const msg = withItems([{ meta: { type: "application/vnd.syncml.dmtnds+wbxml" }, data: tree }]);
    const bytes = encodeSyncML(msg, { encoding: "wbxml", stringTable: true });
    expect(comparable(decodeSyncML(bytes))).toEqual(comparable(msg));
  });
});

describe("decodeSyncML: embedded WBXML documents", () => {
  const tndsType = "application/vnd.syncml.dmtnds+wbxml";
  const carrying = (data: Uint8Array, type = tndsType) =>
    encodeSyncML(withItems([{ target: { locUri: "./Inbox" }, meta: { type }, data }]), { encoding: "wbxml" });

  it("counts a nested element's offset from the start of the outer message", () => {
    const outer = carrying(encodeWbxml(tree));
    const decoded = firstItem(decodeSyncML(outer)).data as Element;
    const node = decoded.children.find((c): c is Element => isElement(c) && c.name === "Node")!;
    // MgmtTree is DDF token 0x20, Node 0x24 (fact sheet §3.5); both have content (0x40).
    expect(outer[decoded.offset!]).toBe(0x60);
    expect(outer[node.offset!]).toBe(0x64);
    expect(decoded.offset!).toBeGreaterThan(indexOfBytes(outer, encodeWbxml(tree)));
  });

  it("refuses a labelled document that does not decode, at its offset inside the outer message", () => {
    const nested = encodeWbxml(tree);
    const cut = nested.subarray(0, nested.length - 3);
    const outer = carrying(cut);
    const start = indexOfBytes(outer, cut);
    const inner = decodeError(() => decodeWbxmlDocument(cut));
    const error = decodeError(() => decodeSyncML(outer));
    expect(error.code).toBe(inner.code);
    expect(error.offset).toBe(start + inner.offset);
    expect(error.message).toContain("embedded WBXML document");
  });

  it("keeps bytes whose WBXML public id no language knows", () => {
    const unknown = new Uint8Array([0x02, 0x7f, 0x6a, 0x00, 0x45, 0x01]);
    expect(firstItem(decodeSyncML(carrying(unknown))).data).toEqual(unknown);
  });

  it("keeps bytes labelled +wbxml that cannot be a WBXML document (first byte over 0x03)", () => {
    const data = new Uint8Array([0x50, 0x4b, 0x03, 0x04]);
    expect(firstItem(decodeSyncML(carrying(data))).data).toEqual(data);
  });

  it("keeps a WBXML document as bytes when the Type does not say +wbxml", () => {
    const nested = encodeWbxml(tree);
    expect(firstItem(decodeSyncML(carrying(nested, "application/octet-stream"))).data).toEqual(nested);
  });

  it("takes the command's Meta Type when the Item has none", () => {
    const msg = withItems([{ data: encodeWbxml(tree) }], { type: tndsType });
    const item = firstItem(decodeSyncML(encodeSyncML(msg, { encoding: "wbxml" })));
    expect(stripOffsets(item.data as Element)).toEqual(tree);
  });

  it("counts the nested document's depth from its Data element against maxDepth", () => {
    // SyncML 1, SyncBody 2, Add 3, Item 4, Data 5; MgmtTree 6, Node 7, RTProperties 8, Format 9, chr 10.
    const outer = carrying(encodeWbxml(tree));
    expect(() => decodeSyncML(outer, { limits: { maxDepth: 10 } })).not.toThrow();
    const error = decodeError(() => decodeSyncML(outer, { limits: { maxDepth: 9 } }));
    expect(error.code).toBe("DECODE_LIMIT");
    expect(error.offset).toBeGreaterThan(indexOfBytes(outer, encodeWbxml(tree)));
    expect(decodeError(() => decodeSyncML(outer, { limits: { maxDepth: 5 } })).code).toBe("DECODE_LIMIT");
  });

  it("refuses a WBXML document of another language (a TNDS tree) as SYNCML_INVALID at its root", () => {
    const bytes = encodeWbxml(tree);
    const error = decodeError(() => decodeSyncML(bytes));
    expect(error.code).toBe("SYNCML_INVALID");
    expect(bytes[error.offset]).toBe(0x60);
  });
});

describe("fixtures survive both encodings", () => {
  const wellFormed = [
    "cyanogenmod-oma-dm/dm12/testadd.wbxml",
    "cyanogenmod-oma-dm/dm12/testdelete.wbxml",
    "cyanogenmod-oma-dm/dm12/testget.wbxml",
    "cyanogenmod-oma-dm/dm12/testreplace.wbxml",
    "cyanogenmod-oma-dm/dm12/testalertdisplay.xml",
    "cyanogenmod-oma-dm/dm12/testalertconfirmatomic.xml",
    "cyanogenmod-oma-dm/dm12/testexecscript.xml",
    "cyanogenmod-oma-dm/dm12/testgetscript.xml",
    "cyanogenmod-oma-dm/dm12/testnewdatatype.xml",
    "cyanogenmod-oma-dm/dm12/testalerttextinput.xml",
    "libwbxml/syncml/syncml-012.xml",
  ];

  it.each(wellFormed)("re-encodes %s as XML and as WBXML to the same message", (path) => {
    const msg = decodeSyncML(fixture(path), { lenient: true });
    expect(comparable(decodeSyncML(encodeSyncML(msg)))).toEqual(comparable(msg));
    expect(comparable(decodeSyncML(encodeSyncML(msg, { encoding: "wbxml" })))).toEqual(comparable(msg));
  });

  it("re-encodes the DS message of syncml_with_ddf-001.xml; its namespace-less Sync takes SYNCML1.2", () => {
    const msg = decodeSyncML(fixture("libwbxml/ddf/syncml_with_ddf-001.xml"));
    const back = decodeSyncML(encodeSyncML(msg, { encoding: "wbxml" }));
    expect(comparable(back.body.slice(0, 3))).toEqual(comparable(msg.body.slice(0, 3)));
    expect(back.body[3]).toMatchObject({
      kind: "Unknown",
      name: "Sync",
      cmdId: 4,
      element: { ns: "SYNCML:SYNCML1.2" },
    });
  });
});
