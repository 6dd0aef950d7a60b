import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeWspPush } from "../notification/wsp-push.js";
import { bootstrapKey, imsiSemiOctets } from "./bootstrap-keys.js";
import { bootstrapMac, verifyBootstrapMac } from "./bootstrap-mac.js";
import { bootstrapContentType, bootstrapSecurityOf, encodeBootstrapPush } from "./bootstrap-push.js";

const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const ascii = (s: string) => new TextEncoder().encode(s);

/** HMAC-SHA1 computed by OpenSSL, an implementation independent of node:crypto's API use here. */
function opensslHmacSha1(key: Uint8Array, data: Uint8Array): string | undefined {
  try {
    const out = execFileSync(
      "openssl",
      ["dgst", "-sha1", "-mac", "HMAC", "-macopt", `hexkey:${toHex(key)}`],
      {
        input: data,
      },
    ).toString();
    return /= ([0-9a-f]{40})/.exec(out)?.[1]?.toUpperCase();
  } catch {
    return undefined;
  }
}

const hasOpenssl = opensslHmacSha1(ascii("k"), ascii("d")) !== undefined;

describe("IMSI semi-octets (GSM 11.11)", () => {
  it.each([
    // odd digit count: prefix 9, swap nibbles
    ["262019876543210", "2926108967452301"],
    // even digit count: prefix 1, pad F
    ["12345678", "11325476f8"],
    ["1", "19"],
  ])("turns %s into %s", (imsi, hex) => {
    expect(toHex(imsiSemiOctets(imsi))).toBe(hex);
  });

  it("refuses anything but digits", () => {
    expect(() => imsiSemiOctets("26201A")).toThrow(/IMSI/);
    expect(() => imsiSemiOctets("")).toThrow(/IMSI/);
  });
});

describe("bootstrap keys", () => {
  const secrets = { imsi: "262019876543210", pin: "1234" };

  it("keys NETWPIN with the IMSI semi-octets, or its ASCII digits when asked", () => {
    expect(toHex(bootstrapKey("NETWPIN", secrets))).toBe("2926108967452301");
    expect(bootstrapKey("NETWPIN", { ...secrets, imsiForm: "ascii" })).toEqual(ascii("262019876543210"));
  });

  it("keys USERPIN with the ASCII PIN", () => {
    expect(bootstrapKey("USERPIN", secrets)).toEqual(ascii("1234"));
  });

  it("keys USERNETWPIN with the IMSI semi-octets followed by the PIN, no separator", () => {
    expect(toHex(bootstrapKey("USERNETWPIN", secrets))).toBe("2926108967452301" + "31323334");
  });

  it("refuses a method without its secret, and USERPINMAC", () => {
    expect(() => bootstrapKey("USERPIN", { imsi: "1" })).toThrow(/PIN/);
    expect(() => bootstrapKey("NETWPIN", { pin: "1" })).toThrow(/IMSI/);
    expect(() => bootstrapKey("USERPINMAC", secrets)).toThrow(/USERPINMAC/);
  });
});

describe("bootstrap MAC", () => {
  it("matches the RFC 2202 HMAC-SHA1 test case 2, as 40 upper-case hex digits", () => {
    expect(bootstrapMac(ascii("Jefe"), ascii("what do ya want for nothing?"))).toBe(
      "EFFCDF6AE5EB2FA2D27416D5F184DF9C259A7C79",
    );
  });

  it("agrees with openssl for every key kind", () => {
    expect(hasOpenssl, "openssl must be installed").toBe(true);
    const doc = Uint8Array.from({ length: 300 }, (_, i) => (i * 31) & 0xff);
    for (const method of ["NETWPIN", "USERPIN", "USERNETWPIN"] as const) {
      const key = bootstrapKey(method, { imsi: "262019876543210", pin: "8042" });
      expect(bootstrapMac(key, doc)).toBe(opensslHmacSha1(key, doc));
    }
  });

  it("verifies its MAC in either case and refuses a changed document or a malformed MAC", () => {
    const key = ascii("1234");
    const doc = ascii("<wbxml/>");
    const mac = bootstrapMac(key, doc);
    expect(verifyBootstrapMac(key, doc, mac)).toBe(true);
    expect(verifyBootstrapMac(key, doc, mac.toLowerCase())).toBe(true);
    expect(verifyBootstrapMac(key, ascii("<wbxml/ >"), mac)).toBe(false);
    expect(verifyBootstrapMac(ascii("1235"), doc, mac)).toBe(false);
    expect(verifyBootstrapMac(key, doc, mac.slice(2))).toBe(false);
    expect(verifyBootstrapMac(key, doc, "Z".repeat(40))).toBe(false);
  });

  it("verifies every MAC it computes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 200 }), (key, doc) =>
        verifyBootstrapMac(key, doc, bootstrapMac(key, doc)),
      ),
    );
  });
});

describe("bootstrap push", () => {
  const doc = Uint8Array.from([0x03, 0x0b, 0x6a, 0x00, 0x45, 0x01]);
  const key = bootstrapKey("USERPIN", { pin: "1234" });
  const mac = bootstrapMac(key, doc);

  it("writes the CP push header bytes of fact sheet §8.4: B6, SEC 91 81, MAC 92 <hex> 00", () => {
    const pdu = encodeBootstrapPush({ profile: "cp", transactionId: 1, sec: "USERPIN", key, document: doc });
    expect(toHex(pdu)).toBe("01062f1f2db69181" + "92" + toHex(ascii(mac)) + "00" + toHex(doc));
  });

  it("writes a DM bootstrap push as C2 with SEC and MAC, then X-Wap-Application-Id 7", () => {
    const pdu = encodeBootstrapPush({ profile: "dm", transactionId: 2, sec: "NETWPIN", key, document: doc });
    expect(toHex(pdu.subarray(0, 9))).toBe("0206311f2dc29180" + "92");
    expect(toHex(pdu.subarray(9 + 41, 9 + 43))).toBe("af87");
  });

  it("reads SEC and MAC back from a decoded push, and the MAC verifies", () => {
    const pdu = encodeBootstrapPush({
      profile: "dm",
      transactionId: 3,
      sec: "USERNETWPIN",
      key,
      document: doc,
    });
    const push = decodeWspPush(pdu);
    const security = bootstrapSecurityOf(push.contentType);
    expect(security).toEqual({ sec: "USERNETWPIN", mac });
    expect(verifyBootstrapMac(key, push.body, security.mac ?? "")).toBe(true);
  });

  it("reads a SEC given as text and ignores an unknown SEC code", () => {
    expect(bootstrapSecurityOf({ mediaType: "x", params: [{ name: "sec", value: "USERPIN" }] })).toEqual({
      sec: "USERPIN",
    });
    expect(bootstrapSecurityOf({ mediaType: "x", params: [{ name: "SEC", value: 9 }] })).toEqual({});
  });

  it("names the content type of both profiles", () => {
    expect(bootstrapContentType("dm", "USERPIN", mac)).toMatchObject({ code: 0x42 });
    expect(bootstrapContentType("cp", "USERPIN", mac)).toMatchObject({ code: 0x36 });
  });
});
