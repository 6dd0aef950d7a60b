import { describe, expect, it } from "vitest";
import { itemsOf } from "../../../../../tests/support/syncml-arbitraries.js";
import type { Child, Element } from "../../element.js";
import { el, stripOffsets } from "../../element.js";
import type { Command, SyncMLMessage } from "../model.js";
import { commandToElement } from "./commands.js";
import { syncmlCommandFromElement, syncmlFromElement, syncmlToElement } from "./message.js";

const N = "SYNCML:SYNCML1.2";
const M = "syncml:metinf";
const D = "syncml:dmddf1.2";

/** A SyncML element. */
const s = (name: string, ...children: Child[]): Element => el(name, N, children);
/** A MetInf element. */
const m = (name: string, text: string): Element => el(name, M, [text]);
const loc = (name: "Target" | "Source", uri: string, locName?: string) =>
  locName === undefined ? s(name, s("LocURI", uri)) : s(name, s("LocURI", uri), s("LocName", locName));

const tnds = el("MgmtTree", D, [el("VerDTD", D, ["1.2"]), el("Node", D, [el("NodeName", D, ["Email"])])]);

/** Each command both ways: element -> model and model -> element (content-model order). */
const commandVectors: readonly { name: string; element: Element; model: Command }[] = [
  {
    name: "an Add with command Meta and an Item carrying Target, Meta and Data",
    element: s(
      "Add",
      s("CmdID", "4"),
      s("Meta", m("Format", "chr"), m("Type", "text/plain")),
      s("Item", loc("Target", "./Test/Leaf"), s("Meta", m("Size", "5")), s("Data", "hello")),
    ),
    model: {
      kind: "Add",
      cmdId: 4,
      meta: { format: "chr", type: "text/plain" },
      items: [{ target: { locUri: "./Test/Leaf" }, meta: { size: 5 }, data: "hello" }],
    },
  },
  {
    name: "a Replace of DevInfo leaves addressed by Source (package 1)",
    element: s(
      "Replace",
      s("CmdID", "3"),
      s(
        "Item",
        loc("Source", "./DevInfo/DevId"),
        s("Meta", m("Format", "chr"), m("Type", "text/plain")),
        s("Data", "IMEI:493005100592800"),
      ),
      s("Item", loc("Source", "./DevInfo/Lang"), s("Data", "en-US")),
    ),
    model: {
      kind: "Replace",
      cmdId: 3,
      items: [
        {
          source: { locUri: "./DevInfo/DevId" },
          meta: { format: "chr", type: "text/plain" },
          data: "IMEI:493005100592800",
        },
        { source: { locUri: "./DevInfo/Lang" }, data: "en-US" },
      ],
    },
  },
  {
    name: "a Delete with NoResp and Cred",
    element: s(
      "Delete",
      s("CmdID", "5"),
      s("NoResp"),
      s("Cred", s("Meta", m("Type", "syncml:auth-basic")), s("Data", "dXNlcjpwYXNz")),
      s("Item", loc("Target", "./Test")),
    ),
    model: {
      kind: "Delete",
      cmdId: 5,
      noResp: true,
      cred: { meta: { type: "syncml:auth-basic" }, data: "dXNlcjpwYXNz" },
      items: [{ target: { locUri: "./Test" } }],
    },
  },
  {
    name: "a Copy from a Source leaf to a Target leaf",
    element: s("Copy", s("CmdID", "6"), s("Item", loc("Target", "./B"), loc("Source", "./A"))),
    model: { kind: "Copy", cmdId: 6, items: [{ target: { locUri: "./B" }, source: { locUri: "./A" } }] },
  },
  {
    name: "a Get with Lang (which goes before Cred and Meta)",
    element: s(
      "Get",
      s("CmdID", "7"),
      s("Lang", "en"),
      s("Meta", m("Type", "text/plain")),
      s("Item", loc("Target", "./DevDetail/URI?list=Struct")),
    ),
    model: {
      kind: "Get",
      cmdId: 7,
      lang: "en",
      meta: { type: "text/plain" },
      items: [{ target: { locUri: "./DevDetail/URI?list=Struct" } }],
    },
  },
  {
    name: "an Alert 1201 without Items",
    element: s("Alert", s("CmdID", "1"), s("Data", "1201")),
    model: { kind: "Alert", cmdId: 1, data: 1201, items: [] },
  },
  {
    name: "a Generic Alert 1226 with Correlator, Source, Type, Format and Mark [TR-PRO §2.3.7]",
    element: s(
      "Alert",
      s("CmdID", "2"),
      s("Data", "1226"),
      s("Correlator", "abc123"),
      s(
        "Item",
        loc("Source", "./FUMO/DownloadAndUpdate"),
        s(
          "Meta",
          m("Format", "int"),
          m("Type", "org.openmobilealliance.dm.firmwareupdate.downloadandupdate"),
          m("Mark", "critical"),
        ),
        s("Data", "410"),
      ),
    ),
    model: {
      kind: "Alert",
      cmdId: 2,
      data: 1226,
      correlator: "abc123",
      items: [
        {
          source: { locUri: "./FUMO/DownloadAndUpdate" },
          meta: {
            format: "int",
            type: "org.openmobilealliance.dm.firmwareupdate.downloadandupdate",
            mark: "critical",
          },
          data: "410",
        },
      ],
    },
  },
  {
    name: "a UI Alert 1101 whose options Item is empty",
    element: s("Alert", s("CmdID", "3"), s("Data", "1101"), s("Item"), s("Item", s("Data", "Proceed?"))),
    model: { kind: "Alert", cmdId: 3, data: 1101, items: [{}, { data: "Proceed?" }] },
  },
  {
    name: "an Exec with Meta, Correlator and one Item",
    element: s(
      "Exec",
      s("CmdID", "8"),
      s("Meta", m("Format", "chr")),
      s("Correlator", "job-1"),
      s("Item", loc("Target", "./FUMO/Update"), s("Data", "now")),
    ),
    model: {
      kind: "Exec",
      cmdId: 8,
      meta: { format: "chr" },
      correlator: "job-1",
      item: { target: { locUri: "./FUMO/Update" }, data: "now" },
    },
  },
  {
    name: "an Atomic holding an Add and an Alert",
    element: s(
      "Atomic",
      s("CmdID", "1"),
      s("Meta", m("Version", "1.0")),
      s("Add", s("CmdID", "2"), s("Item", loc("Target", "./X"), s("Data", "1"))),
      s("Alert", s("CmdID", "3"), s("Data", "1101"), s("Item"), s("Item", s("Data", "ok?"))),
    ),
    model: {
      kind: "Atomic",
      cmdId: 1,
      meta: { version: "1.0" },
      commands: [
        { kind: "Add", cmdId: 2, items: [{ target: { locUri: "./X" }, data: "1" }] },
        { kind: "Alert", cmdId: 3, data: 1101, items: [{}, { data: "ok?" }] },
      ],
    },
  },
  {
    name: "a Sequence nesting a Get, an Atomic and an Exec",
    element: s(
      "Sequence",
      s("CmdID", "10"),
      s("NoResp"),
      s("Get", s("CmdID", "11"), s("Item", loc("Target", "./A"))),
      s("Atomic", s("CmdID", "12"), s("Delete", s("CmdID", "13"), s("Item", loc("Target", "./B")))),
      s("Exec", s("CmdID", "14"), s("Item", loc("Target", "./C"))),
    ),
    model: {
      kind: "Sequence",
      cmdId: 10,
      noResp: true,
      commands: [
        { kind: "Get", cmdId: 11, items: [{ target: { locUri: "./A" } }] },
        {
          kind: "Atomic",
          cmdId: 12,
          commands: [{ kind: "Delete", cmdId: 13, items: [{ target: { locUri: "./B" } }] }],
        },
        { kind: "Exec", cmdId: 14, item: { target: { locUri: "./C" } } },
      ],
    },
  },
  {
    name: "the Status for SyncHdr: CmdRef 0, Cmd SyncHdr, refs and a Chal",
    element: s(
      "Status",
      s("CmdID", "1"),
      s("MsgRef", "1"),
      s("CmdRef", "0"),
      s("Cmd", "SyncHdr"),
      s("TargetRef", "http://www.syncml.org/mgmt-server"),
      s("SourceRef", "IMEI:493005100592800"),
      s("Chal", s("Meta", m("Format", "b64"), m("Type", "syncml:auth-md5"), m("NextNonce", "Tm9uY2U="))),
      s("Data", "407"),
    ),
    model: {
      kind: "Status",
      cmdId: 1,
      msgRef: 1,
      cmdRef: 0,
      cmd: "SyncHdr",
      targetRefs: ["http://www.syncml.org/mgmt-server"],
      sourceRefs: ["IMEI:493005100592800"],
      chal: { meta: { format: "b64", type: "syncml:auth-md5", nextNonce: "Tm9uY2U=" } },
      data: 407,
      items: [],
    },
  },
  {
    name: "a Status with several TargetRefs, a Cred and answer Items (text input)",
    element: s(
      "Status",
      s("CmdID", "2"),
      s("MsgRef", "3"),
      s("CmdRef", "4"),
      s("Cmd", "Alert"),
      s("TargetRef", "./A"),
      s("TargetRef", "./B"),
      s("Cred", s("Data", "c2VjcmV0")),
      s("Data", "200"),
      s("Item", s("Data", "hello andy")),
    ),
    model: {
      kind: "Status",
      cmdId: 2,
      msgRef: 3,
      cmdRef: 4,
      cmd: "Alert",
      targetRefs: ["./A", "./B"],
      sourceRefs: [],
      cred: { data: "c2VjcmV0" },
      data: 200,
      items: [{ data: "hello andy" }],
    },
  },
  {
    name: "a Results with MsgRef, Meta, TargetRef, SourceRef and a sized Item",
    element: s(
      "Results",
      s("CmdID", "5"),
      s("MsgRef", "2"),
      s("CmdRef", "4"),
      s("Meta", m("Format", "int")),
      s("TargetRef", "http://server"),
      s("SourceRef", "./DevDetail/URI/MaxDepth"),
      s("Item", loc("Source", "./DevDetail/URI/MaxDepth"), s("Meta", m("Size", "2")), s("Data", "20")),
    ),
    model: {
      kind: "Results",
      cmdId: 5,
      msgRef: 2,
      cmdRef: 4,
      meta: { format: "int" },
      targetRef: "http://server",
      sourceRef: "./DevDetail/URI/MaxDepth",
      items: [{ source: { locUri: "./DevDetail/URI/MaxDepth" }, meta: { size: 2 }, data: "20" }],
    },
  },
  {
    name: "the first chunk of a large object: Meta Size and MoreData [TR-PRO §2.2]",
    element: s(
      "Replace",
      s("CmdID", "9"),
      s(
        "Item",
        loc("Target", "./FUMO/Update/PkgData"),
        s("Meta", m("Format", "bin"), m("Size", "1048576")),
        s("Data", new Uint8Array([1, 2, 3])),
        s("MoreData"),
      ),
    ),
    model: {
      kind: "Replace",
      cmdId: 9,
      items: [
        {
          target: { locUri: "./FUMO/Update/PkgData" },
          meta: { format: "bin", size: 1048576 },
          data: new Uint8Array([1, 2, 3]),
          moreData: true,
        },
      ],
    },
  },
  {
    name: "an Add whose Data is an inline TNDS MgmtTree",
    element: s(
      "Add",
      s("CmdID", "4"),
      s(
        "Item",
        loc("Target", "./OperatorX"),
        s("Meta", m("Format", "xml"), m("Type", "application/vnd.syncml.dmtnds+xml")),
        s("Data", tnds),
      ),
    ),
    model: {
      kind: "Add",
      cmdId: 4,
      items: [
        {
          target: { locUri: "./OperatorX" },
          meta: { format: "xml", type: "application/vnd.syncml.dmtnds+xml" },
          data: tnds,
        },
      ],
    },
  },
  {
    name: "an Item with LocName, SourceParent and TargetParent (DS 1.2, kept for round trips)",
    element: s(
      "Add",
      s("CmdID", "1"),
      s(
        "Item",
        loc("Target", "./T", "user"),
        loc("Source", "./S"),
        s("SourceParent", s("LocURI", "./SP")),
        s("TargetParent", s("LocURI", "./TP")),
        s("Data"),
      ),
    ),
    model: {
      kind: "Add",
      cmdId: 1,
      items: [
        {
          target: { locUri: "./T", locName: "user" },
          source: { locUri: "./S" },
          sourceParent: "./SP",
          targetParent: "./TP",
          data: "",
        },
      ],
    },
  },
  {
    name: "a Map, which DM does not define, as an Unknown keeping its CmdID",
    element: s("Map", s("CmdID", "7"), loc("Target", "./contacts")),
    model: {
      kind: "Unknown",
      name: "Map",
      cmdId: 7,
      element: s("Map", s("CmdID", "7"), loc("Target", "./contacts")),
    },
  },
  {
    name: "a Put without CmdID as an Unknown without cmdId",
    element: s("Put", s("Item", s("Data", "x"))),
    model: { kind: "Unknown", name: "Put", element: s("Put", s("Item", s("Data", "x"))) },
  },
];

