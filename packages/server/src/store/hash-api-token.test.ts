import { describe, expect, it } from "vitest";
import { hashApiToken } from "./hash-api-token.js";

describe("hashApiToken", () => {
  it("is base64url SHA-256 of the token's UTF-8 bytes (FIPS 180-2 vector 'abc')", () => {
    expect(hashApiToken("abc")).toBe("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
  });

  it("gives different hashes for tokens that differ in one character, and never contains the token", () => {
    const token = "omadm_0123456789abcdef";
    expect(hashApiToken(token)).not.toBe(hashApiToken("omadm_0123456789abcdeF"));
    expect(hashApiToken(token)).not.toContain(token);
    expect(hashApiToken(token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
