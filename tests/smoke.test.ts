import { describe, expect, it } from "vitest";
import { DecodeError } from "@omadm/protocol";

describe("workspace", () => {
  it("resolves @omadm/protocol from source", () => {
    expect(new DecodeError("XML_MALFORMED", "x", 3).offset).toBe(3);
  });
});
