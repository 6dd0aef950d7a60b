import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { DecodeError } from "../errors.js";
import { el } from "../element.js";
import {
  cpCharacteristic,
  cpCharacteristicsOf,
  cpParm,
  cpParmValue,
  type CpDocument,
} from "./cp-document.js";
import { cpFromElement } from "./cp-element.js";
import { decodeCp, encodeCp } from "./cp-encoding.js";

const fixtures = new URL("../../../../../shared/fixtures/", import.meta.url);
const provFixtures = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `libwbxml/prov/prov-00${n}.xml`);
const read = (path: string) => new Uint8Array(readFileSync(new URL(path, fixtures)));

const work = mkdtempSync(join(tmpdir(), "omadm-cp-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function libwbxml(
  tool: "xml2wbxml" | "wbxml2xml",
  input: Uint8Array,
  args: string[] = [],
): Uint8Array | undefined {
  const inFile = join(work, `in-${tool}`);
  const outFile = join(work, `out-${tool}`);
  writeFileSync(inFile, input);
  try {
    execFileSync(tool, [...args, "-o", outFile, inFile], { stdio: "ignore" });
    return new Uint8Array(readFileSync(outFile));
  } catch {
    return undefined;
  }
}

const hasLibwbxml = libwbxml("xml2wbxml", new TextEncoder().encode("<wap-provisioningdoc/>")) !== undefined;

it("has Debian's libwbxml tools to check against (libwbxml2-utils)", () => {
  expect(hasLibwbxml).toBe(true);
});

// A w7 DM account as in fact sheet §8.5 (Microsoft's bootstrap example), plus a NAPDEF it names.
const w7Doc: CpDocument = {
  version: "1.1",
  characteristics: [
    cpCharacteristic("NAPDEF", [
      cpParm("NAPID", "ABCGPRS1"),
      cpParm("BEARER", "GSM-GPRS"),
      cpParm("NAP-ADDRESS", "internet.example"),
      cpParm("NAP-ADDRTYPE", "APN"),
    ]),
    cpCharacteristic("APPLICATION", [
      cpParm("APPID", "w7"),
      cpParm("PROVIDER-ID", "com.mgmtsrv.manage"),
      cpParm("NAME", "Mgmt Server"),
      cpParm("TO-NAPID", "ABCGPRS1"),
      cpParm("INIT"),
      cpCharacteristic("APPADDR", [
        cpParm("ADDR", "https://www.mgmtserver.com/manage"),
        cpParm("ADDRTYPE", "URI"),
        cpCharacteristic("PORT", [cpParm("PORTNBR", "8080")]),
      ]),
      cpCharacteristic("APPAUTH", [
        cpParm("AAUTHLEVEL", "APPSRV"),
        cpParm("AAUTHTYPE", "DIGEST"),
        cpParm("AAUTHNAME", "device-1"),
        cpParm("AAUTHSECRET", "clientsecret"),
        cpParm("AAUTHDATA", "ZG9iZWhhdmUNCg=="),
      ]),
      cpCharacteristic("APPAUTH", [
        cpParm("AAUTHLEVEL", "CLIENT"),
        cpParm("AAUTHTYPE", "DIGEST"),
        cpParm("AAUTHNAME", "com.mgmtsrv.manage"),
        cpParm("AAUTHSECRET", "srvsecret"),
      ]),
    ]),
  ],
};

describe("CP documents", () => {
  it.each(provFixtures)("parses the libwbxml fixture %s", (path) => {
    const doc = decodeCp(read(path));
    expect(doc.characteristics.length).toBeGreaterThan(0);
    expect(["1.0", "1.1"]).toContain(doc.version);
  });

  it("reads prov-008's APPLICATION w4 and a value-less RULE parm", () => {
    const doc = decodeCp(read("libwbxml/prov/prov-008.xml"));
    const [app] = cpCharacteristicsOf(doc, "APPLICATION");
    expect(app && cpParmValue(app, "APPID")).toBe("w4");
    const access = cpCharacteristicsOf(doc, "ACCESS")[0];
    expect(access?.children).toContainEqual({ kind: "parm", name: "RULE" });
  });

  it.each(provFixtures)("decodes libwbxml's WBXML of %s to the same document", (path) => {
    const xml = read(path);
    const wbxml = libwbxml("xml2wbxml", xml, ["-v", "1.3"]);
    expect(wbxml).toBeDefined();
    expect(decodeCp(wbxml!)).toEqual(decodeCp(xml));
  });

  it.each(provFixtures)("writes WBXML of %s that libwbxml decodes to the same document", (path) => {
    const doc = decodeCp(read(path));
    const back = libwbxml("wbxml2xml", encodeCp(doc));
    expect(back).toBeDefined();
    expect(decodeCp(back!)).toEqual(doc);
  });

  it("starts its WBXML with version 1.3, public id 0x0B and UTF-8", () => {
    expect(Buffer.from(encodeCp(w7Doc).subarray(0, 3)).toString("hex")).toBe("030b6a");
  });

  it("round-trips a w7 document through WBXML and XML", () => {
    expect(decodeCp(encodeCp(w7Doc))).toEqual(w7Doc);
    const xml = encodeCp(w7Doc, { encoding: "xml" });
    expect(new TextDecoder().decode(xml)).toContain(
      '<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN"',
    );
    expect(decodeCp(xml)).toEqual(w7Doc);
  });

  it.each([
    ["another root", el("SyncML", "", [], []), "root element"],
    [
      "a characteristic without a type",
      el("wap-provisioningdoc", "", [el("characteristic", "")]),
      "without a type",
    ],
    [
      "a parm without a name",
      el("wap-provisioningdoc", "", [
        el("characteristic", "", [el("parm", "")], [{ name: "type", value: "X" }]),
      ]),
      "without a name",
    ],
    ["an unknown element", el("wap-provisioningdoc", "", [el("parm", "")]), "not allowed"],
  ])("refuses %s with CP_INVALID", (_, root, message) => {
    expect(() => cpFromElement(root)).toThrow(message);
    try {
      cpFromElement(root);
    } catch (e) {
      expect((e as DecodeError).code).toBe("CP_INVALID");
    }
  });

  it("reports the byte offset of a bad element in XML", () => {
    const xml = new TextEncoder().encode(
      '<wap-provisioningdoc><characteristic type="A"><parm/></characteristic></wap-provisioningdoc>',
    );
    try {
      decodeCp(xml);
      expect.unreachable();
    } catch (e) {
      expect((e as DecodeError).offset).toBe(46);
    }
  });
});

const name = fc.stringMatching(/^[A-Z][A-Z0-9-]{0,12}$/);
const value = fc.string({ maxLength: 20 }).filter((s) => !/[\u0000-\u001f\ufffe\uffff\ud800-\udfff]/.test(s));
const cpTree = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ kind: fc.constant("parm" as const), name, value }),
    fc.record({ kind: fc.constant("parm" as const), name }),
    tie("char"),
  ),
  char: fc.record({
    kind: fc.constant("characteristic" as const),
    type: name,
    children: fc.array(tie("node"), { minLength: 1, maxLength: 4 }),
  }),
}));
const cpDoc = fc.record({
  version: fc.constantFrom("1.0", "1.1"),
  characteristics: fc.array(cpTree.char, { minLength: 1, maxLength: 3 }),
}) as fc.Arbitrary<CpDocument>;

describe("CP properties", () => {
  it("decodes what it encodes, in WBXML and in XML", () => {
    fc.assert(
      fc.property(cpDoc, (doc) => {
        expect(decodeCp(encodeCp(doc))).toEqual(doc);
        expect(decodeCp(encodeCp(doc, { encoding: "xml" }))).toEqual(doc);
      }),
      { numRuns: 200 },
    );
  });

  it("gives a document or a DecodeError for any bytes, and for mutated WBXML", () => {
    const base = encodeCp(w7Doc);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 80 }),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }).map((muts) => {
            const b = base.slice();
            for (const [at, v] of muts) b[at % b.length] = v;
            return b;
          }),
        ),
        (bytes) => {
          try {
            decodeCp(bytes);
          } catch (e) {
            if (!(e instanceof DecodeError)) throw e;
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
