/**
 * Payload shapes: an embedded TNDS MgmtTree inline in Data [TR-TNDS §9], base64 data
 * [TR-TND §8.3.7.2], UTF-8 text beyond ASCII, and a DM 1.1 (SYNCML:SYNCML1.1) message.
 */
import { el } from "@omadm/protocol";
import type { Element } from "@omadm/protocol";
import type { CorpusMessage } from "./corpus-message.js";
import {
  basicCred,
  clientHeader,
  commandStatus,
  device,
  headerStatus,
  leafItem,
  server,
  serverHeader,
  targetItem,
} from "./corpus-builders.js";

const dmddf = "syncml:dmddf1.2";

function t(name: string, children: (Element | string)[] = []): Element {
  return el(name, dmddf, children);
}

function leafNode(name: string, format: string, value: string, mime?: string): Element {
  const props = [t("Format", [t(format)])];
  if (mime !== undefined) props.push(t("Type", [t("MIME", [mime])]));
  return t("Node", [t("NodeName", [name]), t("RTProperties", props), t("Value", [value])]);
}

/** A TNDS object for ./Ext/Example: an interior node with an ACL and MO type, and three leaves. */
function exampleTree(): Element {
  return t("MgmtTree", [
    t("VerDTD", ["1.2"]),
    t("Node", [
      t("NodeName", ["Example"]),
      t("Path", ["./Ext"]),
      t("RTProperties", [
        t("ACL", ["Get=*&Replace=dm.example.com"]),
        t("Format", [t("node")]),
        t("Type", [t("DDFName", ["urn:oma:mo:ext-example:1.0"])]),
      ]),
      leafNode("Server", "chr", "dm.example.com", "text/plain"),
      leafNode("Port", "int", "443", "text/plain"),
      leafNode("Secure", "bool", "true"),
    ]),
  ]);
}

const tndsMeta = { format: "xml", type: "application/vnd.syncml.dmtnds+xml" } as const;

/** Some bytes every value of which appears, base64-encoded (bin over XML must be b64). */
const binaryB64 = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37 + 11) & 0xff)).toString("base64");

