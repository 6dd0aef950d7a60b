import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DecodeError } from "../errors.js";
import { decodePackage0, encodePackage0 } from "./package0.js";
import { verifyPackage0 } from "./package0-verify.js";
import { parseUserData } from "./sms-user-data.js";
import { routePush } from "./push-route.js";
import { decodeWspPush, encodeWspPush, type WspPush } from "./wsp-push.js";
import { wspContentTypes } from "./wsp-tables.js";

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const textHex = (s: string) => Buffer.from(s, "latin1").toString("hex");

// Fact sheet §5.5 Package 0 (42 bytes).
const pkg0 = encodePackage0(
  { uiMode: "background", initiator: "server", sessionId: 0x1234, serverId: "com.mgmtsrv.manage" },
  { serverPassword: "srvsecret", nonce: new Uint8Array(4) },
);

// The PDU Kannel 1.4.5's PPG produced for a PAP push of a Package 0 (kannel.md): TID, 06 Push,
// header length, the content type as text, af 87 (app id 7), 8d + length, c3 93 (encoding 1.3).
const kannelPdu = hex(
  "01 06 2a" +
    textHex("application/vnd.syncml.notification") +
    "00" +
    "af 87" +
    "8d aa" +
    "c3 93" +
    toHex(pkg0),
);

