import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./create-logger.js";

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString("utf8");
      done();
    },
  });
  return {
    stream,
    lines: () =>
      text
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe("createLogger", () => {
  it("redacts secrets, credentials and authorization headers at any depth", () => {
    const out = capture();
    const log = createLogger("info", out.stream);
    log.info(
      {
        secret: "s1",
        device: { clientAuth: { secretHash: "h1", username: "u" } },
        req: { headers: { authorization: "Bearer t", "x-syncml-hmac": "algorithm=MD5, mac=x" } },
        apiToken: "t2",
      },
      "hello",
    );
    const text = JSON.stringify(out.lines());
    for (const leaked of ["s1", "h1", "Bearer t", "mac=x", "t2"]) expect(text).not.toContain(leaked);
    const line = out.lines()[0]!;
    expect(line.secret).toBe("[redacted]");
    expect((line.device as { clientAuth: { username: string } }).clientAuth.username).toBe("u");
  });

  it("honours the level", () => {
    const out = capture();
    const log = createLogger("warn", out.stream);
    log.info("not shown");
    log.warn("shown");
    expect(out.lines().map((l) => l.msg)).toEqual(["shown"]);
  });
});
