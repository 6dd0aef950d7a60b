import { describe, expect, it } from "vitest";
import { createTree } from "./management-tree.js";
import type { ManagementTree } from "./management-tree.js";

const t0 = Date.UTC(2024, 0, 2, 3, 4, 5);

function fixedClock(start = t0): { clock: () => Date; advance: (ms: number) => void } {
  let now = start;
  return { clock: () => new Date(now), advance: (ms) => (now += ms) };
}

function openTree(): ManagementTree {
  const tree = createTree({ clock: fixedClock().clock });
  // A server-owned area where S1 may do everything.
  expect(tree.add("./Vendor", { format: "node" }, undefined).status).toBe(200);
  expect(
    tree.replace("./Vendor?prop=ACL", { data: "Add=*&Delete=*&Exec=*&Get=*&Replace=*" }, undefined).status,
  ).toBe(200);
  return tree;
}

describe("the root", () => {
  it("exists from the start as an interior node with ACL Add=*&Get=*", () => {
    const tree = createTree();
    expect(tree.get(".", "S1")).toEqual({
      status: 200,
      results: [{ uri: ".", format: "node", type: "", data: "" }],
    });
    expect(tree.get(".?prop=ACL", "S1").results?.[0]?.data).toBe("Add=*&Get=*");
  });

  it("cannot be added (418), deleted (405) or renamed (405)", () => {
    const tree = createTree();
    expect(tree.add(".", { format: "node" }, "S1").status).toBe(418);
    expect(tree.delete(".", undefined).status).toBe(405);
    expect(tree.replace(".?prop=Name", { data: "x" }, undefined).status).toBe(405);
  });
});

describe("Add", () => {
  it("creates a leaf with the default Format chr and Type text/plain", () => {
    const tree = createTree();
    expect(tree.add("./A", { data: "hello" }, "S1")).toEqual({ status: 200, uri: "./A" });
    expect(tree.get("./A", undefined).results).toEqual([
      { uri: "./A", format: "chr", type: "text/plain", data: "hello", size: 5 },
    ]);
  });

  it("treats ./A and A as the same node", () => {
    const tree = createTree();
    tree.add("A", { data: "x" }, "S1");
    expect(tree.get("./A", "S1").status).toBe(200);
    expect(tree.add("./A", { data: "y" }, "S1").status).toBe(418);
  });

  it("answers 418 for a node that exists", () => {
    const tree = openTree();
    tree.add("./Vendor/X", { data: "1" }, "S1");
    expect(tree.add("./Vendor/X", { data: "2" }, "S1").status).toBe(418);
  });

  it("creates an interior node for Format node, with the MO identifier as Type", () => {
    const tree = openTree();
    expect(tree.add("./Vendor/MO", { format: "node", type: "urn:x:mo:1.0" }, "S1").status).toBe(200);
    expect(tree.get("./Vendor/MO?prop=Type", "S1").results?.[0]?.data).toBe("urn:x:mo:1.0");
    expect(tree.get("./Vendor/MO?prop=Format", "S1").results?.[0]?.data).toBe("node");
  });

  it("creates missing interior parents implicitly", () => {
    const tree = openTree();
    expect(tree.add("./Vendor/a/b/c", { data: "v" }, "S1").status).toBe(200);
    expect(tree.get("./Vendor/a/b", "S1").results?.[0]).toMatchObject({ format: "node", data: "c" });
  });

  it("refuses a child under a leaf with 405 and changes nothing", () => {
    const tree = openTree();
    tree.add("./Vendor/leaf", { data: "v" }, "S1");
    const before = JSON.stringify(tree.exportState());
    expect(tree.add("./Vendor/leaf/x/y", { data: "v" }, "S1").status).toBe(405);
    expect(JSON.stringify(tree.exportState())).toBe(before);
  });

  it("refuses Add on a property with 405", () => {
    const tree = openTree();
    expect(tree.add("./Vendor?prop=Title", { data: "t" }, "S1").status).toBe(405);
  });

  it("decodes Format b64 and stores the bytes with Format bin", () => {
    const tree = openTree();
    expect(
      tree.add("./Vendor/B", { format: "b64", type: "application/octet-stream", data: "AAEC/w==" }, "S1")
        .status,
    ).toBe(200);
    const r = tree.get("./Vendor/B", "S1").results?.[0];
    expect(r?.format).toBe("bin");
    expect(r?.data).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(tree.get("./Vendor/B?prop=Size", "S1").results?.[0]?.data).toBe("4");
  });

  it("answers 400 for base64 that does not decode", () => {
    const tree = openTree();
    expect(tree.add("./Vendor/B", { format: "b64", data: "A*==" }, "S1").status).toBe(400);
  });

  it.each([
    ["int", "42", 200],
    ["int", "-2147483648", 200],
    ["int", "2147483648", 400],
    ["int", "4x", 400],
    ["bool", "true", 200],
    ["bool", "yes", 400],
    ["float", "1.5e3", 200],
    ["float", "abc", 400],
    ["date", "2024-02-29", 200],
    ["date", "2023-02-29", 400],
    ["time", "23:59:59Z", 200],
    ["time", "24:00:00", 400],
    ["chr", "anything", 200],
    ["foo", "x", 415],
  ])("validates Format %s value %j with status %i", (format, data, status) => {
    const tree = openTree();
    expect(tree.add("./Vendor/V", { format, data }, "S1").status).toBe(status);
  });

  it("counts Size in UTF-8 bytes", () => {
    const tree = openTree();
    tree.add("./Vendor/U", { data: "h\u00e9\u20ac" }, "S1");
    expect(tree.get("./Vendor/U?prop=Size", "S1").results?.[0]?.data).toBe("6");
  });
});

