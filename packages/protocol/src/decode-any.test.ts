import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeAny } from "./decode-any.js";
import { DecodeError } from "./errors.js";
import { decodeSyncML, encodeSyncML } from "./syncml/index.js";
import { decodeXml } from "./xml/index.js";
import {
  encodeDm2Notification,
  encodePackage0,
  encodeUserDataHeader,
  encodeWspPush,
} from "./notification/index.js";

const fixture = (path: string) =>
  new Uint8Array(readFileSync(new URL(`../../../../shared/fixtures/${path}`, import.meta.url)));
const text = (s: string) => new TextEncoder().encode(s);

const pkg0 = encodePackage0(
  { uiMode: "background", initiator: "server", sessionId: 0x1234, serverId: "com.mgmtsrv.manage" },
  { serverPassword: "srvsecret", nonce: new Uint8Array(4) },
);

describe("decodeAny recognises every DM format", () => {
  const cases: [string, Uint8Array, string][] = [
    ["SyncML DM XML", fixture("cyanogenmod-oma-dm/dm12/testgetscript.xml"), "syncml"],
    ["SyncML DM WBXML", fixture("cyanogenmod-oma-dm/dm12/testadd.wbxml"), "syncml"],
    ["a TNDS document in XML", fixture("libwbxml/ddf/ddf-001.ddf"), "tnds"],
    ["a DDF document in XML", fixture("cyanogenmod-oma-dm/dmt_data/syncmldm.ddf"), "tnds"],
    ["a CP document", fixture("libwbxml/prov/prov-004.xml"), "cp"],
    ["some other XML", text("<rdmtree><version>1.02</version></rdmtree>"), "element"],
    ["a Package 0", pkg0, "package0"],
    [
      "a DM 2.0 notification",
      encodeDm2Notification({
        uiMode: "background",
        initiator: "server",
        sendDevDetail: false,
        sendSupportedMos: true,
        sendAllMoInstances: true,
        url: "https://dm.example.com/",
      }),
      "dm2-notification",
    ],
    ["a DM 2.0 command document", text("MsgID 2\r\nEND\r\n"), "dm2-commands"],
    ["an empty DM 2.0 command document", text("MsgID 0\r\n"), "dm2-commands"],
    ["a DM 2.0 status document", text("MsgID 1\r\n\r\n200\r\n"), "dm2-status"],
    [
      "a DM 2.0 JSON TNDS",
      text('{"TNDS20":[{"MOID":"oma:mo:oma-dm-devinfo:1.0","Path":"/","Man":"X"}]}'),
      "tnds20",
    ],
    [
      "a WSP push of a Package 0",
      encodeWspPush({ transactionId: 3, contentType: { code: 0x44 }, applicationId: 7, body: pkg0 }),
      "wsp-push",
    ],
  ];
  it.each(cases)("recognises %s", (_name, bytes, kind) => {
    expect(decodeAny(bytes).kind).toBe(kind);
  });

  it("decodes the Package 0 inside a WSP push inside SMS user data", () => {
    const push = encodeWspPush({
      transactionId: 1,
      contentType: { mediaType: "application/vnd.syncml.notification" },
      applicationId: 7,
      body: pkg0,
    });
    const udh = encodeUserDataHeader({ ports: { destination: 2948, source: 9200, bits: 16 } });
    const bytes = new Uint8Array([...udh, ...push]);
    const decoded = decodeAny(bytes);
    expect(decoded.kind).toBe("sms");
    if (decoded.kind !== "sms") return;
    expect(decoded.content?.kind).toBe("wsp-push");
    if (decoded.content?.kind !== "wsp-push") return;
    expect(decoded.content.content).toMatchObject({
      kind: "package0",
      package0: { serverId: "com.mgmtsrv.manage" },
    });
  });

  it("gives the same model as decodeSyncML for WBXML with an embedded TNDS", () => {
    const tree = decodeXml(fixture("libwbxml/ddf/ddf-001.ddf"));
    const wbxml = encodeSyncML(
      {
        header: {
          verDtd: "1.2",
          verProto: "DM/1.2",
          sessionId: "1",
          msgId: 1,
          target: { locUri: "IMEI:1" },
          source: { locUri: "https://dm.example.com/dm" },
        },
        body: [
          {
            kind: "Add",
            cmdId: 1,
            items: [
              {
                target: { locUri: "./OperatorX" },
                meta: { format: "xml", type: "application/vnd.syncml.dmtnds+xml" },
                data: tree,
              },
            ],
          },
        ],
        final: true,
      },
      { encoding: "wbxml" },
    );
    const decoded = decodeAny(wbxml);
    expect(decoded.kind).toBe("syncml");
    if (decoded.kind !== "syncml") return;
    const item = decoded.message.body[0]?.kind === "Add" ? decoded.message.body[0].items[0] : undefined;
    expect(item?.data).toMatchObject({ name: "MgmtTree" });
    expect(decoded.message).toEqual(decodeSyncML(wbxml));
  });

  it("reports the WBXML decoder's error for WBXML it cannot read", () => {
    // Motorola's engine-private WBXML: public id 0x01 names no language.
    expect(() => decodeAny(fixture("cyanogenmod-oma-dm/dmt_data/managedobjects.wbxml"))).toThrow(
      expect.objectContaining({ code: "WBXML_UNKNOWN_PUBLIC_ID", offset: 1 }),
    );
  });

  it("refuses empty input and unknown bytes with DECODE_UNKNOWN_FORMAT", () => {
    expect(() => decodeAny(new Uint8Array(0))).toThrow(
      expect.objectContaining({ code: "DECODE_UNKNOWN_FORMAT" }),
    );
    expect(() => decodeAny(new Uint8Array([0xff, 0xfe, 0xfd]))).toThrow(
      expect.objectContaining({ code: "DECODE_UNKNOWN_FORMAT" }),
    );
  });

  it("refuses input over the size limit before decoding it", () => {
    expect(() => decodeAny(new Uint8Array(2048), { limits: { maxBytes: 1024 } })).toThrow(
      expect.objectContaining({ code: "DECODE_LIMIT", offset: 0 }),
    );
  });

  it("gives a value or a DecodeError for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decodeAny(bytes);
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
        }
      }),
      { numRuns: 3000 },
    );
  });
});
