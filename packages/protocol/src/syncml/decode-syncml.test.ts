import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { itemsOf } from "../../../../tests/support/syncml-arbitraries.js";
import { DecodeError } from "../errors.js";
import { decodeSyncML } from "./decode-syncml.js";
import type { Command, SyncMLMessage } from "./model.js";
import { sniffEncoding } from "./sniff-encoding.js";

const fixtures = new URL("../../../../../shared/fixtures/", import.meta.url);
const fixture = (path: string): Uint8Array => new Uint8Array(readFileSync(new URL(path, fixtures)));
const dm12 = (name: string) => fixture(`cyanogenmod-oma-dm/dm12/${name}`);

function decodeError(f: () => unknown): DecodeError {
  try {
    f();
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error("expected a DecodeError");
}

const kinds = (body: readonly Command[]) => body.map((c) => c.kind);

describe("decodeSyncML: the worked messages of the fact sheet §2.5 [TR-PRO §2.6.1]", () => {
  it("reads package 1: Cred, MaxMsgSize, Alert 1200 and a DevInfo Replace", () => {
    const xml = `<SyncML xmlns='SYNCML:SYNCML1.2'>
 <SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID>
  <Target><LocURI>http://www.syncml.org/mgmt-server</LocURI></Target>
  <Source><LocURI>IMEI:493005100592800</LocURI></Source>
  <Cred><Meta><Type xmlns="syncml:metinf">syncml:auth-basic</Type><Format xmlns="syncml:metinf">b64</Format></Meta><Data>dXNlcjpwYXNz</Data></Cred>
  <Meta><MaxMsgSize xmlns="syncml:metinf">5000</MaxMsgSize></Meta></SyncHdr>
 <SyncBody>
  <Alert><CmdID>1</CmdID><Data>1200</Data></Alert>
  <Replace><CmdID>3</CmdID>
   <Item><Source><LocURI>./DevInfo/DevId</LocURI></Source>
    <Meta><Format xmlns='syncml:metinf'>chr</Format><Type xmlns='syncml:metinf'>text/plain</Type></Meta>
    <Data>IMEI:493005100592800</Data></Item>  <!-- + Man, Mod, DmV, Lang -->
  </Replace><Final/></SyncBody></SyncML>`;
    const expected: SyncMLMessage = {
      header: {
        verDtd: "1.2",
        verProto: "DM/1.2",
        sessionId: "1",
        msgId: 1,
        target: { locUri: "http://www.syncml.org/mgmt-server" },
        source: { locUri: "IMEI:493005100592800" },
        cred: { meta: { type: "syncml:auth-basic", format: "b64" }, data: "dXNlcjpwYXNz" },
        meta: { maxMsgSize: 5000 },
      },
      body: [
        { kind: "Alert", cmdId: 1, data: 1200, items: [] },
        {
          kind: "Replace",
          cmdId: 3,
          items: [
            {
              source: { locUri: "./DevInfo/DevId" },
              meta: { format: "chr", type: "text/plain" },
              data: "IMEI:493005100592800",
            },
          ],
        },
      ],
      final: true,
    };
    expect(decodeSyncML(Buffer.from(xml))).toEqual(expected);
  });

  it("reads the start of package 2: the Status for SyncHdr with 212", () => {
    const xml = `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto>
<SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>IMEI:493005100592800</LocURI></Target>
<Source><LocURI>http://www.syncml.org/mgmt-server</LocURI></Source></SyncHdr><SyncBody>
<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd>
<TargetRef>http://www.syncml.org/mgmt-server</TargetRef><SourceRef>IMEI:493005100592800</SourceRef><Data>212</Data></Status>
<Final/></SyncBody></SyncML>`;
    expect(decodeSyncML(Buffer.from(xml)).body).toEqual([
      {
        kind: "Status",
        cmdId: 1,
        msgRef: 1,
        cmdRef: 0,
        cmd: "SyncHdr",
        targetRefs: ["http://www.syncml.org/mgmt-server"],
        sourceRefs: ["IMEI:493005100592800"],
        data: 212,
        items: [],
      },
    ]);
  });
});

describe("decodeSyncML: CyanogenMod / Motorola DM 1.2 test packages (XML)", () => {
  const mot = {
    verDtd: "1.2",
    verProto: "DM/1.2",
    sessionId: "11",
    msgId: 1,
    target: { locUri: "SampleClient" },
    source: { locUri: "mot.manage" },
    respUri: "http://199.1.88.66/Scts?4Eq5AA==",
    meta: { maxMsgSize: 20000 },
  };

  it("reads testalertdisplay.xml: Alert 1100 with an options Item and a text Item", () => {
    expect(decodeSyncML(dm12("testalertdisplay.xml"))).toEqual({
      header: mot,
      body: [
        {
          kind: "Alert",
          cmdId: 1,
          data: 1100,
          items: [{ data: "MINDT=15" }, { data: "Testing Display Alert" }],
        },
      ],
      final: true,
    });
  });

  it("reads testalertconfirmatomic.xml: an Atomic holding Alert 1101 and a Replace with command Meta", () => {
    const msg = decodeSyncML(dm12("testalertconfirmatomic.xml"));
    expect(msg.body).toEqual([
      {
        kind: "Atomic",
        cmdId: 1,
        commands: [
          {
            kind: "Alert",
            cmdId: 2,
            data: 1101,
            // Malformed UI options (no "&"), kept as sent: judging them is the engine's job.
            items: [{ data: "MAXDT=15DR=1" }, { data: "Testing Confirmation Alert" }],
          },
          {
            kind: "Replace",
            cmdId: 3,
            meta: { format: "chr", type: "text/plain" },
            items: [{ target: { locUri: "./DevDetail/Bearer/GSM" }, data: "test" }],
          },
        ],
      },
    ]);
  });

  it.each([
    ["testexecscript.xml", "uname"],
    ["testexecscript2.xml", "ls"],
  ])("reads %s: Exec on the root with Data %j", (name, data) => {
    expect(decodeSyncML(dm12(name)).body).toEqual([
      { kind: "Exec", cmdId: 1, item: { target: { locUri: "." }, data } },
    ]);
  });

  it("reads testgetscript.xml: Get ./DevInfo/DevId", () => {
    expect(decodeSyncML(dm12("testgetscript.xml"))).toEqual({
      header: mot,
      body: [{ kind: "Get", cmdId: 1, items: [{ target: { locUri: "./DevInfo/DevId" } }] }],
      final: true,
    });
  });

  it("reads testnewdatatype.xml: 14 commands exercising the DM 1.2 formats", () => {
    const msg = decodeSyncML(dm12("testnewdatatype.xml"));
    expect(msg.header).toMatchObject({
      sessionId: "18629",
      target: { locUri: "000000011234564" },
      source: { locUri: "http://10.72.35.166/Manage" },
      cred: { meta: { format: "b64", type: "syncml:auth-basic" }, data: "U2N0czpTYW1wbGVDbGllbnQ=" },
    });
    expect(kinds(msg.body)).toEqual([
      ...Array<string>(4).fill("Add"),
      ...Array<string>(3).fill("Replace"),
      ...Array<string>(3).fill("Get"),
      ...Array<string>(4).fill("Delete"),
    ]);
    expect(msg.body.map((c) => ("cmdId" in c ? c.cmdId : undefined))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
    ]);
    expect(msg.body[0]).toEqual({
      kind: "Add",
      cmdId: 1,
      items: [{ target: { locUri: "./Test/MyApp" }, meta: { format: "node", type: "text/plain" } }],
    });
    expect(msg.body[1]).toMatchObject({ items: [{ meta: { format: "float" }, data: "+1.23e+01" }] });
    expect(msg.body[5]).toMatchObject({ items: [{ meta: { format: "date" }, data: "2005-345" }] });
    expect(msg.body[6]).toMatchObject({ items: [{ meta: { format: "time" }, data: "11:20:35+01:20" }] });
    expect(msg.final).toBe(true);
  });

  // These four are NOT well-formed: a raw "&" in the UI-alert options. The Motorola engine's
  // parser accepts them; strict decoding refuses them where the "&" is, lenient reads them.
  it.each([
    ["testalertconfirm.xml", 1101, 2, "MAXDT=15&DR=1"],
    ["testalertmultiplechoice.xml", 1104, 1, "MAXDT=20&DR=1-3,6"],
    ["testalertsinglechoice.xml", 1103, 1, "MAXDT=20&DR=2"],
    ["testalerttextinput.xml", 1102, 1, "MAXDT=20&DR=hello+andy!&MAXLEN=30&IT=I&ET=P"],
  ])("refuses %s strictly at its raw '&' and reads it leniently (Alert %i)", (name, code, cmdId, options) => {
    const bytes = dm12(name);
    const error = decodeError(() => decodeSyncML(bytes));
    expect(error.code).toBe("XML_MALFORMED");
    expect(error.offset).toBe(Buffer.from(bytes).indexOf("&"));
    const msg = decodeSyncML(bytes, { lenient: true });
    expect(msg.body).toHaveLength(1);
    expect(msg.body[0]).toMatchObject({ kind: "Alert", cmdId, data: code });
    expect(itemsOf(msg.body[0])[0]).toEqual({ data: options });
  });

  it("reads all six choices of testalertmultiplechoice.xml in order", () => {
    const alert = decodeSyncML(dm12("testalertmultiplechoice.xml"), { lenient: true }).body[0];
    expect(itemsOf(alert).map((i) => i.data)).toEqual([
      "MAXDT=20&DR=1-3,6",
      "Testing Multiple Choice Alert",
      "choice one",
      "choice two",
      "choice three",
      "choice four",
      "choice five",
      "choice six",
    ]);
  });
});

