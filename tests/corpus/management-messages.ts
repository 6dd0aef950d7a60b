/**
 * Package 2/4 messages (server to client) [TR-PRO §2.3.4]: every management command, the UI
 * alerts 1100-1104 [TR-PRO §2.5], Atomic and Sequence [TR-REP §4.1.6.3, §4.1.6.14].
 */
import type { Command, Item, Status } from "@omadm/protocol";
import type { CorpusMessage } from "./corpus-message.js";
import {
  commandStatus,
  device,
  headerStatus,
  leafItem,
  md5Cred,
  server,
  serverHeader,
  targetItem,
} from "./corpus-builders.js";

/** The statuses a Package 2 opens with: header 212, the client's Alert and its DevInfo Replace. */
function pkg1Statuses(): Status[] {
  return [
    headerStatus(1, 1, 212, server, device),
    commandStatus(2, 1, 1, "Alert", 200),
    commandStatus(3, 1, 2, "Replace", 200),
  ];
}

/** A UI alert: Item 1 holds the options, Item 2 the text, Items 3.. the choices [TR-PRO §2.5]. */
function uiAlert(
  cmdId: number,
  code: number,
  options: string,
  text: string,
  choices: string[] = [],
): Command {
  const items: Item[] = [{ data: options }, { data: text }, ...choices.map((c) => ({ data: c }))];
  return { kind: "Alert", cmdId, data: code, items };
}

function uiMessage(name: string, covers: string, alert: Command): CorpusMessage {
  return {
    name,
    covers,
    message: { header: serverHeader("31", 1), body: [...pkg1Statuses(), alert], final: true },
  };
}

