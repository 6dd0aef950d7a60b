import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Element } from "../element.js";
import { firstChild } from "../element.js";
import { DecodeError } from "../errors.js";
import { decodeXml } from "../xml/index.js";
import { decodeTnds } from "./decode-tnds.js";
import { encodeTnds } from "./encode-tnds.js";
import type { DfProperties, MgmtTree, RtProperties, TndsNode } from "./mgmt-tree.js";
import { tndsFromElement } from "./tnds-from-element.js";
import { accessTypes, nodeFormats } from "./tnds-vocabulary.js";

const fixtures = new URL("../../../../../shared/fixtures/", import.meta.url);
const fixture = (path: string): Uint8Array => new Uint8Array(readFileSync(new URL(path, fixtures)));
const dmtData = new URL("cyanogenmod-oma-dm/dmt_data/", fixtures);
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function decodeError(f: () => unknown): DecodeError {
  try {
    f();
  } catch (err) {
    if (err instanceof DecodeError) return err;
    throw err;
  }
  throw new Error("expected a DecodeError");
}

function allNodes(nodes: readonly TndsNode[]): TndsNode[] {
  return nodes.flatMap((n) => [n, ...allNodes(n.children)]);
}

const chr = { format: "chr", type: { kind: "MIME", value: "text/plain" } } as const;

/** The e-mail TNDS object of [TR-TNDS §9] (fact sheet §6.6), as ddf-001.ddf carries it. */
const emailTree: MgmtTree = {
  verDtd: "1.2",
  nodes: [
    {
      nodeName: "E-Mail",
      rtProperties: { format: "node", type: { kind: "DDFName", value: "com.operatorX.dm/1.0/EMail" } },
      children: [
        {
          nodeName: "POP3",
          children: [
            { nodeName: "POPServer", rtProperties: chr, value: "mail.Operatorx.com", children: [] },
            { nodeName: "UserID", rtProperties: chr, value: "UserName", children: [] },
            { nodeName: "PWD", rtProperties: chr, value: "4571F7C34A9876B3", children: [] },
          ],
        },
      ],
    },
  ],
};

describe("TNDS documents from the fact sheet and libwbxml", () => {
  it("decodes the §6.6 e-mail example, single-quoted namespace and all", () => {
    const xml =
      "<MgmtTree xmlns='syncml:dmddf1.2'><VerDTD>1.2</VerDTD><Node><NodeName>E-Mail</NodeName>" +
      "<RTProperties><Format><node/></Format><Type><DDFName>com.operatorX.dm/1.0/EMail</DDFName></Type></RTProperties>" +
      "<Node><NodeName>POPServer</NodeName><RTProperties><Format><chr/></Format><Type><MIME>text/plain</MIME></Type>" +
      "</RTProperties><Value>mail.Operatorx.com</Value></Node></Node></MgmtTree>";
    expect(decodeTnds(bytes(xml))).toEqual({
      verDtd: "1.2",
      nodes: [
        {
          ...emailTree.nodes[0],
          children: [{ nodeName: "POPServer", rtProperties: chr, value: "mail.Operatorx.com", children: [] }],
        },
      ],
    });
  });

  it("decodes libwbxml's ddf-001.ddf (indented, with a DOCTYPE) to the e-mail object", () => {
    expect(decodeTnds(fixture("libwbxml/ddf/ddf-001.ddf"))).toEqual(emailTree);
  });

  it("decodes the MgmtTree inlined in the Data of libwbxml's syncml_with_ddf-001.xml", () => {
    const syncml = decodeXml(fixture("libwbxml/ddf/syncml_with_ddf-001.xml"));
    const find = (e: Element): Element | undefined => {
      if (e.name === "MgmtTree") return e;
      for (const c of e.children) {
        if (typeof c === "object" && !(c instanceof Uint8Array)) {
          const hit = find(c);
          if (hit !== undefined) return hit;
        }
      }
      return undefined;
    };
    const sync = firstChild(firstChild(syncml, "SyncBody")!, "Sync")!;
    const inner = find(sync)!;
    expect(inner.ns).toBe("syncml:dmddf1.2");
    expect(tndsFromElement(inner)).toEqual(emailTree);
  });
});

