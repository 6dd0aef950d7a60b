/**
 * Package 3 messages (client to server) [TR-PRO §2.3.5]: Status for every server command,
 * Results for Gets, challenges, Atomic roll-back statuses, UI answers and client alerts.
 */
import type { CorpusMessage } from "./corpus-message.js";
import { clientHeader, commandStatus, device, headerStatus, leafItem, server } from "./corpus-builders.js";

export const replyMessages: readonly CorpusMessage[] = [
  {
    name: "pkg3-status-results",
    covers:
      "Package 3: header Status with TargetRef/SourceRef, Statuses 200/404 with TargetRef, Results (MsgRef, TargetRef, command Meta) after the Status of its Get",
    message: {
      header: clientHeader("3", 2),
      body: [
        headerStatus(1, 1, 200, device, server),
        commandStatus(2, 1, 9, "Get", 200, ["./DevDetail/FwV"]),
        {
          kind: "Results",
          cmdId: 3,
          msgRef: 1,
          cmdRef: 9,
          meta: { format: "chr", type: "text/plain" },
          targetRef: "./DevDetail/FwV",
          items: [{ source: { locUri: "./DevDetail/FwV" }, data: "EX100_2024.11.3" }],
        },
        commandStatus(4, 1, 10, "Get", 404, ["./DevDetail/Ext/Missing"]),
        commandStatus(5, 1, 11, "Replace", 200, ["./DevDetail/Ext/Conf/Server"]),
        {
          kind: "Status",
          cmdId: 6,
          msgRef: 1,
          cmdRef: 12,
          cmd: "Copy",
          targetRefs: ["./Ext/Backup/Server"],
          sourceRefs: ["./Ext/Conf/Server"],
          data: 200,
          items: [],
        },
      ],
      final: true,
    },
  },
  {
    name: "pkg3-status-chal-server-auth",
    covers:
      "Client challenges the server: header Status 401 with Chal (MD5, NextNonce) and a Status 212 carrying the next nonce in Chal",
    message: {
      header: clientHeader("9", 2),
      body: [
        headerStatus(1, 1, 401, device, server, {
          chal: { meta: { type: "syncml:auth-md5", format: "b64", nextNonce: "Y2xpZW50Tm9uY2UwMDAy" } },
        }),
        {
          kind: "Status",
          cmdId: 2,
          msgRef: 1,
          cmdRef: 3,
          cmd: "Alert",
          targetRefs: [],
          sourceRefs: [],
          chal: { meta: { type: "syncml:auth-basic", format: "b64" } },
          data: 212,
          items: [],
        },
      ],
      final: true,
    },
  },
  {
    name: "pkg3-results-list-struct",
    covers: "Results of Get ?list=Struct: one Item per node with Source LocURI and Meta Format/Type, no Data",
    message: {
      header: clientHeader("3", 3),
      body: [
        headerStatus(1, 2, 200, device, server),
        commandStatus(2, 2, 4, "Get", 200, ["./DevDetail?list=Struct"]),
        {
          kind: "Results",
          cmdId: 3,
          msgRef: 2,
          cmdRef: 4,
          targetRef: "./DevDetail?list=Struct",
          items: [
            {
              source: { locUri: "./DevDetail" },
              meta: { format: "node", type: "urn:oma:mo:oma-dm-devdetail:1.0" },
            },
            { source: { locUri: "./DevDetail/DevTyp" }, meta: { format: "chr", type: "text/plain" } },
            { source: { locUri: "./DevDetail/OEM" }, meta: { format: "chr", type: "text/plain" } },
            { source: { locUri: "./DevDetail/FwV" }, meta: { format: "chr", type: "text/plain" } },
            { source: { locUri: "./DevDetail/LrgObj" }, meta: { format: "bool", type: "text/plain" } },
            { source: { locUri: "./DevDetail/URI" }, meta: { format: "node" } },
            { source: { locUri: "./DevDetail/URI/MaxDepth" }, meta: { format: "int", type: "text/plain" } },
          ],
        },
      ],
      final: true,
    },
  },
  {
    name: "pkg3-atomic-rolled-back",
    covers:
      "Statuses of a failed Atomic: 507 for the Atomic, 216 for the rolled-back Add, 500 for the nested Atomic and the Get inside it, 215 for the skipped child",
    message: {
      header: clientHeader("5", 2),
      body: [
        headerStatus(1, 1, 200, device, server),
        commandStatus(2, 1, 4, "Atomic", 507),
        commandStatus(3, 1, 5, "Add", 216, ["./Ext/Atomic/A"]),
        commandStatus(4, 1, 6, "Atomic", 500),
        commandStatus(5, 1, 7, "Replace", 215, ["./Ext/Atomic/B"]),
        commandStatus(6, 1, 8, "Get", 500, ["./Ext/Atomic/A"]),
      ],
      final: true,
    },
  },
  {
    name: "pkg3-ui-alert-answers",
    covers:
      "Answers to UI alerts: 1101 rejected (304), 1102 text returned in a Status Item, 1103 chosen index, 1104 two indexes, 1100 timeout (408)",
    message: {
      header: clientHeader("31", 2),
      body: [
        headerStatus(1, 1, 200, device, server),
        commandStatus(2, 1, 4, "Alert", 304),
        commandStatus(3, 1, 5, "Alert", 200, [], [{ data: "12345678" }]),
        commandStatus(4, 1, 6, "Alert", 200, [], [{ data: "2" }]),
        commandStatus(5, 1, 7, "Alert", 200, [], [{ data: "1" }, { data: "3" }]),
        commandStatus(6, 1, 8, "Alert", 408),
      ],
      final: true,
    },
  },
  {
    name: "pkg3-sequence-cancelled",
    covers: "Sequence stopped by the user: Sequence 200, Alert 214 (cancelled), remaining children 215",
    message: {
      header: clientHeader("6", 2),
      body: [
        headerStatus(1, 1, 200, device, server),
        commandStatus(2, 1, 4, "Sequence", 200),
        commandStatus(3, 1, 5, "Alert", 214),
        commandStatus(4, 1, 6, "Add", 215, ["./Ext/VPN"]),
        commandStatus(5, 1, 7, "Replace", 215, ["./Ext/VPN/Host"]),
        commandStatus(6, 1, 8, "Exec", 215, ["./Ext/VPN/Connect"]),
        commandStatus(7, 1, 9, "Get", 215, ["./Ext/VPN/State"]),
      ],
      final: true,
    },
  },
  {
    name: "pkg3-exec-accepted-generic-alert",
    covers:
      "Exec accepted for asynchronous work (202), then in the same package a Generic Alert 1226 answering an earlier Exec by its Correlator, with two Items",
    message: {
      header: clientHeader("2", 2),
      body: [
        headerStatus(1, 1, 200, device, server),
        commandStatus(2, 1, 5, "Exec", 202, ["./FwUpdate/Pkg1/DownloadAndUpdate"]),
        commandStatus(3, 1, 6, "Exec", 200, ["./Ext/Diag/Run"]),
        {
          kind: "Alert",
          cmdId: 4,
          data: 1226,
          correlator: "fumo-job-0041",
          items: [
            {
              source: { locUri: "./FwUpdate/Pkg0/DownloadAndUpdate" },
              meta: {
                type: "org.openmobilealliance.dm.firmwareupdate.downloadandupdate",
                format: "int",
                mark: "critical",
              },
              data: "410",
            },
            {
              source: { locUri: "./FwUpdate/Pkg0/State" },
              meta: { type: "com.example.fumo.state", format: "chr", mark: "informational" },
              data: "failed",
            },
          ],
        },
      ],
      final: true,
    },
  },
  {
    name: "pkg3-alert-1223-session-abort",
    covers: "The client aborts the session: Statuses of what it executed, Alert 1223, Final",
    message: {
      header: clientHeader("4", 2),
      body: [
        headerStatus(1, 1, 200, device, server),
        commandStatus(2, 1, 4, "Atomic", 200),
        { kind: "Alert", cmdId: 3, data: 1223, items: [] },
      ],
      final: true,
    },
  },
  {
    name: "pkg3-multi-message-no-final",
    covers:
      "First message of a client package that does not fit one message: Statuses and a Results Item, no Final (the server must answer with Alert 1222)",
    message: {
      header: clientHeader("3", 4),
      body: [
        headerStatus(1, 3, 200, device, server),
        commandStatus(2, 3, 4, "Get", 200, ["./DevInfo?list=StructData"]),
        {
          kind: "Results",
          cmdId: 3,
          msgRef: 3,
          cmdRef: 4,
          items: [
            leafItem("./DevInfo/DevId", device, "source"),
            leafItem("./DevInfo/Man", "Example Devices Ltd", "source"),
          ],
        },
      ],
      final: false,
    },
  },
  {
    name: "pkg4-alert-1222-next-message",
    covers:
      "The server's answer to an unfinished client package: header Status and Alert 1222 (next message), no commands, no Final",
    message: {
      header: {
        verDtd: "1.2",
        verProto: "DM/1.2",
        sessionId: "3",
        msgId: 4,
        target: { locUri: device },
        source: { locUri: server },
      },
      body: [
        headerStatus(1, 4, 200, server, device),
        {
          kind: "Alert",
          cmdId: 2,
          data: 1222,
          items: [{ target: { locUri: device }, source: { locUri: server } }],
        },
      ],
      final: false,
    },
  },
];
