// The omadm command as a user runs it: the built bin in a child process, files and stdin.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  decodePackage0,
  decodeSyncML,
  encodeDm2Notification,
  encodeSyncML,
  encodeUserDataHeader,
  encodeWspPush,
  verifyPackage0,
} from "@omadm/protocol";

const bin = fileURLToPath(new URL("../../packages/cli/bin/omadm.js", import.meta.url));
const fixtures = fileURLToPath(new URL("../../../shared/fixtures/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "omadm-cli-"));

function omadm(args: string[], input?: Uint8Array | string) {
  const r = spawnSync(process.execPath, [bin, ...args], { input, maxBuffer: 1 << 24 });
  return {
    code: r.status,
    stdout: r.stdout,
    text: r.stdout.toString("utf8"),
    stderr: r.stderr.toString("utf8"),
  };
}

describe("omadm decode", () => {
  it("prints a WBXML fixture as SyncML XML", () => {
    const r = omadm(["decode", join(fixtures, "cyanogenmod-oma-dm/dm12/testget.wbxml")]);
    expect(r.code).toBe(0);
    expect(r.text).toContain("<LocURI>./DevDetail/URI/MaxDepth</LocURI>");
    expect(r.text).toContain("<SessionID>22100</SessionID>");
  });

  it("prints the typed model as JSON with --json", () => {
    const r = omadm(["decode", "--json", join(fixtures, "cyanogenmod-oma-dm/dm12/testgetscript.xml")]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.text);
    expect(json.kind).toBe("syncml");
    expect(json.encoding).toBe("xml");
    const get = json.message.body.find((c: { kind: string }) => c.kind === "Get");
    expect(get.items[0].target.locUri).toBe("./DevInfo/DevId");
  });

  it("reads standard input when the file is -", () => {
    const r = omadm(["decode", "-"], readFileSync(join(fixtures, "libwbxml/ddf/ddf-001.ddf")));
    expect(r.code).toBe(0);
    expect(r.text).toContain("<MgmtTree");
    expect(r.text).toContain("POPServer");
  });

  it("decodes a Package 0, a DM 2.0 notification and DM 2.0 text documents", () => {
    const pkg0 = omadm([
      "notification",
      "--server-id",
      "com.mgmtsrv.manage",
      "--secret",
      "srvsecret",
      "--session-id",
      "1234",
      "--ui-mode",
      "background",
    ]).stdout;
    const p = omadm(["decode", "-"], pkg0);
    expect(p.code).toBe(0);
    expect(p.text).toContain("Package 0");
    expect(p.text).toContain("com.mgmtsrv.manage");
    expect(p.text).toContain('SessionID "1234"');

    const n = encodeDm2Notification({
      uiMode: "informative",
      initiator: "server",
      sendDevDetail: true,
      sendSupportedMos: false,
      sendAllMoInstances: false,
      url: "https://dm.example.com/dm20",
    });
    const d = omadm(["decode", "--json", "-"], n);
    expect(d.code).toBe(0);
    expect(JSON.parse(d.text)).toMatchObject({
      kind: "dm2-notification",
      notification: { url: "https://dm.example.com/dm20" },
    });

    const commands = omadm(
      ["decode", "--json", "-"],
      "MsgID 1\r\nGET http://h/x.tnds20 oma:mo:oma-mms:1.3/3\r\nEND\r\n",
    );
    expect(JSON.parse(commands.text).kind).toBe("dm2-commands");
    const status = omadm(["decode", "--json", "-"], "MsgID 1\r\n200\r\n200 oma:mo:oma-connmo:1.0/MMS\r\n");
    expect(JSON.parse(status.text).kind).toBe("dm2-status");
  });

  it("unwraps SMS user data and a WSP push down to the Package 0 inside", () => {
    const pkg0 = omadm(["notification", "--server-id", "srv", "--secret", "x", "--session-id", "AB"]).stdout;
    const push = encodeWspPush({
      transactionId: 1,
      contentType: { code: 0x44 },
      applicationId: 7,
      body: new Uint8Array(pkg0),
    });
    const udh = encodeUserDataHeader({ ports: { destination: 2948, source: 9200, bits: 16 } });
    const r = omadm(["decode", "--json", "-"], Buffer.concat([udh, push]));
    expect(r.code).toBe(0);
    const json = JSON.parse(r.text);
    expect(json.kind).toBe("sms");
    expect(json.content.kind).toBe("wsp-push");
    expect(json.content.content.kind).toBe("package0");
    expect(json.content.content.package0.serverId).toBe("srv");
  });

  it("exits 1 with the error code and byte offset for a malformed message", () => {
    const r = omadm(["decode", "-"], "<SyncML><SyncHdr></SyncML>");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/XML_MALFORMED at byte \d+/);
  });

  it("refuses raw & in strict mode and accepts it with --lenient", () => {
    const file = join(fixtures, "cyanogenmod-oma-dm/dm12/testalertconfirm.xml");
    expect(omadm(["decode", file]).code).toBe(1);
    const r = omadm(["decode", "--lenient", "--json", file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.text).message.body[0].data).toBe(1101);
  });

  it("exits 1 with a one-line message for a file that does not exist", () => {
    const r = omadm(["decode", join(dir, "no-such-file.wbxml")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^omadm: ENOENT: no such file or directory/);
    expect(r.stderr).not.toContain("    at ");
  });

  it("exits 1 for bytes that are no DM format", () => {
    const r = omadm(["decode", "-"], Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("DECODE_UNKNOWN_FORMAT");
  });
});

describe("omadm encode", () => {
  it("turns XML into WBXML 1.3 with a string table and back into the same message", () => {
    const src = join(fixtures, "cyanogenmod-oma-dm/dm12/testnewdatatype.xml");
    const out = join(dir, "newdatatype.wbxml");
    const r = omadm(["encode", "--to", "wbxml", "--wbxml-version", "1.3", "--string-table", "-o", out, src]);
    expect(r.code).toBe(0);
    const wbxml = readFileSync(out);
    expect(wbxml[0]).toBe(0x03);
    expect(decodeSyncML(new Uint8Array(wbxml))).toEqual(decodeSyncML(new Uint8Array(readFileSync(src))));
    const back = omadm(["encode", "--to", "xml", out]);
    expect(back.code).toBe(0);
    expect(decodeSyncML(new Uint8Array(back.stdout))).toEqual(
      decodeSyncML(new Uint8Array(readFileSync(src))),
    );
  });

  it("converts a TNDS document to WBXML", () => {
    const out = join(dir, "ddf.wbxml");
    expect(
      omadm(["encode", "--to", "wbxml", "-o", out, join(fixtures, "libwbxml/ddf/ddf-001.ddf")]).code,
    ).toBe(0);
    expect(omadm(["decode", out]).text).toContain("POPServer");
  });

  it("is a usage error without --to or for a binary input", () => {
    expect(omadm(["encode", join(fixtures, "libwbxml/ddf/ddf-001.ddf")]).code).toBe(2);
    const pkg0 = omadm(["notification", "--server-id", "s", "--secret", "x", "--session-id", "1"]).stdout;
    expect(omadm(["encode", "--to", "xml", "-"], pkg0).code).toBe(2);
  });
});

describe("omadm notification", () => {
  it("writes a Package 0 that verifies with the given secret and nonce", () => {
    const nonce = Buffer.from("0123456789abcdef").toString("base64");
    const out = join(dir, "pkg0.bin");
    const r = omadm([
      "notification",
      "--server-id",
      "com.mgmtsrv.manage",
      "--secret",
      "srvsecret",
      "--nonce",
      nonce,
      "--session-id",
      "1234",
      "--ui-mode",
      "interactive",
      "--initiator",
      "user",
      "-o",
      out,
    ]);
    expect(r.code).toBe(0);
    const pkg = decodePackage0(new Uint8Array(readFileSync(out)));
    expect(pkg).toMatchObject({
      version: 11,
      uiMode: "user-interaction",
      initiator: "user",
      sessionId: 0x1234,
    });
    expect(verifyPackage0(pkg, { serverPassword: "srvsecret" }, Buffer.from("0123456789abcdef"))).toBe(
      "stored",
    );
    expect(verifyPackage0(pkg, { serverPassword: "wrong" }, Buffer.from("0123456789abcdef"))).toBe("none");
  });

  it("reproduces the fact sheet's computed vector with the default resync nonce", () => {
    const r = omadm([
      "notification",
      "--server-id",
      "com.mgmtsrv.manage",
      "--secret",
      "srvsecret",
      "--session-id",
      "1234",
      "--ui-mode",
      "background",
    ]);
    // §5.5 uses initiator 1 (server), ui-mode 1, nonce = 4 zero bytes.
    expect(r.stdout.subarray(0, 16).toString("hex")).toBe("9b402240ff52f5c61a385b59aa102cf8");
  });

  it("is a usage error without a server id or with a session id over 16 bits", () => {
    expect(omadm(["notification", "--secret", "x", "--session-id", "1"]).code).toBe(2);
    expect(omadm(["notification", "--server-id", "s", "--secret", "x", "--session-id", "12345"]).code).toBe(
      2,
    );
  });
});

it("round-trips a typed message through the CLI in both encodings", () => {
  const msg = decodeSyncML(
    new Uint8Array(readFileSync(join(fixtures, "cyanogenmod-oma-dm/dm12/testreplace.wbxml"))),
  );
  const xmlFile = join(dir, "replace.xml");
  writeFileSync(xmlFile, encodeSyncML(msg, { encoding: "xml" }));
  const r = omadm(["encode", "--to", "wbxml", xmlFile]);
  expect(decodeSyncML(new Uint8Array(r.stdout))).toEqual(msg);
});
