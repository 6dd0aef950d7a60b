import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { basicCredential, parseBasicCredential, verifyBasicCredential } from "./basic-credential.js";
import { md5Credential, md5CredentialFromHash, verifyMd5Credential } from "./md5-credential.js";
import { userPassHash } from "./user-secret.js";
import { hmacMac, hmacMacFromHash, verifyHmac } from "./hmac.js";
import { aauthTypeForScheme, schemeForAAuthType } from "./auth-schemes.js";

const ascii = (s: string) => new TextEncoder().encode(s);

// [TR-PRO §2.4.4] examples, re-computed in fact sheet §4.2.
describe("the fact sheet §4.2 vectors", () => {
  it("builds the Basic credential of Bruce2 / OhBehave", () => {
    expect(basicCredential("Bruce2", "OhBehave")).toBe("QnJ1Y2UyOk9oQmVoYXZl");
  });

  it("computes B64(H(Bruce2:OhBehave))", () => {
    expect(userPassHash("Bruce2", "OhBehave")).toBe("PtEdr8lBQ45IbT1bZIkrOQ==");
  });

  it("computes the MD5 digest credential with the nonce 'Nonce'", () => {
    expect(md5Credential("Bruce2", "OhBehave", ascii("Nonce"))).toBe("Zz6EivR3yeaaENcRN6lpAQ==");
  });

  it("computes the same MD5 credential from the stored hash alone", () => {
    expect(md5CredentialFromHash("PtEdr8lBQ45IbT1bZIkrOQ==", ascii("Nonce"))).toBe(
      "Zz6EivR3yeaaENcRN6lpAQ==",
    );
  });

  it("computes the HMAC mac of the researcher-made vector", () => {
    const nonce = new Uint8Array(Buffer.from("ZG9iZWhhdmUNCg==", "base64"));
    expect(Buffer.from(nonce).toString("latin1")).toBe("dobehave\r\n");
    const body = ascii("<SyncML xmlns='SYNCML:SYNCML1.2'></SyncML>");
    expect(hmacMac("Robert Jordan", "secret", nonce, body)).toBe("ZZ2F+369bp7Fcg13Nxgjog==");
    expect(hmacMacFromHash(userPassHash("Robert Jordan", "secret"), nonce, body)).toBe(
      "ZZ2F+369bp7Fcg13Nxgjog==",
    );
  });
});

describe("Basic credentials", () => {
  it("splits a Basic credential at the first colon", () => {
    expect(parseBasicCredential(basicCredential("user", "pa:ss"))).toEqual({
      username: "user",
      password: "pa:ss",
    });
  });

  it("gives undefined for data that is not base64 or has no colon", () => {
    expect(parseBasicCredential("not base64!")).toBeUndefined();
    expect(parseBasicCredential(Buffer.from("nocolon").toString("base64"))).toBeUndefined();
  });

  it("verifies the right password and refuses a wrong one", () => {
    expect(verifyBasicCredential("QnJ1Y2UyOk9oQmVoYXZl", "Bruce2", "OhBehave")).toBe(true);
    expect(verifyBasicCredential("QnJ1Y2UyOk9oQmVoYXZl", "Bruce2", "ohbehave")).toBe(false);
  });
});

describe("MD5 credentials", () => {
  const nonce = ascii("Nonce");

  it("verifies against the password or the stored hash", () => {
    const cred = "Zz6EivR3yeaaENcRN6lpAQ==";
    expect(verifyMd5Credential(cred, { username: "Bruce2", password: "OhBehave" }, nonce)).toBe(true);
    expect(verifyMd5Credential(cred, { userPassHash: "PtEdr8lBQ45IbT1bZIkrOQ==" }, nonce)).toBe(true);
  });

  it("refuses a credential made with another nonce or password", () => {
    const cred = md5Credential("Bruce2", "OhBehave", ascii("Other"));
    expect(verifyMd5Credential(cred, { username: "Bruce2", password: "OhBehave" }, nonce)).toBe(false);
    const wrong = md5Credential("Bruce2", "wrong", nonce);
    expect(verifyMd5Credential(wrong, { username: "Bruce2", password: "OhBehave" }, nonce)).toBe(false);
  });

  it("refuses a credential of a different length without throwing", () => {
    expect(verifyMd5Credential("short", { username: "a", password: "b" }, nonce)).toBe(false);
  });
});

describe("HMAC verification", () => {
  const nonce = ascii("dobehave\r\n");
  const body = ascii("<SyncML xmlns='SYNCML:SYNCML1.2'></SyncML>");
  const header = { algorithm: "MD5", username: "Robert Jordan", mac: "ZZ2F+369bp7Fcg13Nxgjog==" } as const;

  it("accepts the mac of the exact body", () => {
    expect(verifyHmac(header, { username: "Robert Jordan", password: "secret" }, nonce, body)).toBe(true);
    expect(verifyHmac(header, { userPassHash: userPassHash("Robert Jordan", "secret") }, nonce, body)).toBe(
      true,
    );
  });

  it("refuses a body changed by one byte", () => {
    const changed = body.slice();
    changed[1] = 0x73;
    expect(verifyHmac(header, { username: "Robert Jordan", password: "secret" }, nonce, changed)).toBe(false);
  });

  it("refuses a header naming another user", () => {
    const other = { ...header, username: "Someone" };
    expect(verifyHmac(other, { username: "Robert Jordan", password: "secret" }, nonce, body)).toBe(false);
  });
});

describe("scheme tables", () => {
  it("maps Meta Types to AAuthType values and back", () => {
    expect(aauthTypeForScheme("syncml:auth-md5")).toBe("DIGEST");
    expect(aauthTypeForScheme("syncml:auth-mac")).toBe("HMAC");
    expect(aauthTypeForScheme("syncml:auth-none")).toBeUndefined();
    expect(schemeForAAuthType("BASIC")).toBe("syncml:auth-basic");
    expect(schemeForAAuthType("HTTP-DIGEST")).toBeUndefined();
  });
});

describe("properties", () => {
  it("verifies every MD5 credential it builds, from the password and from the hash", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.uint8Array({ maxLength: 32 }), (u, p, n) => {
        const cred = md5Credential(u, p, n);
        return (
          verifyMd5Credential(cred, { username: u, password: p }, n) &&
          verifyMd5Credential(cred, { userPassHash: userPassHash(u, p) }, n)
        );
      }),
    );
  });

  it("parses back every Basic credential it builds", () => {
    fc.assert(
      fc.property(
        fc.string().filter((u) => !u.includes(":")),
        fc.string(),
        (u, p) => {
          const parsed = parseBasicCredential(basicCredential(u, p));
          return parsed?.username === u && parsed.password === p;
        },
      ),
    );
  });
});
