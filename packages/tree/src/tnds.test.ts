import type { Element, MgmtTree } from "@omadm/protocol";
import { decodeXml, encodeTnds, encodeXmlString, tndsFromElement, tndsMediaTypes } from "@omadm/protocol";
import { describe, expect, it } from "vitest";
import { createTree } from "./management-tree.js";
import type { ManagementTree } from "./management-tree.js";

const tndsType = tndsMediaTypes.tndsXml;

// The e-mail MO of the TNDS usage example (fact sheet §6.6, [TR-TNDS §9]); the elided leaves are
// filled in the same style.
const emailTnds = `<MgmtTree xmlns='syncml:dmddf1.2'><VerDTD>1.2</VerDTD>
  <Node><NodeName>E-Mail</NodeName>
    <RTProperties><Format><node/></Format><Type><DDFName>com.operatorX.dm/1.0/EMail</DDFName></Type></RTProperties>
    <Node><NodeName>POPServer</NodeName>
      <RTProperties><Format><chr/></Format><Type><MIME>text/plain</MIME></Type></RTProperties>
      <Value>mail.Operatorx.com</Value></Node>
    <Node><NodeName>SMTPServer</NodeName>
      <RTProperties><Format><chr/></Format><Type><MIME>text/plain</MIME></Type></RTProperties>
      <Value>smtp.Operatorx.com</Value></Node>
    <Node><NodeName>Port</NodeName>
      <RTProperties><Format><int/></Format><Type><MIME>text/plain</MIME></Type></RTProperties>
      <Value>110</Value></Node>
  </Node>
</MgmtTree>`;

function element(xml: string): Element {
  return decodeXml(xml);
}

function operatorTree(): ManagementTree {
  const tree = createTree({ clock: () => new Date(Date.UTC(2024, 5, 1)) });
  tree.add("./OperatorX", { format: "node" }, undefined);
  tree.replace("./OperatorX?prop=ACL", { data: "Add=Op&Get=Op&Replace=Op&Delete=Op" }, undefined);
  return tree;
}

describe("Add with a TNDS object", () => {
  it("creates the e-mail MO under the target in one command", () => {
    const tree = operatorTree();
    const out = tree.add("./OperatorX", { format: "xml", type: tndsType, data: element(emailTnds) }, "Op");
    expect(out.status).toBe(200);
    expect(tree.get("./OperatorX/E-Mail", "Op").results?.[0]).toMatchObject({
      format: "node",
      type: "com.operatorX.dm/1.0/EMail",
      data: "POPServer/SMTPServer/Port",
    });
    expect(tree.get("./OperatorX/E-Mail/POPServer", "Op").results?.[0]).toMatchObject({
      format: "chr",
      type: "text/plain",
      data: "mail.Operatorx.com",
    });
    expect(tree.get("./OperatorX/E-Mail/Port?prop=Format", "Op").results?.[0]?.data).toBe("int");
  });

  it("accepts the object as XML text and as WBXML bytes", () => {
    const tree = operatorTree();
    expect(tree.add("./OperatorX", { format: "xml", type: tndsType, data: emailTnds }, "Op").status).toBe(
      200,
    );
    const wbxml = encodeTnds(tndsFromElement(element(emailTnds)), { encoding: "wbxml" });
    const other = operatorTree();
    expect(
      other.add("./OperatorX", { format: "bin", type: tndsMediaTypes.tndsWbxml, data: wbxml }, "Op").status,
    ).toBe(200);
    expect(JSON.stringify(other.exportState())).toBe(JSON.stringify(tree.exportState()));
  });

  it("creates the target implicitly when it does not exist", () => {
    const tree = createTree();
    expect(tree.add("./OperatorY", { type: tndsType, data: element(emailTnds) }, "Op").status).toBe(200);
    expect(tree.get("./OperatorY/E-Mail/SMTPServer", undefined).results?.[0]?.data).toBe(
      "smtp.Operatorx.com",
    );
  });

  it("changes nothing and answers with the failing status when one node is bad", () => {
    const tree = operatorTree();
    const bad = emailTnds.replace("<Value>110</Value>", "<Value>one-ten</Value>");
    const before = JSON.stringify(tree.exportState());
    expect(tree.add("./OperatorX", { type: tndsType, data: element(bad) }, "Op").status).toBe(400);
    expect(JSON.stringify(tree.exportState())).toBe(before);
  });

  it("answers 418 when a top-level node exists, and changes nothing", () => {
    const tree = operatorTree();
    tree.add("./OperatorX", { type: tndsType, data: element(emailTnds) }, "Op");
    const before = JSON.stringify(tree.exportState());
    expect(tree.add("./OperatorX", { type: tndsType, data: element(emailTnds) }, "Op").status).toBe(418);
    expect(JSON.stringify(tree.exportState())).toBe(before);
  });

  it("answers 400 for data that is not a MgmtTree", () => {
    const tree = operatorTree();
    expect(tree.add("./OperatorX", { type: tndsType, data: "<nope/>" }, "Op").status).toBe(400);
    expect(tree.add("./OperatorX", { type: tndsType }, "Op").status).toBe(400);
  });

  it("answers 425 without the Add right where the object attaches", () => {
    const tree = operatorTree();
    expect(tree.add("./OperatorX", { type: tndsType, data: element(emailTnds) }, "Other").status).toBe(425);
  });

  it("applies RTProperties ACL and Title, places Paths relative to the target, and names unnamed nodes", () => {
    const xml = `<MgmtTree xmlns='syncml:dmddf1.2'><VerDTD>1.2</VerDTD>
      <Node><NodeName>Acc</NodeName><Path>Sub/Deeper</Path>
        <RTProperties><ACL>Get=*&amp;Replace=Op</ACL><Format><node/></Format><Title>An account</Title><Type><DDFName></DDFName></Type></RTProperties>
        <Node><NodeName></NodeName><RTProperties><Type><MIME>text/plain</MIME></Type></RTProperties><Value>a</Value></Node>
        <Node><NodeName></NodeName><RTProperties><Type><MIME>text/plain</MIME></Type></RTProperties><Value>b</Value></Node>
      </Node></MgmtTree>`;
    const tree = operatorTree();
    expect(tree.add("./OperatorX", { type: tndsType, data: element(xml) }, "Op").status).toBe(200);
    expect(tree.get("./OperatorX/Sub/Deeper/Acc?prop=ACL", "Op").results?.[0]?.data).toBe("Get=*&Replace=Op");
    expect(tree.get("./OperatorX/Sub/Deeper/Acc?prop=Title", "Op").results?.[0]?.data).toBe("An account");
    expect(tree.get("./OperatorX/Sub/Deeper/Acc", "Op").results?.[0]?.data).toBe("1/2");
  });

  it("decodes bin values from base64 text", () => {
    const xml = `<MgmtTree xmlns='syncml:dmddf1.2'><VerDTD>1.2</VerDTD>
      <Node><NodeName>Blob</NodeName><RTProperties><Format><bin/></Format><Type><MIME>application/octet-stream</MIME></Type></RTProperties><Value>AQID</Value></Node>
      </MgmtTree>`;
    const tree = operatorTree();
    expect(tree.add("./OperatorX", { type: tndsType, data: element(xml) }, "Op").status).toBe(200);
    expect(tree.get("./OperatorX/Blob", "Op").results?.[0]?.data).toEqual(new Uint8Array([1, 2, 3]));
  });
});