describe("SyncML commands <-> element", () => {
  it.each(commandVectors)("reads $name", ({ element, model }) => {
    expect(syncmlCommandFromElement(element)).toEqual(model);
  });

  it.each(commandVectors)("writes $name in content-model order", ({ element, model }) => {
    expect(stripOffsets(commandToElement(model, N))).toEqual(element);
  });

  it("reads an Unknown whose CmdID is not a number without failing, and without cmdId", () => {
    const search = s("Search", s("CmdID", "x1"));
    expect(syncmlCommandFromElement(search)).toEqual({ kind: "Unknown", name: "Search", element: search });
  });

  it("reads a Sync (DS) with nested commands as one Unknown holding the raw element", () => {
    const sync = s("Sync", s("CmdID", "4"), s("Add", s("CmdID", "5"), s("Item", s("Data", "v"))));
    expect(syncmlCommandFromElement(sync)).toEqual({
      kind: "Unknown",
      name: "Sync",
      cmdId: 4,
      element: sync,
    });
  });

  it("reads unknown elements inside Atomic and Sequence as Unknown commands", () => {
    const atomic = s("Atomic", s("CmdID", "1"), s("Sync", s("CmdID", "2")), s("Final"));
    expect(syncmlCommandFromElement(atomic)).toEqual({
      kind: "Atomic",
      cmdId: 1,
      commands: [
        { kind: "Unknown", name: "Sync", cmdId: 2, element: s("Sync", s("CmdID", "2")) },
        { kind: "Unknown", name: "Final", element: s("Final") },
      ],
    });
  });

  it("writes an Unknown read from a namespace-less document in the message namespace", () => {
    const raw = el("Sync", "", [el("CmdID", "", ["4"]), el("Meta", "", [el("Type", M, ["text/x-vcard"])])]);
    const written = commandToElement({ kind: "Unknown", name: "Sync", cmdId: 4, element: raw }, N);
    expect(written).toEqual(s("Sync", s("CmdID", "4"), s("Meta", m("Type", "text/x-vcard"))));
  });
});

