import { describe, expect, it } from "vitest";
import type { Child, Element } from "../element.js";
import { el } from "../element.js";
import { DecodeError, OmaDmError } from "../errors.js";
import type { MgmtTree } from "./mgmt-tree.js";
import { tndsFromElement } from "./tnds-from-element.js";
import { tndsToElement } from "./tnds-to-element.js";

const NS = "syncml:dmddf1.2";
const e = (name: string, children: readonly Child[] = [], offset?: number, ns = NS): Element =>
  offset === undefined ? el(name, ns, children) : { ...el(name, ns, children), offset };
const tree = (...nodes: Element[]): Element => e("MgmtTree", [e("VerDTD", ["1.2"]), ...nodes]);
const leaf = (name: string, ...rest: Element[]): Element => e("Node", [e("NodeName", [name]), ...rest]);

function decodeError(f: () => unknown): DecodeError {
  try {
    f();
  } catch (err) {
    if (err instanceof DecodeError) return err;
    throw err;
  }
  throw new Error("expected a DecodeError");
}

describe("tndsFromElement structure errors", () => {
  it.each<[string, Element, number]>([
    ["a Node without NodeName", tree(e("Node", [e("Value", ["1"])], 40)), 40],
    [
      "a Node with a Value and child Nodes",
      tree(e("Node", [e("NodeName", ["a"]), e("Value", ["1"]), leaf("b")], 41)),
      41,
    ],
    ["an unknown Format value", tree(leaf("a", e("RTProperties", [e("Format", [e("chars", [], 42)])]))), 42],
    ["an empty Format", tree(leaf("a", e("RTProperties", [e("Format", [], 43)]))), 43],
    [
      "a Format with two values",
      tree(leaf("a", e("RTProperties", [e("Format", [e("chr"), e("int")], 44)]))),
      44,
    ],
    [
      "an unknown DFFormat value",
      tree(leaf("a", e("DFProperties", [e("DFFormat", [e("Node", [], 45)])]))),
      45,
    ],
    [
      "an unknown AccessType",
      tree(leaf("a", e("DFProperties", [e("AccessType", [e("Get"), e("Read", [], 46)])]))),
      46,
    ],
    [
      "an Occurrence N that is not a number",
      tree(leaf("a", e("DFProperties", [e("Occurrence", [e("ZeroOrN", ["many"], 47)])]))),
      47,
    ],
    [
      "an Occurrence N of 0",
      tree(leaf("a", e("DFProperties", [e("Occurrence", [e("OneOrN", ["0"], 48)])]))),
      48,
    ],
    [
      "an Occurrence N over 65536",
      tree(leaf("a", e("DFProperties", [e("Occurrence", [e("OneOrN", ["65537"], 49)])]))),
      49,
    ],
    [
      "an Occurrence without N",
      tree(leaf("a", e("DFProperties", [e("Occurrence", [e("ZeroOrN", [], 50)])]))),
      50,
    ],
    ["an unknown Occurrence", tree(leaf("a", e("DFProperties", [e("Occurrence", [e("Many", [], 51)])]))), 51],
    ["an unknown Scope", tree(leaf("a", e("DFProperties", [e("Scope", [e("Static", [], 52)])]))), 52],
    ["an unknown CaseSense", tree(leaf("a", e("DFProperties", [e("CaseSense", [e("CI", [], 53)])]))), 53],
    ["a Size that is not a number", tree(leaf("a", e("RTProperties", [e("Size", ["big"], 54)]))), 54],
    ["a VerNo over 65535", tree(leaf("a", e("RTProperties", [e("VerNo", ["65536"], 55)]))), 55],
    ["a MgmtTree without VerDTD", e("MgmtTree", [leaf("a")], 56), 56],
    ["another root element", e("SyncML", [], 57), 57],
    ["a MgmtTree in another namespace", e("MgmtTree", [e("VerDTD", ["1.2"])], 58, "SYNCML:SYNCML1.2"), 58],
  ])("refuses %s with TNDS_INVALID at the element's offset", (_name, root, offset) => {
    const err = decodeError(() => tndsFromElement(root));
    expect(err.code).toBe("TNDS_INVALID");
    expect(err.offset).toBe(offset);
  });
});