describe("decodeSyncML: CyanogenMod / Motorola DM 1.2 test packages (WBXML)", () => {
  const server = "http://10.72.34.217:80/Manage";
  const statuses = (msgRef: number): Command[] => [
    {
      kind: "Status",
      cmdId: 1,
      msgRef,
      cmdRef: 0,
      cmd: "SyncHdr",
      targetRefs: [server],
      sourceRefs: ["000000011234564"],
      data: 212,
      items: [],
    },
    {
      kind: "Status",
      cmdId: 2,
      msgRef,
      cmdRef: 1,
      cmd: "Alert",
      targetRefs: [],
      sourceRefs: [],
      data: 200,
      items: [],
    },
    {
      kind: "Status",
      cmdId: 3,
      msgRef,
      cmdRef: 2,
      cmd: "Replace",
      targetRefs: [],
      sourceRefs: [],
      data: 200,
      items: [],
    },
  ];
  const header = (sessionId: string, respUri: string) => ({
    verDtd: "1.2",
    verProto: "DM/1.2",
    sessionId,
    msgId: 1,
    target: { locUri: "000000011234564" },
    source: { locUri: server },
    respUri,
    cred: { meta: { format: "b64", type: "syncml:auth-basic" }, data: "U2N0czpTYW1wbGVDbGllbnQ=" },
    meta: { maxMsgSize: 3500 },
  });

  it("reads testadd.wbxml (SyncML 1.1 public id, DM 1.2 content): Statuses and an interior-node Add", () => {
    expect(decodeSyncML(dm12("testadd.wbxml"))).toEqual({
      header: header("30483", "http://10.72.34.217/Scts?4ELIAA=="),
      body: [
        ...statuses(1),
        {
          kind: "Add",
          cmdId: 4,
          items: [{ target: { locUri: "./TestLeafNode" }, meta: { format: "node" }, data: "" }],
        },
      ],
      final: true,
    });
  });

  it("reads testdelete.wbxml: two Deletes", () => {
    expect(decodeSyncML(dm12("testdelete.wbxml"))).toEqual({
      header: header("12463", "http://10.72.34.217/Scts?ALvHAA=="),
      body: [
        ...statuses(1),
        { kind: "Delete", cmdId: 4, items: [{ target: { locUri: "./TestLeafNode" } }] },
        { kind: "Delete", cmdId: 5, items: [{ target: { locUri: "./TestLeaf" } }] },
      ],
      final: true,
    });
  });

  it("reads testget.wbxml (the message annotated in the fact sheet §3.8)", () => {
    expect(decodeSyncML(dm12("testget.wbxml"))).toEqual({
      header: header("22100", "http://10.72.34.217/Scts?0JTIAA=="),
      body: [
        ...statuses(1),
        { kind: "Get", cmdId: 4, items: [{ target: { locUri: "./DevDetail/URI/MaxDepth" } }] },
      ],
      final: true,
    });
  });

  it("reads testreplace.wbxml: package-1 shape with LocNames, Alert 1201 and nine DevInfo leaves", () => {
    const msg = decodeSyncML(dm12("testreplace.wbxml"));
    expect(msg.header).toEqual({
      verDtd: "1.2",
      verProto: "DM/1.2",
      sessionId: "24673",
      msgId: 1,
      target: { locUri: "http://10.72.41.182:80/Manage", locName: "Scts" },
      source: { locUri: "000000011234564", locName: "SampleServer" },
      cred: {
        meta: { format: "b64", type: "syncml:auth-basic" },
        data: "U2FtcGxlU2VydmVyOlNhbXBsZVNlcnZlcg==",
      },
      meta: { maxMsgSize: 3500 },
    });
    expect(msg.body[0]).toEqual({ kind: "Alert", cmdId: 1, data: 1201, items: [] });
    expect(msg.body[1]?.kind).toBe("Replace");
    expect(itemsOf(msg.body[1]).map((i) => [i.source?.locUri, i.data])).toEqual([
      ["./DevInfo/DevId", "000000011234564"],
      ["./DevInfo/DmV", "1.2"],
      ["./DevInfo/Lang", "en"],
      ["./DevInfo/Man", "Motorola, Copyright 2005"],
      ["./DevInfo/Mod", "A780"],
      ["./DevInfo/Bearer/GSM", ""],
      ["./DevInfo/Sort", "Latin"],
      ["./DevInfo/Loc", "US"],
      ["./DevInfo/LangAuto", "false"],
    ]);
    expect(msg.final).toBe(true);
  });
});

