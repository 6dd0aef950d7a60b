// Interop with libwbxml, the reference C implementation: wbxml2xml must read what we write, and
// we must read what xml2wbxml writes. Both tools come from Debian's libwbxml2-utils (.ci/run).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isElement, stripOffsets, type Child, type Element } from "../element.js";
import { decodeXml } from "../xml/index.js";
import { decodeWbxml, decodeWbxmlDocument } from "./decode-wbxml.js";
import { encodeWbxml, type WbxmlEncodeOptions } from "./encode-wbxml.js";
import { dmddf12Language } from "./languages.js";

const fixtures = new URL("../../../../../shared/fixtures/", import.meta.url);
const fixturePath = (p: string): string => new URL(p, fixtures).pathname;
const tmp = mkdtempSync(join(tmpdir(), "omadm-wbxml-"));
let n = 0;
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function xml2wbxml(xmlFile: string, args: readonly string[]): Uint8Array {
  const out = join(tmp, `${++n}.wbxml`);
  execFileSync("xml2wbxml", [...args, "-o", out, xmlFile], { stdio: "pipe" });
  return new Uint8Array(readFileSync(out));
}

function wbxml2xml(bytes: Uint8Array): Uint8Array {
  const input = join(tmp, `${++n}.wbxml`);
  const out = join(tmp, `${n}.xml`);
  writeFileSync(input, bytes);
  execFileSync("wbxml2xml", ["-m", "0", "-k", "-o", out, input], { stdio: "pipe" });
  return new Uint8Array(readFileSync(out));
}

/**
 * The tree as libwbxml's encoder sees it: it writes SyncML Data text as OPAQUE (read back here as
 * UTF-8 text) and, unless told to keep whitespace (-k), trims text. XML without xmlns gets `ns`.
 */
function asLibwbxmlSees(e: Element, ns: string, trim: boolean): Element {
  const children: Child[] = [];
  for (const c of e.children) {
    if (isElement(c)) {
      children.push(asLibwbxmlSees(c, ns, trim));
      continue;
    }
    let s = typeof c === "string" ? c : new TextDecoder().decode(c);
    if (trim) s = s.trim();
    const last = children.at(-1);
    if (typeof last === "string") children[children.length - 1] = last + s;
    else if (s !== "") children.push(s);
  }
  const out = { name: e.name, ns: e.ns === "" ? ns : e.ns, children };
  return e.attributes === undefined ? out : { ...out, attributes: e.attributes };
}

const encodeOptions: readonly (WbxmlEncodeOptions | undefined)[] = [
  undefined,
  { stringTable: true },
  { publicId: "string" },
  { version: 1 },
  { version: 3, stringTable: true, publicId: "numeric" },
];
const xml2wbxmlArgs: readonly (readonly string[])[] = [
  ["-v", "1.2"],
  ["-v", "1.3"],
  ["-n", "-v", "1.2"],
  ["-n", "-v", "1.3"],
  ["-k"],
];

describe("wbxml2xml reads what encodeWbxml writes", () => {
  it.each(["testadd", "testdelete", "testget", "testreplace"])("for the Motorola %s.wbxml tree", (name) => {
    const tree = stripOffsets(
      decodeWbxml(new Uint8Array(readFileSync(fixturePath(`cyanogenmod-oma-dm/dm12/${name}.wbxml`)))),
    );
    for (const options of encodeOptions) {
      const xml = wbxml2xml(encodeWbxml(tree, options));
      expect(stripOffsets(decodeXml(xml)), JSON.stringify(options)).toEqual(tree);
    }
  });

  it.each(["001", "002", "003", "004", "005", "006", "007", "008"])("for CP document prov-%s.xml", (id) => {
    const tree = stripOffsets(decodeXml(readFileSync(fixturePath(`libwbxml/prov/prov-${id}.xml`))));
    for (const options of encodeOptions) {
      const xml = wbxml2xml(encodeWbxml(tree, options));
      expect(stripOffsets(decodeXml(xml)), JSON.stringify(options)).toEqual(tree);
    }
  });

  it("for a w7 DM account CP document (attribute page 1)", () => {
    const tree = stripOffsets(
      decodeXml(
        `<wap-provisioningdoc version="1.0"><characteristic type="APPLICATION">` +
          `<parm name="APPID" value="w7"/><parm name="PROVIDER-ID" value="com.example.dm"/>` +
          `<parm name="NAME" value="Example DM"/><parm name="ADDR" value="https://dm.example.com/dm"/>` +
          `<characteristic type="APPAUTH"><parm name="AAUTHLEVEL" value="APPSRV"/>` +
          `<parm name="AAUTHTYPE" value="HTTP-DIGEST"/><parm name="AAUTHNAME" value="srv"/>` +
          `<parm name="AAUTHSECRET" value="s3cret"/></characteristic>` +
          `<characteristic type="APPAUTH"><parm name="AAUTHLEVEL" value="CLIENT"/>` +
          `<parm name="AAUTHTYPE" value="DIGEST"/></characteristic></characteristic></wap-provisioningdoc>`,
      ),
    );
    for (const options of encodeOptions) {
      expect(stripOffsets(decodeXml(wbxml2xml(encodeWbxml(tree, options))))).toEqual(tree);
    }
  });

  it("for the syncml-012.xml DM 1.1 package and the ddf-001.ddf TNDS document", () => {
    for (const file of ["libwbxml/syncml/syncml-012.xml", "libwbxml/ddf/ddf-001.ddf"]) {
      const xmlTree = stripOffsets(decodeXml(readFileSync(fixturePath(file))));
      // Elements without xmlns come back with their code page's namespace.
      const tree = stripOffsets(decodeWbxml(encodeWbxml(xmlTree)));
      expect(stripOffsets(decodeXml(wbxml2xml(encodeWbxml(tree))))).toEqual(tree);
    }
  });
});