describe("tndsFromElement leniency", () => {
  it("reads an empty NodeName as the unnamed placeholder", () => {
    expect(tndsFromElement(tree(e("Node", [e("NodeName")]))).nodes[0]?.nodeName).toBe("");
  });

  it("reads empty format elements and the format named as text", () => {
    const t = tndsFromElement(
      tree(
        leaf("a", e("RTProperties", [e("Format", [e("chr")])])),
        leaf("b", e("RTProperties", [e("Format", [" int\n"])])),
      ),
    );
    expect(t.nodes.map((n) => n.rtProperties?.format)).toEqual(["chr", "int"]);
  });

  it("trims whitespace around texts but keeps it in Value and DefaultValue", () => {
    const t = tndsFromElement(
      e("MgmtTree", [
        e("VerDTD", ["\n 1.2 \n"]),
        e("Man", [" Acme "]),
        e("Node", [
          e("NodeName", ["\n  Name  \n"]),
          e("Path", [" ./A "]),
          e("RTProperties", [e("ACL", [" Get=* "]), e("Type", [e("MIME", ["\n text/plain \n"])])]),
          e("DFProperties", [e("DefaultValue", ["  d  "]), e("Description", [" about "])]),
          e("Value", ["  v \n"]),
        ]),
      ]),
    );
    expect(t).toEqual({
      verDtd: "1.2",
      man: "Acme",
      nodes: [
        {
          nodeName: "Name",
          path: "./A",
          rtProperties: { acl: "Get=*", type: { kind: "MIME", value: "text/plain" } },
          dfProperties: { accessType: [], defaultValue: "  d  ", description: "about" },
          value: "  v \n",
          children: [],
        },
      ],
    });
  });

  it("accepts no namespace and skips elements of other namespaces and unknown elements", () => {
    const t = tndsFromElement(
      e(
        "MgmtTree",
        [
          e("VerDTD", ["1.2"], undefined, ""),
          e(
            "Node",
            [e("NodeName", ["a"], undefined, ""), e("Value", ["x"], undefined, "urn:other"), e("Extra", [])],
            undefined,
            "",
          ),
        ],
        undefined,
        "",
      ),
    );
    expect(t).toEqual({ verDtd: "1.2", nodes: [{ nodeName: "a", children: [] }] });
  });

  it("keeps AccessType as a set in DTD order", () => {
    const t = tndsFromElement(
      tree(leaf("a", e("DFProperties", [e("AccessType", [e("Replace"), e("Get"), e("Add"), e("Get")])]))),
    );
    expect(t.nodes[0]?.dfProperties?.accessType).toEqual(["Add", "Get", "Replace"]);
  });

  it("reads Motorola's Type under Node as the RTProperties Type and Data as the Value", () => {
    const t = tndsFromElement(
      e("MgmtTree", [
        e("VerDTD", ["1.1.2"]),
        leaf(
          "MaxDepth",
          e("DFProperties", [e("DFFormat", [e("int")])]),
          e("Type", ["text/plain"]),
          e("Data", ["20"]),
        ),
      ]),
    );
    expect(t.verDtd).toBe("1.1.2");
    expect(t.nodes[0]).toEqual({
      nodeName: "MaxDepth",
      rtProperties: { type: { kind: "MIME", value: "text/plain" } },
      dfProperties: { accessType: [], dfFormat: "int" },
      value: "20",
      children: [],
    });
  });

  it("prefers a Value and an RTProperties Type over Motorola's Data and Type", () => {
    const t = tndsFromElement(
      tree(
        leaf(
          "a",
          e("Type", ["text/plain"]),
          e("RTProperties", [e("Type", [e("MIME", ["text/html"])])]),
          e("Data", ["old"]),
          e("Value", ["new"]),
        ),
      ),
    );
    expect(t.nodes[0]?.rtProperties?.type).toEqual({ kind: "MIME", value: "text/html" });
    expect(t.nodes[0]?.value).toBe("new");
  });

  it("reads Type, DFType and Occurrence choices", () => {
    const t = tndsFromElement(
      tree(
        leaf(
          "a",
          e("RTProperties", [e("Type")]),
          e("DFProperties", [
            e("DFType", [e("MIME", ["text/plain"]), e("MIME", ["text/html"])]),
            e("Occurrence", [e("OneOrN", [" 5 "])]),
            e("Scope", [e("Permanent")]),
            e("CaseSense", [e("CIS")]),
          ]),
        ),
      ),
    );
    expect(t.nodes[0]?.rtProperties?.type).toEqual({ kind: "DDFName", value: "" });
    expect(t.nodes[0]?.dfProperties).toEqual({
      accessType: [],
      dfType: { kind: "MIME", values: ["text/plain", "text/html"] },
      occurrence: { kind: "OneOrN", n: 5 },
      scope: "Permanent",
      caseSense: "CIS",
    });
  });

  it("refuses a DFType with both MIME and DDFName", () => {
    const err = decodeError(() =>
      tndsFromElement(
        tree(leaf("a", e("DFProperties", [e("DFType", [e("MIME", ["a"]), e("DDFName", ["b"])], 60)]))),
      ),
    );
    expect([err.code, err.offset]).toEqual(["TNDS_INVALID", 60]);
  });
});