describe("Get", () => {
  it("lists the child names of an interior node separated by /", () => {
    const tree = openTree();
    tree.add("./Vendor/a", { data: "1" }, "S1");
    tree.add("./Vendor/b", { format: "node" }, "S1");
    expect(tree.get("./Vendor", "S1").results?.[0]).toEqual({
      uri: "./Vendor",
      format: "node",
      type: "",
      data: "a/b",
    });
  });

  it("answers 404 for a missing node", () => {
    expect(createTree().get("./nope", "S1").status).toBe(404);
  });

  it.each(["./", "/A", "A/", "A//B", "./A/../B", "./A/./B", ""])(
    "answers 400 for the malformed URI %j",
    (uri) => {
      expect(createTree().get(uri, "S1").status).toBe(400);
    },
  );

  it("answers 406 for an unknown property and for an unknown list form", () => {
    const tree = openTree();
    expect(tree.get("./Vendor?prop=Colour", "S1").status).toBe(406);
    expect(tree.get("./Vendor?list=Everything", "S1").status).toBe(406);
    expect(tree.get("./Vendor?sort=up", "S1").status).toBe(406);
  });

  it("answers 406 for the Size of an interior node", () => {
    expect(openTree().get("./Vendor?prop=Size", "S1").status).toBe(406);
  });

  it("returns every property of a leaf", () => {
    const clock = fixedClock();
    const tree = createTree({ clock: clock.clock });
    tree.add("./L", { format: "int", type: "text/plain", data: "7" }, undefined);
    const prop = (p: string): unknown => tree.get(`./L?prop=${p}`, undefined).results?.[0]?.data;
    expect(prop("ACL")).toBe("");
    expect(prop("Format")).toBe("int");
    expect(prop("Name")).toBe("L");
    expect(prop("Size")).toBe("1");
    expect(prop("Title")).toBe("");
    expect(prop("TStamp")).toBe("20240102T030405Z");
    expect(prop("Type")).toBe("text/plain");
    expect(prop("VerNo")).toBe("0");
  });

  it("names the property URI as the Results Source", () => {
    const tree = openTree();
    expect(tree.get("./Vendor?prop=Name", "S1").results?.[0]?.uri).toBe("./Vendor?prop=Name");
  });
});