describe("Motorola's tree files (cyanogenmod dmt_data)", () => {
  it("decodes syncmldm.ddf: 292 nodes, 6 of them unnamed dynamic nodes", () => {
    const t = decodeTnds(fixture("cyanogenmod-oma-dm/dmt_data/syncmldm.ddf"));
    expect([t.verDtd, t.man, t.mod]).toEqual(["1.2", "Motorola", "Nexus"]);
    const nodes = allNodes(t.nodes);
    expect(nodes).toHaveLength(292);
    const unnamed = nodes.filter((n) => n.nodeName === "");
    expect(unnamed).toHaveLength(6);
    for (const n of unnamed) expect(n.dfProperties?.occurrence).toEqual({ kind: "ZeroOrMore" });
    expect(unnamed[0]).toMatchObject({
      path: "./CDMA/3GPD",
      dfProperties: {
        accessType: ["Add", "Delete", "Get", "Replace"],
        dfFormat: "node",
        dfType: { kind: "MIME", values: ["text/plain"] },
        caseSense: "CS",
      },
    } satisfies Partial<TndsNode>);
    expect(t.nodes[0]?.path).toBe("");
    expect(nodes.every((n) => n.dfProperties?.caseSense === "CS")).toBe(true);
  });

  const motorolaXml = readdirSync(dmtData).filter((f) => f.endsWith(".xml"));
  it("has the six tree-source XML files", () => {
    expect(motorolaXml.sort()).toEqual([
      "customization.xml",
      "devdetail_ext.xml",
      "devdetail_uri.xml",
      "managedobjects.xml",
      "root.xml",
      "subscriber.xml",
    ]);
  });

  it.each(motorolaXml)(
    "decodes %s leniently: VerDTD 1.1.2 kept, Type under Node read as RTProperties Type",
    (file) => {
      const t = decodeTnds(new Uint8Array(readFileSync(new URL(file, dmtData))));
      expect(t.verDtd).toBe("1.1.2");
      expect([t.man, t.mod]).toEqual(["Motorola", "Nexus"]);
      for (const n of allNodes(t.nodes)) {
        expect(n.rtProperties?.type).toEqual({ kind: "MIME", value: "text/plain" });
        expect(n.dfProperties?.dfFormat).toBeDefined();
      }
    },
  );

  it("reads devdetail_uri.xml's <Data> as values: MaxDepth 20, MaxSegLen 256, MaxTotLen 512", () => {
    const t = decodeTnds(fixture("cyanogenmod-oma-dm/dmt_data/devdetail_uri.xml"));
    const uri = t.nodes[0]!;
    expect(uri.nodeName).toBe("URI");
    expect(
      uri.children.map((n) => [n.nodeName, n.value, n.dfProperties?.dfFormat, n.dfProperties?.accessType]),
    ).toEqual([
      ["MaxDepth", "20", "int", ["Get"]],
      ["MaxSegLen", "256", "int", ["Get"]],
      ["MaxTotLen", "512", "int", ["Get"]],
    ]);
  });

  it("decodes root.xml with its 21 nodes under the root node '.'", () => {
    const t = decodeTnds(fixture("cyanogenmod-oma-dm/dmt_data/root.xml"));
    expect(t.nodes[0]?.nodeName).toBe(".");
    expect(allNodes(t.nodes)).toHaveLength(21);
    const lrgObj = allNodes(t.nodes).find((n) => n.nodeName === "LrgObj");
    expect(lrgObj?.value).toBe("true");
    expect(lrgObj?.dfProperties?.dfFormat).toBe("bool");
  });

  const privateWbxml = readdirSync(dmtData).filter((f) => f.endsWith(".wbxml"));
  it.each(privateWbxml)("refuses the private-WBXML %s with WBXML_UNKNOWN_PUBLIC_ID", (file) => {
    const err = decodeError(() => decodeTnds(new Uint8Array(readFileSync(new URL(file, dmtData)))));
    expect(err.code).toBe("WBXML_UNKNOWN_PUBLIC_ID");
  });
});

describe("TNDS in XML and WBXML", () => {
  it("round-trips the e-mail object through XML and through WBXML of each version", () => {
    expect(decodeTnds(encodeTnds(emailTree, { encoding: "xml" }))).toEqual(emailTree);
    expect(decodeTnds(encodeTnds(emailTree, { encoding: "xml", indent: "  " }))).toEqual(emailTree);
    for (const wbxmlVersion of [1, 2, 3] as const) {
      for (const stringTable of [true, false]) {
        const wbxml = encodeTnds(emailTree, { encoding: "wbxml", wbxmlVersion, stringTable });
        expect(wbxml[0]).toBe(wbxmlVersion);
        expect(decodeTnds(wbxml)).toEqual(emailTree);
      }
    }
  });

  it("round-trips syncmldm.ddf through both encodings", () => {
    const t = decodeTnds(fixture("cyanogenmod-oma-dm/dmt_data/syncmldm.ddf"));
    expect(decodeTnds(encodeTnds(t, { encoding: "xml" }))).toEqual(t);
    expect(decodeTnds(encodeTnds(t, { encoding: "wbxml" }))).toEqual(t);
  });

  it("refuses a document over maxBytes", () => {
    const err = decodeError(() =>
      decodeTnds(fixture("libwbxml/ddf/ddf-001.ddf"), { limits: { maxBytes: 100 } }),
    );
    expect(err.code).toBe("DECODE_LIMIT");
  });

  it("refuses nesting over maxDepth", () => {
    const err = decodeError(() =>
      decodeTnds(fixture("libwbxml/ddf/ddf-001.ddf"), { limits: { maxDepth: 4 } }),
    );
    expect(err.code).toBe("DECODE_LIMIT");
  });
});