export const payloadMessages: readonly CorpusMessage[] = [
  {
    name: "add-tnds-mgmttree",
    covers:
      "Add whose Item Data is an inline TNDS MgmtTree (Meta Type application/vnd.syncml.dmtnds+xml, Format xml) with ACL, DDFName, MIME and Values",
    message: {
      header: serverHeader("20", 1),
      body: [
        headerStatus(1, 1, 212, server, device),
        {
          kind: "Add",
          cmdId: 2,
          items: [{ target: { locUri: "./Ext/Example" }, meta: tndsMeta, data: exampleTree() }],
        },
      ],
      final: true,
    },
  },
  {
    name: "results-tnds-list",
    covers:
      "Results of Get ?list=TNDS+Value+ACL: one Item whose Data is an inline TNDS tree, Source the start node",
    message: {
      header: clientHeader("20", 2),
      body: [
        headerStatus(1, 1, 200, device, server),
        commandStatus(2, 1, 6, "Get", 200, ["./Ext/Example?list=TNDS+Value+ACL"]),
        {
          kind: "Results",
          cmdId: 3,
          msgRef: 1,
          cmdRef: 6,
          items: [{ source: { locUri: "./Ext/Example" }, meta: tndsMeta, data: exampleTree() }],
        },
      ],
      final: true,
    },
  },
  {
    name: "replace-b64-data",
    covers:
      "Binary node values over XML: Replace with Meta Format b64 (all 256 byte values) and a b64 Exec argument",
    message: {
      header: serverHeader("21", 1),
      body: [
        headerStatus(1, 1, 212, server, device),
        {
          kind: "Replace",
          cmdId: 2,
          items: [
            leafItem("./Ext/Certs/Root", binaryB64, "target", {
              format: "b64",
              type: "application/pkix-cert",
            }),
          ],
        },
        {
          kind: "Exec",
          cmdId: 3,
          item: leafItem(
            "./Ext/Diag/Upload",
            Buffer.from("upload logs\n", "utf8").toString("base64"),
            "target",
            {
              format: "b64",
              type: "application/octet-stream",
            },
          ),
        },
      ],
      final: true,
    },
  },
  {
    name: "utf8-non-ascii-data",
    covers:
      "UTF-8 beyond ASCII: Latin-1, CJK, symbols and a 4-byte character in Data, a non-ASCII node name, and XML-special characters (< > & \" ')",
    message: {
      header: serverHeader("22", 1),
      body: [
        headerStatus(1, 1, 212, server, device),
        {
          kind: "Replace",
          cmdId: 2,
          items: [
            leafItem("./Ext/Display/Greeting", "Grüße aus Köln — 東京からこんにちは ☃ 🚀"),
            leafItem("./Ext/Display/Café/Name", "Ελληνικά, Русский, עברית, العربية"),
            leafItem("./Ext/Display/Markup", "a < b && c > \"d\" 'e'"),
          ],
        },
        {
          kind: "Alert",
          cmdId: 3,
          data: 1100,
          items: [{ data: "MINDT=5" }, { data: "Mise à jour terminée ✓" }],
        },
      ],
      final: true,
    },
  },
  {
    name: "data-significant-whitespace",
    covers:
      "Data whose leading, trailing and inner whitespace is part of the value: an indented script for Exec, a padded default text, a tab-separated value",
    message: {
      header: serverHeader("23", 1),
      body: [
        headerStatus(1, 1, 212, server, device),
        {
          kind: "Exec",
          cmdId: 2,
          item: leafItem("./Ext/Diag/Script", "  #!/bin/sh\n  echo  'two  spaces'\n\n", "target", {
            format: "chr",
            type: "text/x-sh",
          }),
        },
        {
          kind: "Alert",
          cmdId: 3,
          data: 1102,
          items: [{ data: "DR=+padded+&MAXLEN=40" }, { data: "  Name (leave the spaces):  " }],
        },
        { kind: "Replace", cmdId: 4, items: [leafItem("./Ext/Conf/Columns", "\tname\tvalue\t")] },
      ],
      final: true,
    },
  },
  {
    name: "dm11-bootstrap-add",
    covers:
      "A DM 1.1 message (VerDTD 1.1, VerProto DM/1.1, SYNCML:SYNCML1.1): bootstrap-style Add of a DMAcc node and leaves, then a Get",
    message: {
      header: {
        verDtd: "1.1",
        verProto: "DM/1.1",
        sessionId: "0",
        msgId: 1,
        target: { locUri: device },
        source: { locUri: server },
        cred: basicCred("server-user", "server-secret"),
      },
      body: [
        {
          kind: "Add",
          cmdId: 1,
          items: [
            { target: { locUri: "./SyncML/DMAcc/Example" }, meta: { format: "node" } },
            leafItem("./SyncML/DMAcc/Example/Addr", server),
            leafItem("./SyncML/DMAcc/Example/AddrType", "1", "target", { format: "int", type: "text/plain" }),
            leafItem("./SyncML/DMAcc/Example/ServerId", "dm.example.com"),
          ],
        },
        { kind: "Get", cmdId: 2, items: [targetItem("./DevInfo/DmV")] },
      ],
      final: true,
    },
  },
  {
    name: "dm11-client-reply",
    covers: "A DM 1.1 client reply: Status for the header and the Add, Results for the Get",
    message: {
      header: { ...clientHeader("0", 1), verDtd: "1.1", verProto: "DM/1.1" },
      body: [
        headerStatus(1, 1, 200, device, server),
        commandStatus(2, 1, 1, "Add", 200),
        commandStatus(3, 1, 2, "Get", 200, ["./DevInfo/DmV"]),
        {
          kind: "Results",
          cmdId: 4,
          msgRef: 1,
          cmdRef: 2,
          items: [leafItem("./DevInfo/DmV", "1.1", "source")],
        },
      ],
      final: true,
    },
  },
];