describe("decodeSyncML: libwbxml samples", () => {
  it("reads syncml-012.xml: DM 1.1 without xmlns, SessionID and MsgID 0, a LocURI wrapped in newlines", () => {
    expect(decodeSyncML(fixture("libwbxml/syncml/syncml-012.xml"))).toEqual({
      header: {
        verDtd: "1.1",
        verProto: "DM/1.1",
        sessionId: "0",
        msgId: 0,
        target: { locUri: "My_SyncML_DM_Device" },
        source: { locUri: "http://www.TheUltimateManagementServer.com" },
      },
      body: [
        {
          kind: "Add",
          cmdId: 1,
          items: [
            { target: { locUri: "./SyncML/DMAcc/UltimateManagement" }, meta: { format: "node" }, data: "" },
            {
              target: { locUri: "./SyncML/DMAcc/UltimateManagement/Addr" },
              data: "www.TheUltimateManagementServer.com",
            },
            { target: { locUri: "./SyncML/Con/My_ISP" } },
            { target: { locUri: "./SyncML/Con/My_ISP/PX/Addr" }, data: "123.123.123.123" },
          ],
        },
      ],
      final: true,
    });
  });

  it("reads syncml_with_ddf-001.xml (a DS message): three Statuses, the Sync as one Unknown", () => {
    const msg = decodeSyncML(fixture("libwbxml/ddf/syncml_with_ddf-001.xml"));
    expect(msg.header).toMatchObject({ verProto: "SyncML/1.2", sessionId: "1", msgId: 2 });
    expect(kinds(msg.body)).toEqual(["Status", "Status", "Status", "Unknown"]);
    expect(msg.body[1]).toMatchObject({ cmd: "Sync", cmdRef: 3, targetRefs: ["./contacts/james_bond"] });
    expect(msg.body[2]).toMatchObject({ cmd: "Replace", targetRefs: [], sourceRefs: ["1012"] });
    const sync = msg.body[3];
    expect(sync).toMatchObject({ kind: "Unknown", name: "Sync", cmdId: 4 });
    // The raw element keeps the inline TNDS MgmtTree of the inner Add.
    const raw = JSON.stringify(sync);
    expect(raw).toContain('"name":"MgmtTree","ns":"syncml:dmddf1.2"');
    expect(msg.final).toBe(true);
  });
});