describe("tndsToElement", () => {
  it("writes children in DTD order in namespace syncml:dmddf1.2", () => {
    const model: MgmtTree = {
      verDtd: "1.2",
      mod: "M",
      man: "A",
      nodes: [
        {
          children: [],
          value: "v",
          dfProperties: {
            caseSense: "CS",
            dfType: { kind: "DDFName", value: "urn:x" },
            dfTitle: "t",
            scope: "Dynamic",
            occurrence: { kind: "ZeroOrN", n: 3 },
            dfFormat: "chr",
            description: "d",
            defaultValue: "dv",
            accessType: ["Replace", "Get"],
          },
          rtProperties: {
            verNo: 2,
            type: { kind: "MIME", value: "text/plain" },
            tStamp: "20010711T163817Z",
            title: "T",
            size: 1,
            name: "n",
            format: "chr",
            acl: "Get=*",
          },
          path: "./p",
          nodeName: "a",
        },
      ],
    };
    const root = tndsToElement(model);
    const names = (x: Element): string[] =>
      x.children
        .filter((c): c is Element => typeof c === "object" && !(c instanceof Uint8Array))
        .map((c) => c.name);
    expect(root.ns).toBe(NS);
    expect(names(root)).toEqual(["VerDTD", "Man", "Mod", "Node"]);
    const node = root.children[3] as Element;
    expect(names(node)).toEqual(["NodeName", "Path", "RTProperties", "DFProperties", "Value"]);
    expect(names(node.children[2] as Element)).toEqual([
      "ACL",
      "Format",
      "Name",
      "Size",
      "Title",
      "TStamp",
      "Type",
      "VerNo",
    ]);
    expect(names(node.children[3] as Element)).toEqual([
      "AccessType",
      "DefaultValue",
      "Description",
      "DFFormat",
      "Occurrence",
      "Scope",
      "DFTitle",
      "DFType",
      "CaseSense",
    ]);
    expect(names((node.children[3] as Element).children[0] as Element)).toEqual(["Get", "Replace"]);
    const back = tndsFromElement(root);
    const node0 = model.nodes[0]!;
    expect(back).toEqual({
      ...model,
      nodes: [{ ...node0, dfProperties: { ...node0.dfProperties, accessType: ["Get", "Replace"] } }],
    });
  });

  it.each<[string, MgmtTree]>([
    [
      "a node with a value and children",
      { verDtd: "1.2", nodes: [{ nodeName: "a", value: "v", children: [{ nodeName: "b", children: [] }] }] },
    ],
    [
      "an Occurrence N of 0",
      {
        verDtd: "1.2",
        nodes: [
          {
            nodeName: "a",
            dfProperties: { accessType: [], occurrence: { kind: "ZeroOrN", n: 0 } },
            children: [],
          },
        ],
      },
    ],
    [
      "a negative Size",
      { verDtd: "1.2", nodes: [{ nodeName: "a", rtProperties: { size: -1 }, children: [] }] },
    ],
    [
      "an empty DFType MIME list",
      {
        verDtd: "1.2",
        nodes: [
          {
            nodeName: "a",
            dfProperties: { accessType: [], dfType: { kind: "MIME", values: [] } },
            children: [],
          },
        ],
      },
    ],
  ])("refuses %s with INVALID_ARGUMENT", (_name, model) => {
    let err: unknown;
    try {
      tndsToElement(model);
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(OmaDmError);
    expect((err as OmaDmError).code).toBe("INVALID_ARGUMENT");
  });
});
