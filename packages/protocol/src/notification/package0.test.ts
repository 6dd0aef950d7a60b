import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DecodeError } from "../errors.js";
import { userPassHash } from "../auth/user-secret.js";
import { decodePackage0, encodePackage0, isSupportedPackage0Version, sessionIdHex } from "./package0.js";
import { resyncNonce, verifyPackage0 } from "./package0-verify.js";
import { uiModes, initiators } from "./notification-fields.js";

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");

// Fact sheet §5.5 [COMPUTED]: com.mgmtsrv.manage / srvsecret, version 11, background, server, 0x1234.
const trigger55 = "02d8000000123412636f6d2e6d676d74737276 2e6d616e616765";
const fields55 = {
  uiMode: "background",
  initiator: "server",
  sessionId: 0x1234,
  serverId: "com.mgmtsrv.manage",
} as const;

function decodeError(bytes: Uint8Array): DecodeError {
  try {
    decodePackage0(bytes);
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error("decoded");
}

describe("Package 0 encoding", () => {
  it("reproduces the §5.5 vector with the 4-zero-byte nonce", () => {
    const pkg = encodePackage0(fields55, { serverPassword: "srvsecret", nonce: new Uint8Array(4) });
    expect(toHex(pkg)).toBe("9b402240ff52f5c61a385b59aa102cf8" + trigger55.replace(/\s/g, ""));
  });

  it("reproduces the §5.5 digest with the ASCII nonce 0x00000000", () => {
    const pkg = encodePackage0(fields55, { serverPassword: "srvsecret", nonce: resyncNonce("resync-ascii") });
    expect(toHex(pkg.subarray(0, 16))).toBe("869c6b873f73171d6a1355a1a9baa4d2");
  });

  it("gives the same digest from the stored B64(H(serverId:password))", () => {
    const serverHashB64 = userPassHash("com.mgmtsrv.manage", "srvsecret");
    const a = encodePackage0(fields55, { serverHashB64, nonce: new Uint8Array(4) });
    const b = encodePackage0(fields55, { serverPassword: "srvsecret", nonce: new Uint8Array(4) });
    expect(a).toEqual(b);
  });

  it.each([
    // version, ui-mode, initiator -> the two header bytes after the digest [TR-NOT §6.2.1]
    [11, "not-specified", "user", "02c0"],
    [11, "background", "user", "02d0"],
    [11, "informative", "server", "02e8"],
    [11, "user-interaction", "server", "02f8"],
    [12, "background", "server", "0318"],
    [13, "background", "server", "0358"],
    [0x3ff, "not-specified", "user", "ffc0"],
    [0, "user-interaction", "user", "0030"],
    [0, "not-specified", "server", "0008"],
  ] as const)(
    "puts version %i, ui-mode %s, initiator %s in bits as %s",
    (version, uiMode, initiator, bits) => {
      const pkg = encodePackage0(
        { version, uiMode, initiator, sessionId: 0xbeef, serverId: "s" },
        { serverPassword: "p", nonce: new Uint8Array(0) },
      );
      expect(toHex(pkg.subarray(16, 18))).toBe(bits);
      expect(toHex(pkg.subarray(18, 24))).toBe("000000beef01"); // future-use zero, session id, length
    },
  );

  it("emits version 11 unless told otherwise", () => {
    const pkg = encodePackage0(fields55, { serverPassword: "x", nonce: new Uint8Array(0) });
    expect(decodePackage0(pkg).version).toBe(11);
  });

  it("appends the vendor-specific part after the server id, covered by the digest", () => {
    const vendor = hex("cafe");
    const pkg = encodePackage0(
      { ...fields55, vendor },
      { serverPassword: "srvsecret", nonce: new Uint8Array(4) },
    );
    expect(toHex(pkg.subarray(-2))).toBe("cafe");
    const decoded = decodePackage0(pkg);
    expect(decoded.vendor).toEqual(vendor);
    expect(verifyPackage0(decoded, { serverPassword: "srvsecret" }, new Uint8Array(4))).toBe("stored");
  });

  it("refuses an empty server id and a session id over 16 bits", () => {
    const key = { serverPassword: "x", nonce: new Uint8Array(0) };
    expect(() => encodePackage0({ ...fields55, serverId: "" }, key)).toThrow(/server id/);
    expect(() => encodePackage0({ ...fields55, sessionId: 0x10000 }, key)).toThrow(/session id/);
  });
});

describe("Package 0 decoding", () => {
  it("decodes the §5.4 worked example header", () => {
    // digest (16 bytes, unknown in the example) || 02 D0 00 00 00 12 34 12 "com.mgmtsrv.manage"
    const bytes = hex(
      "00".repeat(16) + "02d00000001234 12" + Buffer.from("com.mgmtsrv.manage").toString("hex"),
    );
    const pkg = decodePackage0(bytes);
    expect(pkg).toMatchObject({
      version: 11,
      uiMode: "background",
      initiator: "user",
      sessionId: 0x1234,
      serverId: "com.mgmtsrv.manage",
    });
    expect(pkg.vendor.length).toBe(0);
    expect(pkg.trigger).toEqual(bytes.subarray(16));
    expect(sessionIdHex(pkg.sessionId)).toBe("1234");
  });

  it("reports any version and says which are supported", () => {
    const bytes = hex("00".repeat(16) + "0500000000000001" + "73");
    expect(decodePackage0(bytes).version).toBe(20);
    expect(isSupportedPackage0Version(20)).toBe(false);
    expect([11, 12, 13].map(isSupportedPackage0Version)).toEqual([true, true, true]);
  });

  it.each([
    ["fewer than 24 bytes", "00".repeat(23), 23],
    ["a server id length of 0", "00".repeat(16) + "02d0000000123400", 23],
    ["a server id running past the end", "00".repeat(16) + "02d000000012340361 62", 23],
  ])("refuses %s with PACKAGE0_INVALID", (_, bytes, offset) => {
    const e = decodeError(hex(bytes));
    expect(e.code).toBe("PACKAGE0_INVALID");
    expect(e.offset).toBe(offset);
  });

  it("refuses input over the byte limit", () => {
    expect(() => decodePackage0(new Uint8Array(100), { maxBytes: 50 })).toThrow(DecodeError);
  });
});

describe("Package 0 verification", () => {
  const zero = new Uint8Array(4);
  const zeroPkg = decodePackage0(encodePackage0(fields55, { serverPassword: "srvsecret", nonce: zero }));

  it("reports the stored nonce when it matches", () => {
    expect(verifyPackage0(zeroPkg, { serverPassword: "srvsecret" }, zero)).toBe("stored");
  });

  it("falls back to the resync nonce as 4 zero bytes", () => {
    expect(verifyPackage0(zeroPkg, { serverPassword: "srvsecret" }, hex("01020304"))).toBe(
      "resync-zero-bytes",
    );
    expect(verifyPackage0(zeroPkg, { serverPassword: "srvsecret" }, undefined)).toBe("resync-zero-bytes");
  });

  it("falls back to the resync nonce as the ASCII text 0x00000000", () => {
    const ascii = encodePackage0(fields55, {
      serverPassword: "srvsecret",
      nonce: resyncNonce("resync-ascii"),
    });
    expect(verifyPackage0(decodePackage0(ascii), { serverPassword: "srvsecret" }, hex("01"))).toBe(
      "resync-ascii",
    );
  });

  it("verifies with the stored hash instead of the password", () => {
    const serverHashB64 = userPassHash("com.mgmtsrv.manage", "srvsecret");
    expect(verifyPackage0(zeroPkg, { serverHashB64 }, zero)).toBe("stored");
  });

  it("gives none for a wrong password, a changed byte or an unsupported version", () => {
    expect(verifyPackage0(zeroPkg, { serverPassword: "other" }, zero)).toBe("none");
    const bytes = encodePackage0(fields55, { serverPassword: "srvsecret", nonce: zero });
    bytes[22] = 0x35; // session id 0x1235
    expect(verifyPackage0(decodePackage0(bytes), { serverPassword: "srvsecret" }, zero)).toBe("none");
    const v10 = encodePackage0({ ...fields55, version: 10 }, { serverPassword: "srvsecret", nonce: zero });
    expect(verifyPackage0(decodePackage0(v10), { serverPassword: "srvsecret" }, zero)).toBe("none");
  });
});

describe("session id text", () => {
  it.each([
    [0x1234, "1234"],
    [0x00ab, "AB"],
    [0, "0"],
    [0xffff, "FFFF"],
  ])("writes %i as %s", (n, text) => {
    expect(sessionIdHex(n)).toBe(text);
  });
});

describe("Package 0 properties", () => {
  const fieldsArb = fc.record({
    version: fc.integer({ min: 0, max: 1023 }),
    uiMode: fc.constantFrom(...uiModes),
    initiator: fc.constantFrom(...initiators),
    sessionId: fc.integer({ min: 0, max: 0xffff }),
    serverId: fc.string({ minLength: 1, maxLength: 60 }),
    vendor: fc.uint8Array({ maxLength: 20 }),
  });

  it("decodes what it encodes and verifies the digest", () => {
    fc.assert(
      fc.property(fieldsArb, fc.string(), fc.uint8Array({ maxLength: 16 }), (fields, password, nonce) => {
        const pkg = decodePackage0(encodePackage0(fields, { serverPassword: password, nonce }));
        expect(pkg).toMatchObject(fields);
        if (isSupportedPackage0Version(fields.version)) {
          expect(verifyPackage0(pkg, { serverPassword: password }, nonce)).not.toBe("none");
        }
      }),
    );
  });

  it("gives a value or a DecodeError for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodePackage0(bytes);
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
        }
      }),
    );
  });
});