describe("decodeSyncML: a Windows 10 MDM exchange (fleet mdm_ngrok_comm_dump.txt)", () => {
  const dump = readFileSync(new URL("fleet/misc/mdm_ngrok_comm_dump.txt", fixtures), "utf8");
  const messages: string[] = [];
  for (let at = dump.indexOf("<SyncML"); at !== -1; at = dump.indexOf("<SyncML", at + 1)) {
    const end = dump.indexOf("</SyncML>", at);
    messages.push(dump.slice(at, end + "</SyncML>".length));
  }
  const decoded = messages.map((m) => decodeSyncML(Buffer.from(m)));
  const device = "B5B954E81FBCB94EB79BD08BE625F4EE";
  const server = "https://windows.fleetdm.ngrok.io/ManagementServer/MDM.svc";
  const devInfo = (at: number) => ({
    kind: "Replace",
    cmdId: at,
    items: [
      ["DevId", device],
      ["Man", "VMware, Inc."],
      ["Mod", "VMware7,1"],
      ["DmV", "1.3"],
      ["Lang", "en-US"],
    ].map(([leaf, data]) => ({ source: { locUri: `./DevInfo/${leaf}` }, data })),
  });
  const ok = (cmdId: number, cmdRef: number, cmd: string) => ({
    kind: "Status",
    cmdId,
    msgRef: 1,
    cmdRef,
    cmd,
    targetRefs: [],
    sourceRefs: [],
    data: 200,
    items: [],
  });

  it("finds the four SyncML bodies of the two sessions", () => {
    expect(messages).toHaveLength(4);
  });

  it("reads session 1 package 1: Alert 1201, Alert 1224 LoginStatus, DevInfo Replace with CmdIDs from 2", () => {
    expect(decoded[0]).toEqual({
      header: {
        verDtd: "1.2",
        verProto: "DM/1.2",
        sessionId: "1",
        msgId: 1,
        target: { locUri: server },
        source: { locUri: device },
      },
      body: [
        { kind: "Alert", cmdId: 2, data: 1201, items: [] },
        {
          kind: "Alert",
          cmdId: 3,
          data: 1224,
          items: [{ meta: { type: "com.microsoft/MDM/LoginStatus" }, data: "user" }],
        },
        devInfo(4),
      ],
      final: true,
    });
  });

  it("reads the server's answer: four Statuses 200 and <Final />", () => {
    expect(decoded[1]?.header.target).toEqual({ locUri: device });
    expect(decoded[1]?.body).toEqual([
      ok(1, 0, "SyncHdr"),
      ok(2, 2, "Alert"),
      ok(3, 3, "Alert"),
      ok(4, 4, "Replace"),
    ]);
    expect(decoded[1]?.final).toBe(true);
  });

  it("reads session 2 package 1 with the Generic Alert 1226 for unenrollment", () => {
    const msg = decoded[2]!;
    expect(msg.header.sessionId).toBe("2");
    expect(kinds(msg.body)).toEqual(["Alert", "Alert", "Alert", "Replace"]);
    expect(msg.body[2]).toEqual({
      kind: "Alert",
      cmdId: 4,
      data: 1226,
      items: [{ meta: { type: "com.microsoft:mdm.unenrollment.userrequest", format: "int" }, data: "1" }],
    });
    expect(msg.body[3]).toEqual(devInfo(5));
  });

  it("reads the answer to session 2: the SyncHdr Status only", () => {
    expect(decoded[3]?.body).toEqual([ok(1, 0, "SyncHdr")]);
  });
});

