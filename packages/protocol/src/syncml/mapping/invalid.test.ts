import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../errors.js";
import { decodeXml, decodeXmlFragment } from "../../xml/index.js";
import { syncmlCommandFromElement, syncmlFromElement } from "./message.js";

const hdr = [
  "<VerDTD>1.2</VerDTD>",
  "<VerProto>DM/1.2</VerProto>",
  "<SessionID>1</SessionID>",
  "<MsgID>1</MsgID>",
  "<Target><LocURI>a</LocURI></Target>",
  "<Source><LocURI>b</LocURI></Source>",
];

function message(body: string, header: readonly string[] = hdr): string {
  return `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr>${header.join("")}</SyncHdr><SyncBody>${body}</SyncBody></SyncML>`;
}

const headerWithout = (i: number) =>
  message(
    "<Final/>",
    hdr.filter((_, k) => k !== i),
  );

/** Each malformed message and the text its error offset must point at (first occurrence). */
const cases: readonly { name: string; xml: string; at: string }[] = [
  { name: "a root that is not SyncML", xml: "<SyncBody><Final/></SyncBody>", at: "<SyncBody" },
  { name: "no SyncHdr", xml: '<SyncML xmlns="SYNCML:SYNCML1.2"><SyncBody/></SyncML>', at: "<SyncML" },
  {
    name: "no SyncBody",
    xml: `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr>${hdr.join("")}</SyncHdr></SyncML>`,
    at: "<SyncML",
  },
  { name: "no VerDTD", xml: headerWithout(0), at: "<SyncHdr" },
  { name: "no VerProto", xml: headerWithout(1), at: "<SyncHdr" },
  { name: "no SessionID", xml: headerWithout(2), at: "<SyncHdr" },
  { name: "no MsgID", xml: headerWithout(3), at: "<SyncHdr" },
  { name: "no Target", xml: headerWithout(4), at: "<SyncHdr" },
  { name: "no Source", xml: headerWithout(5), at: "<SyncHdr" },
  {
    name: "a MsgID that is not a number",
    xml: message("", [...hdr.slice(0, 3), "<MsgID>one</MsgID>", ...hdr.slice(4)]),
    at: "<MsgID",
  },
  {
    name: "a Target without LocURI",
    xml: message("", [...hdr.slice(0, 4), "<Target><LocName>x</LocName></Target>", hdr[5]!]),
    at: "<Target",
  },
  { name: "an Add without CmdID", xml: message("<Add><Item><Data>1</Data></Item></Add>"), at: "<Add" },
  {
    name: 'the fleet template placeholder "xxcmdidxx" as CmdID',
    xml: message("<Get><CmdID>xxcmdidxx</CmdID><Item/></Get>"),
    at: "<CmdID>xxcmdidxx",
  },
  {
    name: "a CmdID of 16 digits (beyond what a number holds exactly)",
    xml: message("<Get><CmdID>1234567890123456</CmdID><Item/></Get>"),
    at: "<CmdID>1234567890123456",
  },
  {
    name: "a Status without MsgRef",
    xml: message("<Status><CmdID>1</CmdID><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Data>200</Data></Status>"),
    at: "<Status",
  },
  {
    name: "a Status without CmdRef",
    xml: message("<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><Cmd>SyncHdr</Cmd><Data>200</Data></Status>"),
    at: "<Status",
  },
  {
    name: "a Status without Cmd",
    xml: message("<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Data>200</Data></Status>"),
    at: "<Status",
  },
  {
    name: "a Status without Data",
    xml: message("<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd></Status>"),
    at: "<Status",
  },
  {
    name: "a Status whose MsgRef is not a number",
    xml: message(
      "<Status><CmdID>1</CmdID><MsgRef>a</MsgRef><CmdRef>0</CmdRef><Cmd>X</Cmd><Data>200</Data></Status>",
    ),
    at: "<MsgRef",
  },
  {
    name: "a Status whose CmdRef is negative",
    xml: message(
      "<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>-1</CmdRef><Cmd>X</Cmd><Data>200</Data></Status>",
    ),
    at: "<CmdRef",
  },
  {
    name: "a Status whose Data is not a code",
    xml: message(
      "<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>X</Cmd><Data>OK</Data></Status>",
    ),
    at: "<Data>OK",
  },
  {
    name: "an Alert whose Data is not an integer",
    xml: message("<Alert><CmdID>1</CmdID><Data>12.5</Data></Alert>"),
    at: "<Data>12.5",
  },
  { name: "an Exec without Item", xml: message("<Exec><CmdID>1</CmdID></Exec>"), at: "<Exec" },
  {
    name: "an Exec with two Items",
    xml: message("<Exec><CmdID>1</CmdID><Item><Data>1</Data></Item><Item><Data>2</Data></Item></Exec>"),
    at: "<Item><Data>2",
  },
  {
    name: "a Cred without Data",
    xml: message("", [
      ...hdr,
      '<Cred><Meta><Type xmlns="syncml:metinf">syncml:auth-basic</Type></Meta></Cred>',
    ]),
    at: "<Cred",
  },
  {
    name: "a Meta Size that is not a number",
    xml: message(
      '<Add><CmdID>1</CmdID><Item><Meta><Size xmlns="syncml:metinf">12k</Size></Meta></Item></Add>',
    ),
    at: "<Size",
  },
  {
    name: "an empty MaxMsgSize",
    xml: message("", [...hdr, '<Meta><MaxMsgSize xmlns="syncml:metinf"></MaxMsgSize></Meta>']),
    at: "<MaxMsgSize",
  },
  {
    name: "a MaxObjSize in exponent notation",
    xml: message("", [...hdr, '<Meta><MaxObjSize xmlns="syncml:metinf">1e5</MaxObjSize></Meta>']),
    at: "<MaxObjSize",
  },
  {
    name: "a Results without CmdRef",
    xml: message("<Results><CmdID>1</CmdID><Item/></Results>"),
    at: "<Results",
  },
  {
    name: "a Data holding two elements",
    xml: message("<Add><CmdID>1</CmdID><Item><Data><a/><b/></Data></Item></Add>"),
    at: "<Data><a/>",
  },
  {
    name: "a Data mixing text and an element",
    xml: message("<Add><CmdID>1</CmdID><Item><Data>x<a/></Data></Item></Add>"),
    at: "<Data>x",
  },
  {
    name: "a bad CmdID in a command nested in Atomic",
    xml: message(
      "<Atomic><CmdID>1</CmdID><Sequence><CmdID>2</CmdID><Add><CmdID>z</CmdID></Add></Sequence></Atomic>",
    ),
    at: "<CmdID>z",
  },
];