function wspError(bytes: Uint8Array): DecodeError {
  try {
    decodeWspPush(bytes);
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error("decoded");
}

describe("WSP push PDU", () => {
  it("decodes the PDU Kannel produced, with the content type as text", () => {
    const push = decodeWspPush(kannelPdu);
    expect(push).toEqual({
      transactionId: 1,
      contentType: { mediaType: "application/vnd.syncml.notification" },
      applicationId: 7,
      headers: [
        { name: "Content-Length", value: 42 },
        { name: "Encoding-Version", value: "1.3" },
      ],
      body: pkg0,
    });
    const decoded = decodePackage0(push.body);
    expect(verifyPackage0(decoded, { serverPassword: "srvsecret" }, new Uint8Array(4))).toBe("stored");
    expect(routePush(2948, push)).toBe("dm-notification");
  });

  it("re-encodes the Kannel PDU byte for byte", () => {
    expect(toHex(encodeWspPush(decodeWspPush(kannelPdu)))).toBe(toHex(kannelPdu));
  });

  it("decodes the §5.4 spec example: UDH, TID, Push, C4, AF 87, Package 0", () => {
    const sms = hex("06 05 04 0b 84 c0 02" + "01 06 03 c4 af 87" + toHex(pkg0));
    const { header, payload } = parseUserData(sms);
    expect(header.ports).toEqual({ destination: 2948, source: 0xc002, bits: 16 });
    const push = decodeWspPush(payload);
    expect(push.contentType).toEqual({ mediaType: "application/vnd.syncml.notification", code: 0x44 });
    expect(push.applicationId).toBe(7);
    expect(push.headers).toEqual([]);
    expect(decodePackage0(push.body).sessionId).toBe(0x1234);
    expect(routePush(header.ports?.destination ?? 0, push)).toBe("dm-notification");
  });

  it("encodes the §5.4 headers with the well-known codes [TR-NOT §6.3]", () => {
    const pdu = encodeWspPush({
      transactionId: 1,
      contentType: { code: 0x44 },
      applicationId: 7,
      body: pkg0,
    });
    expect(toHex(pdu.subarray(0, 6))).toBe("010603c4af87");
  });

  it("decodes the CP push of fact sheet §8.4 with SEC and MAC parameters", () => {
    const mac = "0123456789ABCDEF0123456789ABCDEF01234567";
    const pdu = hex("01 06 2f 1f 2d b6 91 81 92" + textHex(mac) + "00" + "030b6a00");
    const push = decodeWspPush(pdu);
    expect(push.contentType).toEqual({
      mediaType: "application/vnd.wap.connectivity-wbxml",
      code: 0x36,
      params: [
        { name: "SEC", value: 1 },
        { name: "MAC", value: mac },
      ],
    });
    expect(push.body).toEqual(hex("030b6a00"));
    expect(toHex(encodeWspPush(push))).toBe(toHex(pdu));
    expect(routePush(2948, push)).toBe("cp-bootstrap");
  });

  it("takes X-Wap-Application-Id as text and a content type with text parameters", () => {
    const push = encodeWspPush({
      transactionId: 9,
      contentType: {
        mediaType: "application/vnd.syncml.dm+wbxml",
        params: [{ name: "x-extra", value: "yes" }],
      },
      applicationId: "x-wap-application:syncml.dm",
      body: new Uint8Array([1, 2]),
    });
    const decoded = decodeWspPush(push);
    expect(decoded.contentType).toEqual({
      mediaType: "application/vnd.syncml.dm+wbxml",
      params: [{ name: "x-extra", value: "yes" }],
    });
    expect(decoded.applicationId).toBe("x-wap-application:syncml.dm");
    expect(routePush(2948, decoded)).toBe("dm-bootstrap");
  });

  it("skips unknown well-known headers, other code pages, and keeps application headers", () => {
    const pdu = hex(
      "05 06 1a c4" + // TID 5, Push, 26 header bytes, content type 0x44
        "fe 03 01 02 03" + // unknown field 0x7E, value-length 3
        "7f 05 af 01 02" + // shift to page 5: its 0x2F is not X-Wap-Application-Id
        "01 8d 85" + // short-cut shift to page 1, Content-Length 5
        textHex("X-Foo") +
        "00" +
        textHex("bar") +
        "00" +
        "af 87" +
        "aa bb",
    );
    const push = decodeWspPush(pdu);
    expect(push.applicationId).toBe(7);
    expect(push.headers).toEqual([
      { name: "Content-Length", value: 5 },
      { name: "X-Foo", value: "bar" },
    ]);
    expect(push.body).toEqual(hex("aabb"));
  });

  it("routes by port, application id and content type", () => {
    const base: WspPush = {
      transactionId: 0,
      contentType: { code: 0x44 },
      applicationId: 7,
      body: new Uint8Array(),
    };
    expect(routePush(2948, base)).toBe("dm-notification");
    expect(routePush(9200, base)).toBe("other");
    expect(routePush(2948, { ...base, applicationId: 4 })).toBe("other");
    expect(routePush(2948, { ...base, applicationId: undefined })).toBe("other");
    expect(routePush(2948, { ...base, contentType: { code: 0x42 } })).toBe("dm-bootstrap");
    expect(routePush(2948, { ...base, contentType: { mediaType: "text/plain" } })).toBe("other");
  });

  it.each([
    ["a PDU type other than Push", "01 07 01 c4", 1],
    ["a header length past the end", "01 06 05 c4", 2],
    ["an unterminated text content type", "01 06 03 61 62 63", 3],
    ["a uintvar longer than 5 octets", "01 06 ff ff ff ff ff 01", 2],
    ["a parameter running past the content type length", "01 06 04 02 b6 91 81", 6],
    ["an empty PDU", "", 0],
  ])("refuses %s with WSP_INVALID", (_, bytes, offset) => {
    const e = wspError(hex(bytes));
    expect(e.code).toBe("WSP_INVALID");
    expect(e.offset).toBe(offset);
  });
});

const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const text = fc.string({ unit: fc.constantFrom(...'abcXYZ019 ./:-=é"'.split("")), maxLength: 16 });
const param = fc.oneof(
  fc.record({ name: fc.constant("SEC"), value: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ name: fc.constant("MAC"), value: fc.stringMatching(/^[0-9A-F]{40}$/) }),
  fc.record({
    name: token.map((t) => `x-${t}`),
    value: fc.oneof(text, fc.integer({ min: 0, max: 2 ** 40 })),
  }),
);
const contentType = fc.oneof(
  fc.constantFrom(...wspContentTypes).map(([code, mediaType]) => ({ mediaType, code })),
  token.map((t) => ({ mediaType: `application/${t}` })),
);
const push = fc.record({
  transactionId: fc.integer({ min: 0, max: 255 }),
  contentType: fc
    .tuple(contentType, fc.array(param, { maxLength: 3 }))
    .map(([t, params]) => (params.length === 0 ? t : { ...t, params })),
  applicationId: fc.option(
    fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.constant("x-wap-application:syncml.dm")),
    {
      nil: undefined,
    },
  ),
  headers: fc.array(
    fc.oneof(
      fc.record({ name: fc.constant("Content-Length"), value: fc.integer({ min: 0, max: 2 ** 32 }) }),
      fc.record({ name: fc.constant("Encoding-Version"), value: fc.constantFrom("1.3", "1.2", "2", "1.15") }),
      fc.record({ name: fc.constant("X-Wap-Initiator-URI"), value: text }),
      fc.record({ name: token.map((t) => `X-Omadm-${t}`), value: text }),
    ),
    { maxLength: 4 },
  ),
  body: fc.uint8Array({ maxLength: 64 }),
});

describe("WSP push properties", () => {
  it("decodes what it encodes", () => {
    fc.assert(
      fc.property(push, (p) => {
        const { applicationId, ...rest } = p;
        const expected = applicationId === undefined ? rest : p;
        expect(decodeWspPush(encodeWspPush(p))).toEqual(expected);
      }),
    );
  });

  it("gives a value or a DecodeError for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        try {
          decodeWspPush(bytes);
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("gives a value or a DecodeError for mutated valid PDUs", () => {
    fc.assert(
      fc.property(
        push,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        (p, muts) => {
          const bytes = encodeWspPush(p);
          for (const [at, v] of muts) if (bytes.length > 0) bytes[at % bytes.length] = v;
          try {
            decodeWspPush(bytes);
          } catch (e) {
            if (!(e instanceof DecodeError)) throw e;
          }
        },
      ),
    );
  });
});