describe("decodeSyncML: fixtures that are not whole messages", () => {
  it("refuses SyncMLViewer's example (BOM, a title line, then a bare SyncBody) as an unknown format", () => {
    const error = decodeError(() => decodeSyncML(fixture("SyncMLViewer/SyncML-Examples.txt")));
    expect(error).toMatchObject({ code: "DECODE_UNKNOWN_FORMAT", offset: 0 });
  });

  it("refuses a fleet command snippet (root Get) as SYNCML_INVALID at its root", () => {
    const error = decodeError(() =>
      decodeSyncML(fixture("fleet/sample_syncml_commands/get_device_name.xml")),
    );
    expect(error).toMatchObject({ code: "SYNCML_INVALID", offset: 0 });
  });

  it("refuses a fleet snippet with the unbound A: prefix strictly, at the prefixed element", () => {
    const bytes = fixture("fleet/sample_syncml_commands/atomic_install_msi.xml");
    const error = decodeError(() => decodeSyncML(bytes));
    expect(error.code).toBe("XML_UNBOUND_PREFIX");
    expect(error.offset).toBe(Buffer.from(bytes).indexOf("<A:"));
  });
});

describe("decodeSyncML: input that is not a SyncML message", () => {
  it("refuses empty input and text that is neither XML nor WBXML", () => {
    expect(decodeError(() => decodeSyncML(new Uint8Array()))).toMatchObject({
      code: "DECODE_UNKNOWN_FORMAT",
      offset: 0,
    });
    expect(decodeError(() => decodeSyncML(Buffer.from("hello")))).toMatchObject({
      code: "DECODE_UNKNOWN_FORMAT",
    });
  });

  it("refuses input over maxBytes before looking at it", () => {
    const bytes = dm12("testget.wbxml");
    expect(decodeError(() => decodeSyncML(bytes, { limits: { maxBytes: 100 } }))).toMatchObject({
      code: "DECODE_LIMIT",
      offset: 100,
    });
  });

  it("passes maxDepth to the codecs", () => {
    expect(decodeError(() => decodeSyncML(dm12("testget.wbxml"), { limits: { maxDepth: 3 } })).code).toBe(
      "DECODE_LIMIT",
    );
    expect(decodeError(() => decodeSyncML(dm12("testgetscript.xml"), { limits: { maxDepth: 3 } })).code).toBe(
      "DECODE_LIMIT",
    );
  });

  it("refuses an XML document of another kind (a TNDS tree) as SYNCML_INVALID at its root", () => {
    const error = decodeError(() => decodeSyncML(Buffer.from('<MgmtTree xmlns="syncml:dmddf1.2"/>')));
    expect(error).toMatchObject({ code: "SYNCML_INVALID", offset: 0 });
  });
});

describe("sniffEncoding", () => {
  it.each([
    ["WBXML 1.2", [0x02, 0x00, 0x00, 0x6a], "wbxml"],
    ["WBXML 1.0", [0x00], "wbxml"],
    ["WBXML 1.3", [0x03, 0xa4, 0x01], "wbxml"],
    ["XML", [...Buffer.from("<SyncML/>")], "xml"],
    ["XML after a BOM and whitespace", [0xef, 0xbb, 0xbf, 0x0d, 0x0a, 0x09, 0x20, 0x3c], "xml"],
    ["an unknown WBXML version", [0x04, 0x00], undefined],
    ["text", [...Buffer.from(" hi <")], undefined],
    ["only whitespace", [0x20, 0x0a], undefined],
    ["nothing", [], undefined],
  ] as const)("tells %s", (_, bytes, expected) => {
    expect(sniffEncoding(new Uint8Array(bytes))).toBe(expected);
  });
});