describe("SYNCML_INVALID at the offending element", () => {
  it.each(cases)("refuses $name", ({ xml, at }) => {
    const offset = xml.indexOf(at);
    expect(offset).toBeGreaterThanOrEqual(0);
    let error: unknown;
    try {
      syncmlFromElement(decodeXml(xml));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DecodeError);
    expect(error).toMatchObject({ code: "SYNCML_INVALID", offset });
  });
});

describe("Windows MDM command snippets (fleet fixtures, no envelope)", () => {
  const dir = new URL("../../../../../../shared/fixtures/fleet/sample_syncml_commands/", import.meta.url);

  it("refuses get_device_name.xml at its CmdID, the template placeholder", () => {
    const bytes = readFileSync(new URL("get_device_name.xml", dir));
    const at = Buffer.from(bytes).indexOf("<CmdID>");
    expect(() => syncmlCommandFromElement(decodeXml(bytes))).toThrow(
      expect.objectContaining({ code: "SYNCML_INVALID", offset: at }),
    );
  });

  it("reads install_orbit.xml (two top-level commands, Meta after Data) once the placeholders are numbers", () => {
    const text = readFileSync(new URL("install_orbit.xml", dir), "utf8");
    let n = 0;
    const numbered = text.replace(/xxcmdidxx/g, () => String(++n));
    const commands = decodeXmlFragment(numbered).map(syncmlCommandFromElement);
    expect(commands.map((c) => c.kind)).toEqual(["Add", "Exec"]);
    expect(commands[1]).toMatchObject({
      kind: "Exec",
      cmdId: 2,
      item: { meta: { type: "text/plain", format: "xml" } },
    });
    const exec = commands[1] as { item: { data: string } };
    expect(exec.item.data.startsWith('<MsiInstallJob id="{90413bf7-7d99-482e-a7fb-c6616cc871fc}">')).toBe(
      true,
    );
  });
});