describe("Replace", () => {
  it("replaces a leaf value and keeps the Format when Meta is absent", () => {
    const tree = openTree();
    tree.add("./Vendor/N", { format: "int", data: "1" }, "S1");
    expect(tree.replace("./Vendor/N", { data: "2" }, "S1").status).toBe(200);
    expect(tree.get("./Vendor/N", "S1").results?.[0]).toMatchObject({ format: "int", data: "2" });
    expect(tree.replace("./Vendor/N", { data: "two" }, "S1").status).toBe(400);
  });

  it("answers 404 and creates nothing for a missing node", () => {
    const tree = openTree();
    expect(tree.replace("./Vendor/none", { data: "x" }, "S1").status).toBe(404);
    expect(tree.get("./Vendor/none", "S1").status).toBe(404);
  });

  it("maintains TStamp and VerNo on every change", () => {
    const clock = fixedClock();
    const tree = createTree({ clock: clock.clock });
    tree.add("./L", { data: "a" }, undefined);
    clock.advance(61_000);
    tree.replace("./L", { data: "b" }, undefined);
    expect(tree.get("./L?prop=VerNo", undefined).results?.[0]?.data).toBe("1");
    expect(tree.get("./L?prop=TStamp", undefined).results?.[0]?.data).toBe("20240102T030506Z");
  });

  it("wraps VerNo from 65535 to 0", () => {
    const tree = createTree();
    tree.add("./L", { data: "0" }, undefined);
    const state = tree.exportState();
    const leaf = state.root.children?.[0];
    tree.importState({ ...state, root: { ...state.root, children: [{ ...leaf, verNo: 65535 }] } });
    tree.replace("./L", { data: "1" }, undefined);
    expect(tree.get("./L?prop=VerNo", undefined).results?.[0]?.data).toBe("0");
  });

  it("refuses to turn a leaf into an interior node (405)", () => {
    const tree = openTree();
    tree.add("./Vendor/L", { data: "a" }, "S1");
    expect(tree.replace("./Vendor/L", { format: "node" }, "S1").status).toBe(405);
  });

  it("refuses Replace of Format, Type, Size, TStamp and VerNo properties (405)", () => {
    const tree = openTree();
    tree.add("./Vendor/L", { data: "a" }, "S1");
    for (const p of ["Format", "Type", "Size", "TStamp", "VerNo"]) {
      expect(tree.replace(`./Vendor/L?prop=${p}`, { data: "x" }, "S1").status).toBe(405);
    }
  });

  it("renames a node, keeping its place among its siblings", () => {
    const tree = openTree();
    for (const n of ["a", "b", "c"]) tree.add(`./Vendor/${n}`, { data: n }, "S1");
    expect(tree.replace("./Vendor/b?prop=Name", { data: "B" }, "S1").status).toBe(200);
    expect(tree.get("./Vendor", "S1").results?.[0]?.data).toBe("a/B/c");
    expect(tree.get("./Vendor/B", "S1").results?.[0]?.data).toBe("b");
  });

  it("refuses a rename to a sibling's name with 418 and a bad name with 400", () => {
    const tree = openTree();
    tree.add("./Vendor/a", { data: "a" }, "S1");
    tree.add("./Vendor/b", { data: "b" }, "S1");
    expect(tree.replace("./Vendor/a?prop=Name", { data: "b" }, "S1").status).toBe(418);
    expect(tree.replace("./Vendor/a?prop=Name", { data: "x/y" }, "S1").status).toBe(400);
    expect(tree.replace("./Vendor/a?prop=Name", { data: ".." }, "S1").status).toBe(400);
  });

  it("sets a Title of at most 255 bytes (413 beyond)", () => {
    const tree = openTree();
    expect(tree.replace("./Vendor?prop=Title", { data: "Vendor stuff" }, "S1").status).toBe(200);
    expect(tree.get("./Vendor?prop=Title", "S1").results?.[0]?.data).toBe("Vendor stuff");
    expect(tree.replace("./Vendor?prop=Title", { data: "x".repeat(256) }, "S1").status).toBe(413);
  });
});