describe("decodeWbxml reads what xml2wbxml writes", () => {
  it.each(["001", "002", "003", "004", "005", "006", "007", "008"])("for CP document prov-%s.xml", (id) => {
    const file = fixturePath(`libwbxml/prov/prov-${id}.xml`);
    const xmlTree = stripOffsets(decodeXml(readFileSync(file)));
    for (const args of xml2wbxmlArgs) {
      const expected = asLibwbxmlSees(xmlTree, "", !args.includes("-k"));
      expect(stripOffsets(decodeWbxml(xml2wbxml(file, args))), args.join(" ")).toEqual(expected);
    }
  });

  it("for the syncml-012.xml DM 1.1 package (numeric id 0x0FD3, Data as OPAQUE)", () => {
    const file = fixturePath("libwbxml/syncml/syncml-012.xml");
    const xmlTree = stripOffsets(decodeXml(readFileSync(file)));
    for (const args of xml2wbxmlArgs) {
      const doc = decodeWbxmlDocument(xml2wbxml(file, args));
      expect(doc.publicId, args.join(" ")).toBe(0x0fd3);
      const expected = asLibwbxmlSees(xmlTree, "SYNCML:SYNCML1.1", !args.includes("-k"));
      expect(asLibwbxmlSees(stripOffsets(doc.root), "", false), args.join(" ")).toEqual(expected);
    }
  });

  it("for the ddf-001.ddf TNDS document (string id, page 2)", () => {
    const file = fixturePath("libwbxml/ddf/ddf-001.ddf");
    const xmlTree = stripOffsets(decodeXml(readFileSync(file)));
    for (const args of xml2wbxmlArgs) {
      const doc = decodeWbxmlDocument(xml2wbxml(file, args));
      expect(doc.language).toBe(dmddf12Language);
      const expected = asLibwbxmlSees(xmlTree, "", !args.includes("-k"));
      expect(asLibwbxmlSees(stripOffsets(doc.root), "", false), args.join(" ")).toEqual(expected);
    }
  });

  it("for SyncML with inline TNDS, which libwbxml nests as a WBXML document in OPAQUE Data", () => {
    const file = fixturePath("libwbxml/ddf/syncml_with_ddf-001.xml");
    const root = decodeWbxml(xml2wbxml(file, ["-v", "1.2"]));
    const data = findAll(root, "Data").find((d) => d.children[0] instanceof Uint8Array);
    const nested = data?.children[0];
    expect(nested).toBeInstanceOf(Uint8Array);
    const tnds = decodeWbxml(nested as Uint8Array);
    const inline = findAll(stripOffsets(decodeXml(readFileSync(file))), "MgmtTree")[0];
    expect(stripOffsets(tnds)).toEqual(inline && asLibwbxmlSees(inline, "", true));
  });
});

function findAll(e: Element, name: string): Element[] {
  const out: Element[] = [];
  const walk = (x: Element): void => {
    if (x.name === name) out.push(x);
    for (const c of x.children) if (isElement(c)) walk(c);
  };
  walk(e);
  return out;
}
