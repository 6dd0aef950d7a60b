import { describe, expect, it } from "vitest";
import { ApiProblem } from "./api-problem.js";
import { parseCommandBody } from "./parse-command-body.js";

const tnds =
  "<MgmtTree xmlns='syncml:dmddf1.2'><VerDTD>1.2</VerDTD><Node><NodeName>A</NodeName><RTProperties><Format><chr/></Format></RTProperties><Value>x</Value></Node></MgmtTree>";

function pointers(body: unknown): string[] {
  try {
    parseCommandBody(body);
    return [];
  } catch (e) {
    if (!(e instanceof ApiProblem)) throw e;
    expect(e.problem.status).toBe(400);
    return (e.problem.errors ?? []).map((x) => x.pointer);
  }
}

describe("parseCommandBody", () => {
  it.each([
    { kind: "Get", uri: "./DevInfo/Mod" },
    { kind: "Get", uri: "./DevDetail?list=TNDS" },
    { kind: "Replace", uri: "./Vendor/X", format: "chr", data: { text: "v" } },
    { kind: "Add", uri: "./Vendor/Bin", format: "bin", data: { base64: "AAEC" } },
    {
      kind: "Add",
      uri: "./Vendor",
      format: "xml",
      type: "application/vnd.syncml.dmtnds+xml",
      data: { tnds },
    },
    { kind: "Add", uri: "./Vendor/Folder", format: "node" },
    { kind: "Delete", uri: "./Vendor/X" },
    { kind: "Exec", uri: "./FwUpdate/Update", async: true },
    { kind: "Copy", uri: "./Vendor/B", source: "./Vendor/A" },
    {
      kind: "Atomic",
      commands: [
        { kind: "Add", uri: "./A", data: { text: "1" } },
        { kind: "Delete", uri: "./B" },
      ],
    },
    {
      kind: "Sequence",
      commands: [
        { kind: "Get", uri: "./A" },
        { kind: "Exec", uri: "./B" },
      ],
    },
  ])("accepts %j", (body) => {
    expect(parseCommandBody(body)).toEqual(body);
  });

  it.each<[string, unknown, string[]]>([
    ["a non-object", [1], [""]],
    ["an unknown kind", { kind: "Put", uri: "./A" }, ["/kind"]],
    ["a missing uri", { kind: "Get" }, ["/uri"]],
    ["a number as uri", { kind: "Get", uri: 5 }, ["/uri"]],
    ["an unknown field", { kind: "Get", uri: "./A", data: { text: "x" } }, ["/data"]],
    ["two data forms", { kind: "Replace", uri: "./A", data: { text: "x", base64: "AA==" } }, ["/data"]],
    ["a non-boolean async", { kind: "Exec", uri: "./A", async: "yes" }, ["/async"]],
    ["a Copy without source", { kind: "Copy", uri: "./A" }, ["/source"]],
    ["a group that is not an array", { kind: "Atomic", commands: {} }, ["/commands"]],
    [
      "a bad child",
      { kind: "Sequence", commands: [{ kind: "Get", uri: "./A" }, { kind: "Get" }] },
      ["/commands/1/uri"],
    ],
  ])("refuses %s, naming the field", (_what, body, expected) => {
    expect(pointers(body)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["a trailing slash", { kind: "Get", uri: "./A/" }],
    ["a .. segment", { kind: "Delete", uri: "./A/../B" }],
    ["a Get inside Atomic", { kind: "Atomic", commands: [{ kind: "Get", uri: "./A" }] }],
    ["an Exec inside Atomic", { kind: "Atomic", commands: [{ kind: "Exec", uri: "./A" }] }],
    ["an empty group", { kind: "Sequence", commands: [] }],
    ["an unknown format", { kind: "Replace", uri: "./A", format: "str", data: { text: "x" } }],
    ["bad base64", { kind: "Replace", uri: "./A", data: { base64: "**" } }],
    ["a TNDS that does not parse", { kind: "Add", uri: "./A", data: { tnds: "<MgmtTree>" } }],
  ])("refuses %s by the command rules", (_what, body) => {
    expect(pointers(body).length).toBeGreaterThan(0);
  });
});