export const managementMessages: readonly CorpusMessage[] = [
  {
    name: "pkg2-add-replace-delete",
    covers:
      "Package 2 with server MD5 Cred and RespURI: header Status 212, Add of an interior node (Format node, Type MO id) and leaves (int, bool, chr), Replace, Delete with two Items",
    message: {
      header: serverHeader("1", 1, {
        respUri: `${server}?s=1`,
        cred: md5Cred("hS5pT9n3Y6Yk9zl3Zz6E1A=="),
        meta: { maxMsgSize: 16384, maxObjSize: 524288 },
      }),
      body: [
        ...pkg1Statuses(),
        {
          kind: "Add",
          cmdId: 4,
          items: [
            {
              target: { locUri: "./Ext/Example/Settings" },
              meta: { format: "node", type: "urn:oma:mo:ext-example-settings:1.0" },
            },
            leafItem("./Ext/Example/Settings/Interval", "3600", "target", {
              format: "int",
              type: "text/plain",
            }),
            leafItem("./Ext/Example/Settings/Enabled", "true", "target", {
              format: "bool",
              type: "text/plain",
            }),
          ],
        },
        { kind: "Replace", cmdId: 5, items: [leafItem("./DevDetail/Ext/Conf/Server", "dm.example.com")] },
        { kind: "Delete", cmdId: 6, items: [targetItem("./Ext/Old/Leaf"), targetItem("./Ext/Old")] },
      ],
      final: true,
    },
  },
  {
    name: "pkg2-copy-exec-correlator",
    covers:
      "Package 2 with Copy (Target and Source) and two Execs: one with a Correlator for an asynchronous FUMO job, one with command-level Meta and argument Data",
    message: {
      header: serverHeader("2", 1),
      body: [
        ...pkg1Statuses(),
        {
          kind: "Copy",
          cmdId: 4,
          items: [{ target: { locUri: "./Ext/Backup/Server" }, source: { locUri: "./Ext/Conf/Server" } }],
        },
        {
          kind: "Exec",
          cmdId: 5,
          correlator: "fumo-job-0042",
          item: targetItem("./FwUpdate/Pkg1/DownloadAndUpdate"),
        },
        {
          kind: "Exec",
          cmdId: 6,
          meta: { format: "chr", type: "text/plain" },
          item: leafItem("./Ext/Diag/Run", "ping -c 3 dm.example.com"),
        },
      ],
      final: true,
    },
  },
  {
    name: "pkg2-get-tree-queries",
    covers:
      "Package 2 with Get ?list=Struct, ?list=StructData, ?list=TNDS+Value+ACL, ?prop=ACL and ?prop=Format, and a plain Get with two Items",
    message: {
      header: serverHeader("3", 1),
      body: [
        ...pkg1Statuses(),
        { kind: "Get", cmdId: 4, items: [targetItem("./DevDetail?list=Struct")] },
        { kind: "Get", cmdId: 5, items: [targetItem("./DevInfo?list=StructData")] },
        { kind: "Get", cmdId: 6, items: [targetItem("./Ext/Example?list=TNDS+Value+ACL")] },
        { kind: "Get", cmdId: 7, items: [targetItem("./DevDetail?prop=ACL")] },
        { kind: "Get", cmdId: 8, items: [targetItem("./DevInfo/Mod?prop=Format")] },
        { kind: "Get", cmdId: 9, items: [targetItem("./DevDetail/FwV"), targetItem("./DevDetail/SwV")] },
      ],
      final: true,
    },
  },
  uiMessage(
    "pkg2-alert-1100-display",
    "UI Alert 1100 (display) with MINDT/MAXDT options and a text Item",
    uiAlert(4, 1100, "MINDT=10&MAXDT=30", "Your device will be updated tonight."),
  ),
  uiMessage(
    "pkg2-alert-1101-confirm",
    "UI Alert 1101 (confirm or reject) with a default response option",
    uiAlert(4, 1101, "MAXDT=60&DR=1", "Install the security update now?"),
  ),
  uiMessage(
    "pkg2-alert-1102-text-input",
    "UI Alert 1102 (text input) with MAXLEN, input type numeric and echo password options",
    uiAlert(4, 1102, "MAXDT=120&DR=&MAXLEN=8&IT=N&ET=P", "Enter the PIN printed on your receipt"),
  ),
  uiMessage(
    "pkg2-alert-1103-single-choice",
    "UI Alert 1103 (single choice): options, title, three choices",
    uiAlert(4, 1103, "MAXDT=60&DR=2", "When should the update run?", ["Now", "Tonight", "At the weekend"]),
  ),
  uiMessage(
    "pkg2-alert-1104-multiple-choice",
    "UI Alert 1104 (multiple choice) with a '-' separated default response",
    uiAlert(4, 1104, "MAXDT=90&DR=1-3", "Which logs may we collect?", ["System", "Network", "Apps", "Crash"]),
  ),
  {
    name: "pkg2-atomic",
    covers: "Atomic holding Add, Replace, Delete, Copy and a 1101 confirmation (all allowed in Atomic)",
    message: {
      header: serverHeader("4", 1),
      body: [
        ...pkg1Statuses(),
        {
          kind: "Atomic",
          cmdId: 4,
          commands: [
            uiAlert(5, 1101, "MAXDT=30", "Apply the new APN settings?"),
            { kind: "Add", cmdId: 6, items: [leafItem("./Ext/APN/1/Name", "internet.example")] },
            { kind: "Replace", cmdId: 7, items: [leafItem("./Ext/APN/Default", "1")] },
            { kind: "Delete", cmdId: 8, items: [targetItem("./Ext/APN/0")] },
            {
              kind: "Copy",
              cmdId: 9,
              items: [{ target: { locUri: "./Ext/APN/1/Proxy" }, source: { locUri: "./Ext/APN/0/Proxy" } }],
            },
          ],
        },
      ],
      final: true,
    },
  },
  {
    name: "pkg2-atomic-nested-failing-shape",
    covers:
      "Atomic with command Meta holding an Add, a nested Atomic and a Get (both invalid inside Atomic, answered 500; the Atomic fails with 507)",
    message: {
      header: serverHeader("5", 1),
      body: [
        ...pkg1Statuses(),
        {
          kind: "Atomic",
          cmdId: 4,
          meta: { format: "chr", type: "text/plain" },
          commands: [
            { kind: "Add", cmdId: 5, items: [leafItem("./Ext/Atomic/A", "a")] },
            {
              kind: "Atomic",
              cmdId: 6,
              commands: [{ kind: "Replace", cmdId: 7, items: [leafItem("./Ext/Atomic/B", "b")] }],
            },
            { kind: "Get", cmdId: 8, items: [targetItem("./Ext/Atomic/A")] },
          ],
        },
      ],
      final: true,
    },
  },
  {
    name: "pkg2-sequence",
    covers: "Sequence (ordered) holding a display alert, Add, Replace, Exec and Get",
    message: {
      header: serverHeader("6", 1),
      body: [
        ...pkg1Statuses(),
        {
          kind: "Sequence",
          cmdId: 4,
          commands: [
            uiAlert(5, 1100, "MINDT=5", "Reconfiguring, please wait"),
            {
              kind: "Add",
              cmdId: 6,
              items: [{ target: { locUri: "./Ext/VPN" }, meta: { format: "node" } }],
            },
            { kind: "Replace", cmdId: 7, items: [leafItem("./Ext/VPN/Host", "vpn.example.com")] },
            { kind: "Exec", cmdId: 8, item: targetItem("./Ext/VPN/Connect") },
            { kind: "Get", cmdId: 9, items: [targetItem("./Ext/VPN/State")] },
          ],
        },
      ],
      final: true,
    },
  },
  {
    name: "pkg2-challenge-md5",
    covers:
      "Server refuses Package 1 credentials: header Status 401 with Chal (MD5, b64, NextNonce), TargetRef and SourceRef; nothing else executed",
    message: {
      header: serverHeader("7", 1, { respUri: `${server}?s=7` }),
      body: [
        headerStatus(1, 1, 401, server, device, {
          chal: { meta: { type: "syncml:auth-md5", format: "b64", nextNonce: "ZG1Ob25jZTAwMDE=" } },
        }),
        commandStatus(2, 1, 1, "Alert", 407),
      ],
      final: true,
    },
  },
  {
    name: "pkg4-session-end",
    covers: "Session end: the server's last message holds only the header Status and Final",
    message: {
      header: serverHeader("8", 3),
      body: [headerStatus(1, 2, 200, server, device)],
      final: true,
    },
  },
];