describe("interoperability with libwbxml", () => {
  const dir = mkdtempSync(join(tmpdir(), "omadm-tnds-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("decodes xml2wbxml's encoding of ddf-001.ddf to the same model", () => {
    const out = join(dir, "ddf-001.wbxml");
    execFileSync("xml2wbxml", ["-o", out, new URL("libwbxml/ddf/ddf-001.ddf", fixtures).pathname], {
      stdio: "ignore",
    });
    const wbxml = new Uint8Array(readFileSync(out));
    expect(wbxml[0]).toBe(0x03);
    expect(decodeTnds(wbxml)).toEqual(decodeTnds(fixture("libwbxml/ddf/ddf-001.ddf")));
  });

  it.each([
    ["the e-mail object", emailTree],
    ["syncmldm.ddf", decodeTnds(fixture("cyanogenmod-oma-dm/dmt_data/syncmldm.ddf"))],
  ])("gets %s back from wbxml2xml of our WBXML", (name, tree) => {
    const input = join(dir, `${name.replaceAll(/\W/g, "_")}.wbxml`);
    const output = `${input}.xml`;
    writeFileSync(input, encodeTnds(tree, { encoding: "wbxml" }));
    execFileSync("wbxml2xml", ["-o", output, input], { stdio: "ignore" });
    expect(decodeTnds(new Uint8Array(readFileSync(output)))).toEqual(tree);
  });
});

// Texts the round trip can carry: trimmed where the decoder trims, free in Value / DefaultValue.
const unit = fc.constantFrom(..."aZ09 -_./:<>&\"'=*üß日本😀\t\n");
const free = fc.string({ unit, maxLength: 10 });
const trimmed = free.map((s) => s.trim());
const rtArb: fc.Arbitrary<RtProperties> = fc.record(
  {
    acl: trimmed,
    format: fc.constantFrom(...nodeFormats),
    name: trimmed,
    size: fc.nat(0xffffffff),
    title: trimmed,
    tStamp: trimmed,
    type: fc.oneof(
      trimmed.map((value) => ({ kind: "MIME" as const, value })),
      trimmed.map((value) => ({ kind: "DDFName" as const, value })),
    ),
    verNo: fc.nat(0xffff),
  },
  { requiredKeys: [] },
);
const dfArb: fc.Arbitrary<DfProperties> = fc.record(
  {
    accessType: fc.subarray([...accessTypes]),
    defaultValue: free,
    description: trimmed,
    dfFormat: fc.constantFrom(...nodeFormats),
    occurrence: fc.oneof(
      fc.constantFrom("One", "ZeroOrOne", "ZeroOrMore", "OneOrMore").map((kind) => ({ kind })),
      fc.record({
        kind: fc.constantFrom("ZeroOrN" as const, "OneOrN" as const),
        n: fc.integer({ min: 1, max: 65536 }),
      }),
    ),
    scope: fc.constantFrom("Permanent" as const, "Dynamic" as const),
    dfTitle: trimmed,
    dfType: fc.oneof(
      fc.array(trimmed, { minLength: 1, maxLength: 3 }).map((values) => ({ kind: "MIME" as const, values })),
      trimmed.map((value) => ({ kind: "DDFName" as const, value })),
    ),
    caseSense: fc.constantFrom("CS" as const, "CIS" as const),
  },
  { requiredKeys: ["accessType"] },
);
const head = fc.record(
  { nodeName: trimmed, path: trimmed, rtProperties: rtArb, dfProperties: dfArb },
  { requiredKeys: ["nodeName"] },
);
const { node } = fc.letrec<{ node: TndsNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    fc
      .tuple(head, fc.option(free, { nil: undefined }))
      .map(([h, value]) => (value === undefined ? { ...h, children: [] } : { ...h, value, children: [] })),
    fc.tuple(head, fc.array(tie("node"), { maxLength: 3 })).map(([h, children]) => ({ ...h, children })),
  ),
}));
const treeArb: fc.Arbitrary<MgmtTree> = fc.record(
  { verDtd: trimmed, man: trimmed, mod: trimmed, nodes: fc.array(node, { maxLength: 3 }) },
  { requiredKeys: ["verDtd", "nodes"] },
);

describe("TNDS properties", () => {
  it("round-trips random trees through XML", () => {
    fc.assert(
      fc.property(treeArb, (tree) => {
        expect(decodeTnds(encodeTnds(tree, { encoding: "xml" }))).toEqual(tree);
      }),
    );
  });

  it("round-trips random trees through WBXML", () => {
    fc.assert(
      fc.property(
        treeArb,
        fc.constantFrom(1 as const, 2 as const, 3 as const),
        fc.boolean(),
        (tree, wbxmlVersion, stringTable) => {
          expect(decodeTnds(encodeTnds(tree, { encoding: "wbxml", wbxmlVersion, stringTable }))).toEqual(
            tree,
          );
        },
      ),
    );
  });

  it("gives a value or a DecodeError for random and mutated bytes", () => {
    const seeds = [
      encodeTnds(emailTree, { encoding: "wbxml" }),
      encodeTnds(emailTree, { encoding: "xml" }),
      fixture("libwbxml/ddf/ddf-001.ddf"),
    ];
    const mutated = fc
      .tuple(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 }),
      )
      .map(([b, edits]) => {
        const copy = b.slice();
        for (const [at, v] of edits) copy[at % copy.length] = v;
        return copy;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated), (input) => {
        try {
          decodeTnds(input);
        } catch (err) {
          expect(err).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
