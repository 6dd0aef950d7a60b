import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecodeError, OmaDmError } from "../errors.js";
import { decodeDm2Commands } from "./decode-dm2-commands.js";
import type { Dm2Command, Dm2CommandDocument } from "./dm2-commands.js";
import { dm2CommandKeywords } from "./dm2-commands.js";
import { dm2StatusCodes } from "./dm2-constants.js";
import { encodeDm2Commands } from "./encode-dm2-commands.js";

const seed = readFileSync(
  new URL("../../../../../shared/seeds/004_6cc496932b55d8e6.txt", import.meta.url),
  "utf8",
);

/** Text of seed 004 after `start` (searched from `section`) up to `end`, verbatim. */
function seedExample(section: string, start: string, end?: string): string {
  const from = seed.indexOf(start, seed.indexOf(section)) + start.length;
  return seed.slice(from, end === undefined ? undefined : seed.indexOf(end, from));
}

const text = new TextDecoder();
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function decodeError(f: () => unknown): DecodeError {
  try {
    f();
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error("expected a DecodeError");
}

describe("DM 2.0 command documents from the draft's Appendix C", () => {
  it("decodes C.2: one POST of three ClientURIs to the server's upload URI", () => {
    const body = seedExample(
      "C.2 Pkg#1 Response Example",
      "Content-Type: application/dm20",
      "C.3 Pkg#2 Example",
    );
    expect(decodeDm2Commands(bytes(body))).toEqual({
      msgId: 0,
      commands: [
        {
          kind: "Post",
          serverUri: "http://169.254.2.2/DM20/9c532c4b-25bd-46e5-994a-584c50683879.tnds20",
          clientUris: ["oma:mo:oma-mms:1.3/1", "oma:mo:oma-mms:1.3/3", "oma:mo:oma-connmo:1.0/Internet"],
        },
      ],
    });
  });

  it("decodes C.4: a GET into a ClientURI and a GET that lets the client choose the place", () => {
    const body = seedExample(
      "C.4 Pkg#2 Response Example",
      "Content-Type: application/dm20",
      "C.5 Pkg#3 Example",
    );
    expect(decodeDm2Commands(bytes(body))).toEqual({
      msgId: 1,
      commands: [
        { kind: "Get", serverUri: "http://169.254.2.2/DM20/MMS13.tnds20", clientUri: "oma:mo:oma-mms:1.3/3" },
        { kind: "Get", serverUri: "http://169.254.2.2/DM20/ConnMOMMS.tnds20" },
      ],
    });
  });

  it("decodes C.6: END closes the session", () => {
    const body = seedExample("C.6 Pkg#3 Response Example", "Content-Type: application/dm20");
    expect(decodeDm2Commands(bytes(body))).toEqual({ msgId: 2, commands: [{ kind: "End" }] });
  });

  it("refuses the §5.8.2 command file example as a document because it has no MsgID line", () => {
    const body = seedExample("5.8.2 Example of command file content", "\n", " Appendix B.");
    const e = decodeError(() => decodeDm2Commands(bytes(body)));
    expect(e.code).toBe("DM2_INVALID");
    expect(e.offset).toBe(0);
    expect(decodeDm2Commands(bytes(`MsgID 7\r\n${body}`)).commands.map((c) => c.kind)).toEqual([
      "Get",
      "Get",
      "End",
    ]);
  });

  it("re-encodes each Appendix C example with CRLF after every line and no blank lines", () => {
    const body = seedExample(
      "C.4 Pkg#2 Response Example",
      "Content-Type: application/dm20",
      "C.5 Pkg#3 Example",
    );
    expect(text.decode(encodeDm2Commands(decodeDm2Commands(bytes(body))))).toBe(
      "MsgID 1\r\n" +
        "GET http://169.254.2.2/DM20/MMS13.tnds20 oma:mo:oma-mms:1.3/3\r\n" +
        "GET http://169.254.2.2/DM20/ConnMOMMS.tnds20\r\n",
    );
  });
});

describe("each DM 2.0 command both ways", () => {
  const vectors: readonly [string, Dm2Command][] = [
    ["GET https://s/a.tnds20", { kind: "Get", serverUri: "https://s/a.tnds20" }],
    [
      "GET https://s/a.tnds20 oma:mo:x:1.0/1",
      { kind: "Get", serverUri: "https://s/a.tnds20", clientUri: "oma:mo:x:1.0/1" },
    ],
    [
      "PUT https://s/up oma:mo:x:1.0/1?Levels=2",
      { kind: "Put", serverUri: "https://s/up", clientUris: ["oma:mo:x:1.0/1?Levels=2"] },
    ],
    [
      "POST https://s/up *?Levels=1 oma:mo:y:1.0/",
      { kind: "Post", serverUri: "https://s/up", clientUris: ["*?Levels=1", "oma:mo:y:1.0/"] },
    ],
    ["POST https://s/up *", { kind: "Post", serverUri: "https://s/up", clientUris: ["*"] }],
    ["DELETE oma:mo:x:1.0/1/Old", { kind: "Delete", clientUri: "oma:mo:x:1.0/1/Old" }],
    ["EXEC oma:mo:fumo:1.0/1/Update", { kind: "Exec", clientUri: "oma:mo:fumo:1.0/1/Update" }],
    [
      "EXEC oma:mo:fumo:1.0/1/Update https://s/alerts",
      { kind: "Exec", clientUri: "oma:mo:fumo:1.0/1/Update", serverUri: "https://s/alerts" },
    ],
    [
      "SHOW https://s/ui?Close=https%3A%2F%2Fs%2Fdone",
      { kind: "Show", serverUri: "https://s/ui?Close=https%3A%2F%2Fs%2Fdone" },
    ],
    [
      "SHOW https://s/ui?id=4&Continue=https://s/next",
      { kind: "Show", serverUri: "https://s/ui?id=4&Continue=https://s/next" },
    ],
    [
      "DEFAULT oma:mo:oma-mms:1.3 https://s/cfg/[MCC]/[MNC]",
      { kind: "Default", moid: "oma:mo:oma-mms:1.3", serverUrl: "https://s/cfg/[MCC]/[MNC]" },
    ],
    ["END", { kind: "End" }],
    [
      "SUB oma:mo:x:1.0/1 https://s/changes",
      { kind: "Unknown", name: "SUB", params: ["oma:mo:x:1.0/1", "https://s/changes"] },
    ],
    ["get https://s/a", { kind: "Unknown", name: "get", params: ["https://s/a"] }],
    ["NOOP", { kind: "Unknown", name: "NOOP", params: [] }],
  ];
  it.each(vectors)("decodes and re-encodes %s", (line, command) => {
    const wire = `MsgID 5\r\n${line}\r\n`;
    expect(decodeDm2Commands(bytes(wire))).toEqual({ msgId: 5, commands: [command] });
    expect(text.decode(encodeDm2Commands({ msgId: 5, commands: [command] }))).toBe(wire);
  });

  it("covers every defined command keyword", () => {
    const covered = new Set(vectors.map(([line]) => line.split(" ")[0]));
    for (const [keyword] of dm2CommandKeywords) expect(covered).toContain(keyword);
  });

  it("decodes unknown commands so the client can answer them with 406 instead of refusing the document", () => {
    const doc = decodeDm2Commands(bytes("MsgID 3\r\nFOO a b\r\nGET https://s/x\r\n"));
    expect(doc.commands[0]).toEqual({ kind: "Unknown", name: "FOO", params: ["a", "b"] });
    expect(doc.commands[1]?.kind).toBe("Get");
    expect(dm2StatusCodes.optionalFeatureNotSupported).toBe(406);
  });
});

describe("DM 2.0 line endings and blank lines", () => {
  const expected: Dm2CommandDocument = {
    msgId: 9,
    commands: [{ kind: "Delete", clientUri: "a" }, { kind: "End" }],
  };
  it.each([
    ["CRLF", "MsgID 9\r\nDELETE a\r\nEND\r\n"],
    ["CRLF without a final one", "MsgID 9\r\nDELETE a\r\nEND"],
    ["LF", "MsgID 9\nDELETE a\nEND\n"],
    ["blank lines between lines, as in the draft's examples", "MsgID 9\r\n\r\nDELETE a\r\n\r\nEND\r\n\r\n"],
    [
      "blank lines made of spaces and a leading blank line",
      "\r\n  \r\nMsgID 9\r\n \t \r\nDELETE a\r\nEND\r\n",
    ],
    ["trailing spaces and runs of spaces", "MsgID  9 \r\nDELETE   a  \r\nEND \r\n"],
    ["a UTF-8 byte order mark", "\uFEFFMsgID 9\r\nDELETE a\r\nEND\r\n"],
  ])("accepts %s", (_name, wire) => {
    expect(decodeDm2Commands(bytes(wire))).toEqual(expected);
  });

  it("accepts a string as well as bytes", () => {
    expect(decodeDm2Commands("MsgID 9\r\nDELETE a\r\nEND\r\n")).toEqual(expected);
  });
});

describe("malformed DM 2.0 command documents", () => {
  it.each([
    ["an empty document", "", 0],
    ["only blank lines", "\r\n\r\n", 0],
    ["a first line that is not MsgID", "GET https://s/a\r\n", 0],
    ["MsgID without a number", "MsgID\r\nEND\r\n", 0],
    ["MsgID with a negative number", "MsgID -1\r\nEND\r\n", 0],
    ["MsgID with extra words", "MsgID 1 2\r\nEND\r\n", 0],
    ["msgid in lower case", "msgid 1\r\n", 0],
    ["GET without a ServerURI", "MsgID 1\r\nGET\r\n", 9],
    ["GET with three parameters", "MsgID 1\r\nGET a b c\r\n", 9],
    ["PUT without a ClientURI", "MsgID 1\r\nEND\r\nPUT https://s/up\r\n", 14],
    ["POST with a bad Levels", "MsgID 1\r\nPOST https://s/up x?Levels=two\r\n", 9],
    ["DELETE with two ClientURIs", "MsgID 1\r\nDELETE a b\r\n", 9],
    ["EXEC without a ClientURI", "MsgID 1\r\nEXEC\r\n", 9],
    ["SHOW without ?Close= or ?Continue=", "MsgID 1\r\nSHOW https://s/ui\r\n", 9],
    ["SHOW with an empty Close", "MsgID 1\r\nSHOW https://s/ui?Close=\r\n", 9],
    ["DEFAULT without a ServerURL", "MsgID 1\r\nDEFAULT oma:mo:x:1.0\r\n", 9],
    ["END with a parameter", "MsgID 1\r\nEND now\r\n", 9],
    ["a control character", "MsgID 1\r\nGET a\u0000\r\n", 9],
    ["a bare CR inside a line", "MsgID 1\r\nGET a\rb\r\n", 9],
  ])("refuses %s with DM2_INVALID at the line's offset", (_name, wire, offset) => {
    const e = decodeError(() => decodeDm2Commands(bytes(wire)));
    expect(e.code).toBe("DM2_INVALID");
    expect(e.offset).toBe(offset);
  });

  it("refuses bad UTF-8 with DECODE_INVALID_UTF8 at the line's offset", () => {
    const wire = new Uint8Array([...bytes("MsgID 1\r\nGET https://s/"), 0xff, 0x0d, 0x0a]);
    const e = decodeError(() => decodeDm2Commands(wire));
    expect([e.code, e.offset]).toEqual(["DECODE_INVALID_UTF8", 9]);
  });

  it("refuses a document over maxBytes before reading it", () => {
    const e = decodeError(() => decodeDm2Commands(bytes("MsgID 1\r\nEND\r\n"), { limits: { maxBytes: 8 } }));
    expect(e.code).toBe("DECODE_LIMIT");
  });

  it("keeps UTF-8 in parameters", () => {
    const doc = decodeDm2Commands(bytes("MsgID 1\r\nDELETE oma:mo:x:1.0/Närvaro\r\n"));
    expect(doc.commands[0]).toEqual({ kind: "Delete", clientUri: "oma:mo:x:1.0/Närvaro" });
  });
});

describe("encoding DM 2.0 command documents", () => {
  it.each<[string, Dm2CommandDocument]>([
    ["a negative MsgID", { msgId: -1, commands: [] }],
    ["a fractional MsgID", { msgId: 1.5, commands: [] }],
    ["a parameter with a space", { msgId: 1, commands: [{ kind: "Delete", clientUri: "a b" }] }],
    ["an empty parameter", { msgId: 1, commands: [{ kind: "Get", serverUri: "" }] }],
    ["a parameter with CRLF", { msgId: 1, commands: [{ kind: "Get", serverUri: "a\r\nEND" }] }],
    [
      "PUT without ClientURIs",
      { msgId: 1, commands: [{ kind: "Put", serverUri: "https://s", clientUris: [] }] },
    ],
    [
      "POST with a bad Levels",
      { msgId: 1, commands: [{ kind: "Post", serverUri: "https://s", clientUris: ["*?Levels=x"] }] },
    ],
    ["SHOW without Close or Continue", { msgId: 1, commands: [{ kind: "Show", serverUri: "https://s/ui" }] }],
    [
      "an Unknown command named GET",
      { msgId: 1, commands: [{ kind: "Unknown", name: "GET", params: ["a"] }] },
    ],
    [
      "an Unknown command with an empty name",
      { msgId: 1, commands: [{ kind: "Unknown", name: "", params: [] }] },
    ],
  ])("refuses %s with INVALID_ARGUMENT", (_name, doc) => {
    let err: unknown;
    try {
      encodeDm2Commands(doc);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OmaDmError);
    expect((err as OmaDmError).code).toBe("INVALID_ARGUMENT");
  });
});

const token = fc.stringMatching(/^[!-~]{1,12}$/);
const uri = fc.oneof(token, fc.constantFrom("oma:mo:oma-mms:1.3/1", "https://s/a.tnds20", "*", "Närvaro/ü"));
const clientUri = fc.oneof(
  uri,
  fc.tuple(uri, fc.nat(99)).map(([u, n]) => `${u.split("?")[0]}?Levels=${n}`),
);
const plain = fc.stringMatching(/^[!-%'->@-~]{1,12}$/); // no "&" and no "?"
const showUri = fc
  .tuple(plain, fc.constantFrom("Close", "Continue"), plain)
  .map(([u, a, v]) => `https://s/${u}?${a}=${v}`);
const known = new Set<string>(dm2CommandKeywords.map(([k]) => k));
const command: fc.Arbitrary<Dm2Command> = fc.oneof(
  fc.record(
    { kind: fc.constant("Get" as const), serverUri: uri, clientUri: uri },
    { requiredKeys: ["kind", "serverUri"] },
  ),
  fc.record({
    kind: fc.constant("Put" as const),
    serverUri: uri,
    clientUris: fc.array(clientUri, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant("Post" as const),
    serverUri: uri,
    clientUris: fc.array(clientUri, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant("Delete" as const), clientUri: uri }),
  fc.record(
    { kind: fc.constant("Exec" as const), clientUri: uri, serverUri: uri },
    { requiredKeys: ["kind", "clientUri"] },
  ),
  fc.record({ kind: fc.constant("Show" as const), serverUri: showUri }),
  fc.record({ kind: fc.constant("Default" as const), moid: uri, serverUrl: uri }),
  fc.constant({ kind: "End" as const }),
  fc.record({
    kind: fc.constant("Unknown" as const),
    name: token.filter((n) => !known.has(n)),
    params: fc.array(uri, { maxLength: 3 }),
  }),
);

describe("DM 2.0 command document properties", () => {
  it("round-trips any valid document through encode and decode", () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.array(command, { maxLength: 8 }), (msgId, commands) => {
        const doc = { msgId, commands };
        expect(decodeDm2Commands(encodeDm2Commands(doc))).toEqual(doc);
      }),
    );
  });

  it("gives a value or a DecodeError for random bytes", () => {
    const prefixed = fc
      .uint8Array({ maxLength: 200 })
      .map((b) => new Uint8Array([...bytes("MsgID 1\r\n"), ...b]));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), prefixed), (input) => {
        try {
          decodeDm2Commands(input);
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
      }),
    );
  });
});
