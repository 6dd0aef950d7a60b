import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DecodeError } from "../errors.js";
import { decodeDm2Notification, encodeDm2Notification } from "./dm2-notification.js";
import { initiators, uiModes } from "./notification-fields.js";

const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const url = "https://dm.example.com/dm2";

describe("DM 2.0 notification (seed 004 §5.3)", () => {
  it("starts with the version bits 0000010100 for DM 2.0", () => {
    const bytes = encodeDm2Notification({
      uiMode: "not-specified",
      initiator: "user",
      sendDevDetail: false,
      sendSupportedMos: false,
      sendAllMoInstances: false,
      url,
    });
    // 10 version bits, then 6 zero flag bits: 00000101 00|000000
    expect(toHex(bytes.subarray(0, 2))).toBe("0500");
  });

  it("lays out ui-mode, initiator and the three send flags, 16 reserved bits, the URL length and URL", () => {
    const bytes = encodeDm2Notification({
      uiMode: "background",
      initiator: "server",
      sendDevDetail: true,
      sendSupportedMos: false,
      sendAllMoInstances: true,
      url,
    });
    expect(toHex(bytes)).toBe("051d00001a" + Buffer.from(url).toString("hex"));
  });

  it.each([
    ["sendDevDetail", 0x04],
    ["sendSupportedMos", 0x02],
    ["sendAllMoInstances", 0x01],
  ] as const)("sets only the %s bit", (flag, bit) => {
    const base = {
      uiMode: "not-specified",
      initiator: "user",
      sendDevDetail: false,
      sendSupportedMos: false,
      sendAllMoInstances: false,
      url,
    } as const;
    expect(encodeDm2Notification({ ...base, [flag]: true })[1]).toBe(bit);
  });

  it("decodes every field and keeps bytes after the URL as an extension", () => {
    const bytes = Buffer.concat([
      Buffer.from("05320000", "hex"),
      Buffer.from([3]),
      Buffer.from("abc"),
      Buffer.from([9]),
    ]);
    expect(decodeDm2Notification(bytes)).toEqual({
      version: 20,
      uiMode: "user-interaction",
      initiator: "user",
      sendDevDetail: false,
      sendSupportedMos: true,
      sendAllMoInstances: false,
      url: "abc",
      extension: new Uint8Array([9]),
    });
  });

  it.each([
    ["fewer than 5 bytes", "05000000", 4],
    ["an empty URL", "0500000000", 4],
    ["a URL running past the end", "050000000361", 4],
  ])("refuses %s with DM2_NOTIFICATION_INVALID", (_, hex, offset) => {
    try {
      decodeDm2Notification(Buffer.from(hex, "hex"));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as DecodeError).code).toBe("DM2_NOTIFICATION_INVALID");
      expect((e as DecodeError).offset).toBe(offset);
    }
  });

  it("decodes what it encodes", () => {
    const arb = fc.record({
      version: fc.integer({ min: 0, max: 1023 }),
      uiMode: fc.constantFrom(...uiModes),
      initiator: fc.constantFrom(...initiators),
      sendDevDetail: fc.boolean(),
      sendSupportedMos: fc.boolean(),
      sendAllMoInstances: fc.boolean(),
      url: fc.string({ minLength: 1, maxLength: 60 }),
    });
    fc.assert(
      fc.property(arb, (n) => void expect(decodeDm2Notification(encodeDm2Notification(n))).toEqual(n)),
    );
  });

  it("gives a value or a DecodeError for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        try {
          decodeDm2Notification(bytes);
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
        }
      }),
    );
  });
});
