import { userPassHash } from "@omadm/protocol";
import { describe, expect, it } from "vitest";
import { ApiProblem } from "./api-problem.js";
import { deviceView } from "./api-views.js";
import { parseNewDevice } from "./device-routes.js";

describe("parseNewDevice", () => {
  it("keeps B64(H(name:secret)) and never the device's secret", () => {
    const d = parseNewDevice(
      {
        id: "IMEI:490154203237518",
        clientAuth: { scheme: "md5", username: "dev", secret: "devsecret" },
        serverAuth: { scheme: "hmac", secret: "srvsecret" },
      },
      "omadm.test",
    );
    expect(d.clientAuth).toEqual({
      scheme: "md5",
      username: "dev",
      secretHash: userPassHash("dev", "devsecret"),
    });
    expect(d.serverAuth).toEqual({
      scheme: "hmac",
      serverId: "omadm.test",
      secretHash: userPassHash("omadm.test", "srvsecret"),
    });
    expect(JSON.stringify(d)).not.toContain("devsecret");
    expect(JSON.stringify(d)).not.toContain("srvsecret");
  });

  it("keeps the server password in plain text only for Basic, which must send it", () => {
    const d = parseNewDevice(
      {
        id: "d",
        clientAuth: { scheme: "basic", username: "u", secret: "s" },
        serverAuth: { scheme: "basic", serverId: "srv", secret: "p" },
      },
      "x",
    );
    expect(d.serverAuth).toEqual({
      scheme: "basic",
      serverId: "srv",
      secretHash: userPassHash("srv", "p"),
      secretPlain: "p",
    });
  });

  it("lists every invalid field", () => {
    try {
      parseNewDevice({ id: "", clientAuth: { scheme: "sha", username: "u" }, msisdn: "abc", extra: 1 }, "x");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiProblem);
      const pointers = ((e as ApiProblem).problem.errors ?? []).map((x) => x.pointer).sort();
      expect(pointers).toEqual(["/clientAuth/scheme", "/clientAuth/secret", "/extra", "/id", "/msisdn"]);
    }
  });
});

describe("deviceView", () => {
  it("shows no secret, hash or nonce", () => {
    const view = deviceView({
      id: "d",
      clientAuth: { scheme: "md5", username: "u", secretHash: "HASH1" },
      serverAuth: { scheme: "basic", serverId: "s", secretHash: "HASH2", secretPlain: "PLAIN" },
      clientNonce: "NONCE1",
      serverNonce: "NONCE2",
      authFailures: 0,
      createdAt: 0,
    });
    const text = JSON.stringify(view);
    for (const secret of ["HASH1", "HASH2", "PLAIN", "NONCE1", "NONCE2"]) expect(text).not.toContain(secret);
    expect(view).toMatchObject({
      id: "d",
      clientAuth: { scheme: "md5", username: "u" },
      createdAt: "1970-01-01T00:00:00.000Z",
    });
  });
});
