import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DecodeError, OmaDmError } from "../errors.js";
import { decodeNonce, encodeNonce, newNonce } from "./nonce.js";

describe("nonces", () => {
  it("takes 16 bytes from the injected random source by default", () => {
    const asked: number[] = [];
    const nonce = newNonce((n) => {
      asked.push(n);
      return new Uint8Array(n).fill(7);
    });
    expect(asked).toEqual([16]);
    expect(nonce).toEqual(new Uint8Array(16).fill(7));
  });

  it("refuses a random source that returns the wrong number of bytes", () => {
    expect(() => newNonce(() => new Uint8Array(3), 4)).toThrow(OmaDmError);
  });

  it("decodes the NextNonce of the HMAC vector", () => {
    expect(Buffer.from(decodeNonce("ZG9iZWhhdmUNCg==")).toString("latin1")).toBe("dobehave\r\n");
  });

  it("accepts unpadded and line-wrapped base64", () => {
    expect(decodeNonce("ZG9i\r\nZWhhdmUNCg")).toEqual(decodeNonce("ZG9iZWhhdmUNCg=="));
  });

  it.each([
    ["ZG9*ZQ==", 3],
    ["ZQ=a", 3],
    ["ZQ===", 4],
    ["Z", 1],
    ["ZQ=", 3],
  ])("refuses %s with DecodeError at %i", (text, offset) => {
    try {
      decodeNonce(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as DecodeError).code).toBe("AUTH_NONCE_INVALID");
      expect((e as DecodeError).offset).toBe(offset);
    }
  });

  it("round-trips any nonce through its base64 text", () => {
    fc.assert(
      fc.property(fc.uint8Array(), (n) => {
        expect(decodeNonce(encodeNonce(n))).toEqual(n);
      }),
    );
  });

  it("gives bytes or a DecodeError for any text", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          decodeNonce(s);
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
        }
      }),
    );
  });
});