describe("Delete", () => {
  it("removes a node with its subtree", () => {
    const tree = openTree();
    tree.add("./Vendor/a/b", { data: "1" }, "S1");
    expect(tree.delete("./Vendor/a", "S1").status).toBe(200);
    expect(tree.get("./Vendor/a/b", "S1").status).toBe(404);
    expect(tree.get("./Vendor", "S1").results?.[0]?.data).toBe("");
  });

  it("answers 404 for a missing node and 405 for a property", () => {
    const tree = openTree();
    expect(tree.delete("./Vendor/none", "S1").status).toBe(404);
    expect(tree.delete("./Vendor?prop=Title", "S1").status).toBe(405);
  });

  it("refuses to delete a permanent node or a subtree holding one (405); the device may", () => {
    const tree = openTree();
    tree.add("./Vendor/a/p", { data: "1" }, "S1");
    expect(tree.setPermanent("./Vendor/a/p").status).toBe(200);
    expect(tree.delete("./Vendor/a/p", "S1").status).toBe(405);
    expect(tree.delete("./Vendor/a", "S1").status).toBe(405);
    expect(tree.replace("./Vendor/a/p?prop=Name", { data: "q" }, "S1").status).toBe(405);
    expect(tree.delete("./Vendor/a", undefined).status).toBe(200);
  });

  it("refuses to change the Format or Type of a permanent leaf (405) but accepts a new value", () => {
    const tree = createTree();
    tree.define("./DevInfo/Man", { data: "ACME" });
    tree.replace("./DevInfo/Man?prop=ACL", { data: "Get=*&Replace=S1" }, undefined);
    expect(tree.replace("./DevInfo/Man", { format: "int", data: "1" }, "S1").status).toBe(405);
    expect(tree.replace("./DevInfo/Man", { type: "text/html", data: "x" }, "S1").status).toBe(405);
    expect(tree.replace("./DevInfo/Man", { data: "Other" }, "S1").status).toBe(200);
  });
});

describe("Copy", () => {
  it("copies a leaf over another leaf and into a new leaf", () => {
    const tree = openTree();
    tree.add("./Vendor/src", { format: "int", data: "5" }, "S1");
    tree.add("./Vendor/dst", { data: "x" }, "S1");
    expect(tree.copy("./Vendor/dst", "./Vendor/src", "S1").status).toBe(200);
    expect(tree.get("./Vendor/dst", "S1").results?.[0]).toMatchObject({ format: "int", data: "5" });
    expect(tree.copy("./Vendor/new/leaf", "./Vendor/src", "S1").status).toBe(200);
    expect(tree.get("./Vendor/new/leaf", "S1").results?.[0]?.data).toBe("5");
  });

  it("answers 403 when the source or the target is interior, 404 when the source is missing", () => {
    const tree = openTree();
    tree.add("./Vendor/src", { data: "5" }, "S1");
    tree.add("./Vendor/dir", { format: "node" }, "S1");
    expect(tree.copy("./Vendor/x", "./Vendor/dir", "S1").status).toBe(403);
    expect(tree.copy("./Vendor/dir", "./Vendor/src", "S1").status).toBe(403);
    expect(tree.copy("./Vendor/x", "./Vendor/none", "S1").status).toBe(404);
  });

  it("needs Get on the source and Replace on an existing target (425)", () => {
    const tree = openTree();
    tree.add("./Vendor/src", { data: "5" }, "S1");
    tree.add("./Vendor/dst", { data: "x" }, "S1");
    tree.replace("./Vendor/src?prop=ACL", { data: "Get=S2" }, "S1");
    expect(tree.copy("./Vendor/dst", "./Vendor/src", "S1").status).toBe(425);
    tree.replace("./Vendor/dst?prop=ACL", { data: "Get=*" }, "S1");
    expect(tree.copy("./Vendor/dst", "./Vendor/src", "S2").status).toBe(425);
  });
});

describe("Exec", () => {
  it("answers 405 on a node without an Exec handler", () => {
    const tree = openTree();
    tree.add("./Vendor/op", { data: "" }, "S1");
    expect(tree.exec("./Vendor/op", undefined, "S1").status).toBe(405);
  });

  it("answers 404 on a missing node and 425 without the Exec right", () => {
    const tree = createTree();
    tree.add("./op", { data: "" }, undefined);
    tree.mount("./op", { exec: () => ({ status: 200 }) });
    expect(tree.exec("./none", undefined, "S1").status).toBe(404);
    expect(tree.exec("./op", undefined, "S1").status).toBe(425);
  });
});