const header = s(
  "SyncHdr",
  s("VerDTD", "1.2"),
  s("VerProto", "DM/1.2"),
  s("SessionID", "1"),
  s("MsgID", "1"),
  loc("Target", "http://www.syncml.org/mgmt-server"),
  loc("Source", "IMEI:493005100592800", "user"),
  s("RespURI", "http://www.syncml.org/mgmt-server/s1"),
  s("NoResp"),
  s("Cred", s("Meta", m("Type", "syncml:auth-basic"), m("Format", "b64")), s("Data", "dXNlcjpwYXNz")),
  s("Meta", m("MaxMsgSize", "5000"), m("MaxObjSize", "65536")),
);

const headerModel: SyncMLMessage["header"] = {
  verDtd: "1.2",
  verProto: "DM/1.2",
  sessionId: "1",
  msgId: 1,
  target: { locUri: "http://www.syncml.org/mgmt-server" },
  source: { locUri: "IMEI:493005100592800", locName: "user" },
  respUri: "http://www.syncml.org/mgmt-server/s1",
  noResp: true,
  cred: { meta: { type: "syncml:auth-basic", format: "b64" }, data: "dXNlcjpwYXNz" },
  meta: { maxMsgSize: 5000, maxObjSize: 65536 },
};

describe("SyncML message <-> element", () => {
  it("reads a message with every SyncHdr field and Final", () => {
    const root = s(
      "SyncML",
      header,
      s("SyncBody", s("Alert", s("CmdID", "1"), s("Data", "1201")), s("Final")),
    );
    expect(syncmlFromElement(root)).toEqual({
      header: headerModel,
      body: [{ kind: "Alert", cmdId: 1, data: 1201, items: [] }],
      final: true,
    });
  });

  it("writes SyncHdr children in content-model order, Meta children in syncml:metinf", () => {
    const msg: SyncMLMessage = { header: headerModel, body: [], final: false };
    // The model holds Cred Meta as {type, format}; the writer puts Format first (RTK order).
    const expected = s(
      "SyncML",
      s(
        "SyncHdr",
        ...header.children.slice(0, 8),
        s("Cred", s("Meta", m("Format", "b64"), m("Type", "syncml:auth-basic")), s("Data", "dXNlcjpwYXNz")),
        s("Meta", m("MaxMsgSize", "5000"), m("MaxObjSize", "65536")),
      ),
      s("SyncBody"),
    );
    expect(syncmlToElement(msg)).toEqual(expected);
  });

  it("writes a message whose VerDTD is 1.1 in SYNCML:SYNCML1.1, unless told otherwise", () => {
    const msg: SyncMLMessage = { header: { ...headerModel, verDtd: "1.1" }, body: [], final: true };
    const root = syncmlToElement(msg);
    expect(root.ns).toBe("SYNCML:SYNCML1.1");
    expect((root.children[1] as Element).children).toEqual([el("Final", "SYNCML:SYNCML1.1")]);
    expect(syncmlToElement(msg, { ns: "SYNCML:SYNCML1.2" }).ns).toBe("SYNCML:SYNCML1.2");
  });

  it("writes every MetInf field in RTK order: Format, Type, Mark, Size, NextNonce, Version, MaxMsgSize, MaxObjSize, EMI", () => {
    const msg: SyncMLMessage = {
      header: {
        ...headerModel,
        meta: {
          emi: ["e1", "e2"],
          maxObjSize: 8,
          maxMsgSize: 7,
          version: "v",
          nextNonce: "n",
          size: 4,
          mark: "warning",
          type: "t",
          format: "f",
        },
      },
      body: [],
      final: true,
    };
    const hdr = syncmlToElement(msg).children[0] as Element;
    const meta = hdr.children[hdr.children.length - 1] as Element;
    expect(meta).toEqual(
      s(
        "Meta",
        m("Format", "f"),
        m("Type", "t"),
        m("Mark", "warning"),
        m("Size", "4"),
        m("NextNonce", "n"),
        m("Version", "v"),
        m("MaxMsgSize", "7"),
        m("MaxObjSize", "8"),
        m("EMI", "e1"),
        m("EMI", "e2"),
      ),
    );
  });

  it("refuses to write a number that is not a non-negative integer (a caller bug)", () => {
    const msg: SyncMLMessage = { header: { ...headerModel, msgId: 1.5 }, body: [], final: true };
    expect(() => syncmlToElement(msg)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
  });
});

describe("lenient reading, where real messages are", () => {
  const minimalHeader = s(
    "SyncHdr",
    s("VerDTD", "1.2"),
    s("VerProto", "DM/1.2"),
    s("SessionID", "1"),
    s("MsgID", "1"),
    loc("Target", "a"),
    loc("Source", "b"),
  );
  const bodyOf = (...commands: Element[]) =>
    syncmlFromElement(s("SyncML", minimalHeader, s("SyncBody", ...commands))).body;

  it("accepts MetInf children in the SyncML namespace, in no namespace, and in any order", () => {
    const meta = s("Meta", el("Type", "", ["text/plain"]), s("Format", "chr"), el("Size", M, ["3"]));
    expect(bodyOf(s("Add", s("CmdID", "1"), meta, s("Item", s("Data", "abc"))))).toEqual([
      {
        kind: "Add",
        cmdId: 1,
        meta: { type: "text/plain", format: "chr", size: 3 },
        items: [{ data: "abc" }],
      },
    ]);
  });

  it("looks through a MetInf wrapper inside Meta", () => {
    const meta = s("Meta", el("MetInf", M, [m("Type", "text/plain")]));
    expect(bodyOf(s("Get", s("CmdID", "1"), meta, s("Item", loc("Target", "./A"))))[0]).toMatchObject({
      meta: { type: "text/plain" },
    });
  });

  it("trims identifiers, URIs and numbers wrapped in whitespace (libwbxml syncml-012.xml)", () => {
    const add = s(
      "Add",
      s("CmdID", "\n 1 \n"),
      s("Item", s("Target", s("LocURI", "\n        ./SyncML/DMAcc/X\n        ")), s("Data", " keep spaces ")),
    );
    expect(bodyOf(add)).toEqual([
      { kind: "Add", cmdId: 1, items: [{ target: { locUri: "./SyncML/DMAcc/X" }, data: " keep spaces " }] },
    ]);
  });

  it("trims a Meta Type padded with newlines (libwbxml syncml_with_ddf-001.xml)", () => {
    const meta = s("Meta", m("Type", "\n      application/vnd.syncml.dmtnds+xml\n   "));
    expect(bodyOf(s("Add", s("CmdID", "1"), s("Item", meta)))[0]).toMatchObject({
      items: [{ meta: { type: "application/vnd.syncml.dmtnds+xml" } }],
    });
  });

  it("accepts Item children in any order (Meta after Data, fleet install_orbit.xml)", () => {
    const item = s("Item", s("Data", "job"), s("Meta", m("Format", "xml")), loc("Target", "./X"));
    expect(bodyOf(s("Exec", s("CmdID", "1"), item))[0]).toEqual({
      kind: "Exec",
      cmdId: 1,
      item: { target: { locUri: "./X" }, meta: { format: "xml" }, data: "job" },
    });
  });

  it("reads a root without namespace and with SYNCML:SYNCML1.1 alike", () => {
    const bare = el("SyncML", "", [minimalHeader, el("SyncBody", "", [el("Final", "")])]);
    const v11 = el("SyncML", "SYNCML:SYNCML1.1", [minimalHeader, s("SyncBody")]);
    expect(syncmlFromElement(bare).final).toBe(true);
    expect(syncmlFromElement(v11).final).toBe(false);
  });

  it("skips children DM does not use (Archive, SftDel, a NoResults) inside known commands", () => {
    expect(
      bodyOf(s("Delete", s("CmdID", "1"), s("Archive"), s("SftDel"), s("Item", loc("Target", "./A")))),
    ).toEqual([{ kind: "Delete", cmdId: 1, items: [{ target: { locUri: "./A" } }] }]);
  });

  it('reads Data: empty -> "", text pieces joined, OPAQUE -> bytes, text with OPAQUE -> bytes', () => {
    const items = itemsOf(
      bodyOf(
        s(
          "Add",
          s("CmdID", "1"),
          s("Item", s("Data")),
          s("Item", s("Data", "a", "b")),
          s("Item", s("Data", new Uint8Array([0xff]))),
          s("Item", s("Data", "A", new Uint8Array([0x42]))),
          s("Item", s("Data", "\n  ", tnds, "\n")),
        ),
      )[0],
    ).map((i) => i.data);
    expect(items).toEqual(["", "ab", new Uint8Array([0xff]), new Uint8Array([0x41, 0x42]), tnds]);
  });
});