describe("Replace with a TNDS object", () => {
  it("makes the target's subtree the object: updates, adds and deletes", () => {
    const tree = operatorTree();
    tree.add("./OperatorX", { type: tndsType, data: element(emailTnds) }, "Op");
    tree.add("./OperatorX/Old", { data: "gone soon" }, "Op");
    const next = emailTnds
      .replace("mail.Operatorx.com", "pop.Operatorx.com")
      .replace(/<Node><NodeName>SMTPServer<\/NodeName>[\s\S]*?<\/Node>/, "")
      .replace(
        "</Node>\n</MgmtTree>",
        "<Node><NodeName>IMAP</NodeName><RTProperties><Type><MIME>text/plain</MIME></Type></RTProperties><Value>imap</Value></Node></Node></MgmtTree>",
      );
    expect(tree.replace("./OperatorX", { type: tndsType, data: element(next) }, "Op").status).toBe(200);
    expect(tree.get("./OperatorX", "Op").results?.[0]?.data).toBe("E-Mail");
    expect(tree.get("./OperatorX/E-Mail", "Op").results?.[0]?.data).toBe("POPServer/Port/IMAP");
    expect(tree.get("./OperatorX/E-Mail/POPServer", "Op").results?.[0]?.data).toBe("pop.Operatorx.com");
  });

  it("answers 404 for a missing target and creates nothing", () => {
    const tree = operatorTree();
    expect(tree.replace("./OperatorZ", { type: tndsType, data: element(emailTnds) }, "Op").status).toBe(404);
    expect(tree.get("./OperatorZ", undefined).status).toBe(404);
  });

  it("refuses to delete a permanent node absent from the object (405) and changes nothing", () => {
    const tree = operatorTree();
    tree.add("./OperatorX", { type: tndsType, data: element(emailTnds) }, "Op");
    tree.setPermanent("./OperatorX/E-Mail/Port");
    const without = emailTnds.replace(/<Node><NodeName>Port<\/NodeName>[\s\S]*?<\/Node>/, "");
    const before = JSON.stringify(tree.exportState());
    expect(tree.replace("./OperatorX", { type: tndsType, data: element(without) }, "Op").status).toBe(405);
    expect(JSON.stringify(tree.exportState())).toBe(before);
  });
});

