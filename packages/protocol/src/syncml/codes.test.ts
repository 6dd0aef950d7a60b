import { describe, expect, it } from "vitest";
import {
  alertCode,
  alertCodes,
  alertName,
  isErrorStatus,
  isKnownStatus,
  isSuccessStatus,
  isUserInteractionAlert,
  statusClass,
  statusCode,
  statusCodes,
  statusMeaning,
  statusName,
} from "./codes.js";

describe("status codes (fact sheet §1.13)", () => {
  it("lists every code of the fact sheet once, in ascending order", () => {
    // 101; 200-216; 300-305; 400-428; 500-514, 516, 517 (515 is not defined).
    const expected = [
      101,
      ...range(200, 216),
      ...range(300, 305),
      ...range(400, 428),
      ...range(500, 514),
      516,
      517,
    ];
    expect(statusCodes.map((s) => s.code)).toEqual(expected);
    expect(new Set(statusCodes.map((s) => s.key)).size).toBe(statusCodes.length);
  });

  it.each([
    [200, "OK", "success"],
    [212, "Authentication accepted", "success"],
    [213, "Chunked item accepted and buffered", "success"],
    [216, "Atomic roll back OK", "success"],
    [304, "Not modified", "redirection"],
    [407, "Missing credentials", "originatorError"],
    [418, "Already exists", "originatorError"],
    [424, "Size mismatch", "originatorError"],
    [507, "Atomic failed", "recipientError"],
    [517, "Atomic response too large to fit", "recipientError"],
  ] as const)("names %i %j (%s)", (code, name, cls) => {
    expect(statusName(code)).toBe(name);
    expect(statusClass(code)).toBe(cls);
    expect(statusMeaning(code)).toEqual(expect.any(String));
  });

  it("derives keyed constants from the table", () => {
    expect(statusCode.authenticationAccepted).toBe(212);
    expect(statusCode.notExecuted).toBe(215);
    expect(statusCode.atomicRollBackOk).toBe(216);
    expect(statusCode.permissionDenied).toBe(425);
  });

  it("knows nothing of vendor codes (518, 450) but still classes them", () => {
    expect(statusName(518)).toBeUndefined();
    expect(isKnownStatus(450)).toBe(false);
    expect(isErrorStatus(518)).toBe(true);
  });

  it("tells success from errors by the hundreds digit", () => {
    expect([101, 200, 213, 299, 304, 404, 500].map(isSuccessStatus)).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect([101, 200, 304, 400, 517, 600].map(isErrorStatus)).toEqual([
      false,
      false,
      false,
      true,
      true,
      false,
    ]);
    expect(statusClass(600)).toBeUndefined();
    expect(statusClass(200.5)).toBeUndefined();
  });
});

describe("alert codes (fact sheet §1.10)", () => {
  it("lists the DM alert codes; 1221 and the reserved ranges are not among them", () => {
    expect(alertCodes.map((a) => a.code)).toEqual([
      1100, 1101, 1102, 1103, 1104, 1200, 1201, 1222, 1223, 1224, 1225, 1226,
    ]);
    expect(alertName(1221)).toBeUndefined();
  });

  it("names alerts and derives keyed constants", () => {
    expect(alertName(1226)).toBe("GENERIC ALERT");
    expect(alertName(1222)).toBe("NEXT MESSAGE");
    expect(alertCode.clientInitiatedMgmt).toBe(1201);
    expect(alertCode.noEndOfData).toBe(1225);
  });

  it("tells the user-interaction alerts 1100-1104", () => {
    expect([1099, 1100, 1104, 1105, 1200].map(isUserInteractionAlert)).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
