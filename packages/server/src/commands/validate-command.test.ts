import { describe, expect, it } from "vitest";
import type { DmCommand } from "../store/store-api.js";
import { uriProblem } from "./command-uri.js";
import { validateDmCommand } from "./validate-command.js";

describe("device URIs [TR-TND §8.1]", () => {
  it.each([
    [".", "none"],
    ["./DevInfo/DevId", "none"],
    ["DevInfo/DevId", "none"],
    ["./Vendor/Name with space", "none"],
    ["./DevDetail?list=Struct", "get"],
    ["./DevDetail?list=StructData", "get"],
    ["./DevDetail?list=TNDS", "get"],
    ["./DevDetail?list=TNDS+Value+ACL", "get"],
    ["./DevDetail?list=TNDS-Format", "get"],
    ["./DevInfo/Mod?prop=Type", "get"],
    ["./Ext/A?prop=ACL", "replace"],
  ] as const)("accepts %s (%s)", (uri, query) => {
    expect(uriProblem(uri, query)).toBeUndefined();
  });

  it.each([
    ["", "none", "empty"],
    ["./", "none", "end with /"],
    ["./A/", "none", "end with /"],
    ["/A", "none", "start with /"],
    ["./A//B", "none", "empty node name"],
    ["./A/../B", "none", ".."],
    ["../A", "none", ".."],
    ["./A/./B", "none", "first name"],
    ["./A\u0000B", "none", "control"],
    ["./A?prop=Type", "none", "no ?prop="],
    ["./A?prop=Colour", "get", "unknown property"],
    ["./A?list=Everything", "get", "unknown ?list="],
    ["./A?list=TNDS+Value-ACL", "get", "cannot mix"],
    ["./A?list=TNDS+Colour", "get", "selector"],
    ["./A?prop=Size", "replace", "Replace query"],
    ["./A?x=1", "get", "?prop= or ?list="],
    ["./" + "a".repeat(3000), "none", "longer"],
  ] as const)("refuses %s (%s)", (uri, query, message) => {
    expect(uriProblem(uri, query)).toContain(message);
  });
});

const tnds =
  "<MgmtTree xmlns='syncml:dmddf1.2'><VerDTD>1.2</VerDTD><Node><NodeName>A</NodeName>" +
  "<RTProperties><Type><MIME>text/plain</MIME></Type></RTProperties><Value>1</Value></Node></MgmtTree>";

describe("validateDmCommand", () => {
  it.each<[string, DmCommand]>([
    ["a Get with a listing", { kind: "Get", uri: "./DevDetail?list=Struct" }],
    ["a Replace with text", { kind: "Replace", uri: "./Ext/A", format: "int", data: { text: "4" } }],
    ["a Replace of bytes", { kind: "Replace", uri: "./Ext/A", data: { base64: "AAEC/w==" } }],
    ["an interior Add", { kind: "Add", uri: "./Ext/Dir", format: "node" }],
    ["an Add of a TNDS object", { kind: "Add", uri: "./Ext", format: "xml", data: { tnds } }],
    ["an async Exec", { kind: "Exec", uri: "./FUMO/Pkg/Update", async: true }],
    ["a Copy", { kind: "Copy", uri: "./Ext/B", source: "./Ext/A" }],
    [
      "an Atomic of Add/Replace/Delete/Copy",
      {
        kind: "Atomic",
        commands: [
          { kind: "Add", uri: "./A", data: { text: "1" } },
          { kind: "Replace", uri: "./B", data: { text: "2" } },
          { kind: "Delete", uri: "./C" },
          { kind: "Copy", uri: "./D", source: "./B" },
        ],
      },
    ],
    [
      "a Sequence holding an Atomic, a Get and an Exec",
      {
        kind: "Sequence",
        commands: [
          { kind: "Atomic", commands: [{ kind: "Delete", uri: "./C" }] },
          { kind: "Get", uri: "./A" },
          { kind: "Exec", uri: "./E" },
        ],
      },
    ],
  ])("accepts %s", (_, command) => {
    expect(validateDmCommand(command)).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ["a bad URI", { kind: "Get", uri: "../x" }, "uri"],
    ["an unknown format", { kind: "Replace", uri: "./A", format: "blob", data: { text: "x" } }, "format"],
    ["bad base64", { kind: "Replace", uri: "./A", data: { base64: "a*b" } }, "data.base64"],
    ["data on an interior node", { kind: "Add", uri: "./A", format: "node", data: { text: "x" } }, "data"],
    ["a TNDS that is not XML", { kind: "Add", uri: "./A", data: { tnds: "<MgmtTree" } }, "data.tnds"],
    ["a TNDS that is not a MgmtTree", { kind: "Add", uri: "./A", data: { tnds: "<Other/>" } }, "data.tnds"],
    ["a TNDS with another format", { kind: "Add", uri: "./A", format: "chr", data: { tnds } }, "format"],
    ["data of no known shape", { kind: "Replace", uri: "./A", data: { bytes: [1] } }, "data"],
    [
      "Get inside Atomic [TR-REP §4.1.6.3]",
      { kind: "Atomic", commands: [{ kind: "Get", uri: "./A" }] },
      "commands[0].kind",
    ],
    [
      "Exec inside Atomic [TR-REP §4.1.6.6]",
      { kind: "Atomic", commands: [{ kind: "Exec", uri: "./A" }] },
      "commands[0].kind",
    ],
    [
      "nested Atomic",
      { kind: "Atomic", commands: [{ kind: "Atomic", commands: [{ kind: "Delete", uri: "./A" }] }] },
      "commands[0].kind",
    ],
    [
      "Sequence inside Sequence",
      { kind: "Sequence", commands: [{ kind: "Sequence", commands: [{ kind: "Delete", uri: "./A" }] }] },
      "commands[0].kind",
    ],
    ["an empty Sequence", { kind: "Sequence", commands: [] }, "commands"],
    ["a Copy with a query", { kind: "Copy", uri: "./B", source: "./A?prop=ACL" }, "source"],
    ["an unknown kind", { kind: "Move", uri: "./A" }, "kind"],
    ["a null command", null, "command"],
  ])("refuses %s", (_, command, path) => {
    const problems = validateDmCommand(command as DmCommand);
    expect(problems.map((p) => p.path)).toContain(path);
  });
});