describe("Get ?list=", () => {
  function listed(): ManagementTree {
    const tree = operatorTree();
    tree.add("./OperatorX", { type: tndsType, data: element(emailTnds) }, "Op");
    return tree;
  }

  it("Struct gives one item per node, start node first, without data", () => {
    const r = listed().get("./OperatorX/E-Mail?list=Struct", "Op");
    expect(r.status).toBe(200);
    expect(r.results).toEqual([
      { uri: "./OperatorX/E-Mail", format: "node", type: "com.operatorX.dm/1.0/EMail" },
      { uri: "./OperatorX/E-Mail/POPServer", format: "chr", type: "text/plain" },
      { uri: "./OperatorX/E-Mail/SMTPServer", format: "chr", type: "text/plain" },
      { uri: "./OperatorX/E-Mail/Port", format: "int", type: "text/plain" },
    ]);
  });

  it("StructData adds the leaf values", () => {
    const r = listed().get("./OperatorX/E-Mail?list=StructData", "Op");
    expect(r.results?.map((i) => i.data)).toEqual([
      undefined,
      "mail.Operatorx.com",
      "smtp.Operatorx.com",
      "110",
    ]);
  });

  it("leaves out nodes the server cannot read", () => {
    const tree = listed();
    tree.replace("./OperatorX/E-Mail/SMTPServer?prop=ACL", { data: "Get=Else" }, "Op");
    const r = tree.get("./OperatorX/E-Mail?list=Struct", "Op");
    expect(r.results?.map((i) => i.uri)).toEqual([
      "./OperatorX/E-Mail",
      "./OperatorX/E-Mail/POPServer",
      "./OperatorX/E-Mail/Port",
    ]);
  });

  it("TNDS gives one item holding the subtree with the default properties", () => {
    const r = listed().get("./OperatorX/E-Mail?list=TNDS", "Op");
    const item = r.results?.[0];
    expect(r.results).toHaveLength(1);
    expect(item).toMatchObject({ uri: "./OperatorX/E-Mail", format: "xml", type: tndsType });
    const tree = tndsFromElement(item?.data as Element);
    const email = tree.nodes[0];
    expect(email?.nodeName).toBe("E-Mail");
    expect(email?.rtProperties).toEqual({
      format: "node",
      tStamp: "20240601T000000Z",
      type: { kind: "DDFName", value: "com.operatorX.dm/1.0/EMail" },
      verNo: 0,
    });
    expect(email?.children.map((c) => [c.nodeName, c.value])).toEqual([
      ["POPServer", "mail.Operatorx.com"],
      ["SMTPServer", "smtp.Operatorx.com"],
      ["Port", "110"],
    ]);
  });

  it("TNDS+Value+ACL includes only the value and the ACL (and the mandatory Type)", () => {
    const tree = listed();
    tree.replace("./OperatorX/E-Mail/Port?prop=ACL", { data: "Get=Op" }, "Op");
    const item = tree.get("./OperatorX/E-Mail?list=TNDS+Value+ACL", "Op").results?.[0];
    const port = tndsFromElement(item?.data as Element).nodes[0]?.children[2];
    expect(port).toEqual({
      nodeName: "Port",
      rtProperties: { acl: "Get=Op", type: { kind: "MIME", value: "text/plain" } },
      value: "110",
      children: [],
    });
  });

  it("TNDS-Value-TStamp-VerNo drops those properties", () => {
    const item = listed().get("./OperatorX/E-Mail?list=TNDS-Value-TStamp-VerNo", "Op").results?.[0];
    const pop = tndsFromElement(item?.data as Element).nodes[0]?.children[0];
    expect(pop).toEqual({
      nodeName: "POPServer",
      rtProperties: { format: "chr", type: { kind: "MIME", value: "text/plain" } },
      children: [],
    });
  });

  it("answers 400 when + and - are mixed and 406 for an unknown property", () => {
    const tree = listed();
    expect(tree.get("./OperatorX?list=TNDS+Value-ACL", "Op").status).toBe(400);
    expect(tree.get("./OperatorX?list=TNDS+Colour", "Op").status).toBe(406);
    expect(tree.get("./OperatorX?list=Struct+ACL", "Op").status).toBe(406);
  });

  it("a TNDS object from Get can be added back under the start node's parent", () => {
    const tree = listed();
    const data = tree.get("./OperatorX/E-Mail?list=TNDS", "Op").results?.[0]?.data as Element;
    const copy = createTree();
    expect(copy.add("./OperatorX", { type: tndsType, data: encodeXmlString(data) }, undefined).status).toBe(
      200,
    );
    expect(copy.get("./OperatorX/E-Mail?list=StructData", undefined).results).toEqual(
      tree.get("./OperatorX/E-Mail?list=StructData", undefined).results,
    );
  });

  it("fromTnds adds a model and toTnds gives it back", () => {
    const tree = createTree();
    const model = tndsFromElement(element(emailTnds));
    expect(tree.fromTnds("./OperatorX", model).status).toBe(200);
    const back = tree.toTnds("./OperatorX/E-Mail", { mode: "+", properties: ["Format", "Value"] });
    expect(back?.nodes[0]?.children.map((c) => c.value)).toEqual([
      "mail.Operatorx.com",
      "smtp.Operatorx.com",
      "110",
    ]);
  });

  it("toTnds of the root lists its children as top-level nodes", () => {
    const tree: MgmtTree | undefined = listed().toTnds(".");
    expect(tree?.nodes.map((n) => n.nodeName)).toEqual(["OperatorX"]);
  });
});
