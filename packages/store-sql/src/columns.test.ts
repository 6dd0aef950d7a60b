import { describe, expect, it } from "vitest";
import {
  bool,
  decodeCursor,
  encodeCursor,
  int,
  isRowId,
  optInt,
  optJson,
  optText,
  text,
  toJson,
} from "./columns.js";
import { commandFromRow, outcomeState } from "./command-rows.js";

describe("column readers", () => {
  it("read what either driver returns", () => {
    // pg: BIGINT as a string, BOOLEAN as a boolean; SQLite: numbers, and 0/1 for booleans.
    const pg = { id: "17", n: "9007199254740991", flag: true, off: false, none: null };
    const sqlite = { id: 17, n: 9007199254740991, flag: 1, off: 0, none: null };
    for (const row of [pg, sqlite]) {
      expect(text(row, "id")).toBe("17");
      expect(int(row, "n")).toBe(Number.MAX_SAFE_INTEGER);
      expect(bool(row, "flag")).toBe(true);
      expect(bool(row, "off")).toBe(false);
      expect(optText(row, "none")).toBeUndefined();
      expect(optInt(row, "none")).toBeUndefined();
      expect(optJson(row, "none")).toBeUndefined();
    }
  });

  it("write JSON columns, leaving absent values NULL", () => {
    expect(toJson({ a: [1, "x"] })).toBe('{"a":[1,"x"]}');
    expect(toJson(undefined)).toBeNull();
    expect(toJson(null)).toBeNull();
  });

  it("refuse a cursor they did not make, and ids no row can have", () => {
    expect(decodeCursor(encodeCursor([3, "b"]), ["number", "string"])).toEqual([3, "b"]);
    expect(() => decodeCursor(encodeCursor([3]), ["string"])).toThrow(/not a cursor/);
    expect(() => decodeCursor("%%%", ["number"])).toThrow(/not a cursor/);
    expect(isRowId("1")).toBe(true);
    expect(isRowId("999999999999999")).toBe(true);
    for (const id of ["0", "01", "-1", "1e3", "", "9999999999999999", "12a"]) expect(isRowId(id)).toBe(false);
  });
});

describe("command rows", () => {
  it("read a command row the same from both drivers", () => {
    const base = {
      id: "5",
      device_id: "IMEI:1",
      seq: 2,
      command: '{"kind":"Get","uri":"./DevInfo/Mod"}',
      state: "done",
      attempts: 1,
      session_ref: null,
      status: 200,
      results: '[{"uri":"./DevInfo/Mod","data":{"text":"X"}}]',
      children: null,
      correlator: null,
      created_at: "10",
      updated_at: 11,
    };
    const fromPg = commandFromRow({ ...base, resent: true });
    expect(commandFromRow({ ...base, id: 5, resent: 1 })).toEqual(fromPg);
    expect(fromPg).toEqual({
      id: "5",
      deviceId: "IMEI:1",
      seq: 2,
      command: { kind: "Get", uri: "./DevInfo/Mod" },
      state: "done",
      attempts: 1,
      resent: true,
      status: 200,
      results: [{ uri: "./DevInfo/Mod", data: { text: "X" } }],
      createdAt: 10,
      updatedAt: 11,
    });
  });

  it("leave a command done for 2xx and failed otherwise, unless the outcome says", () => {
    expect(outcomeState({ status: 200 })).toBe("done");
    expect(outcomeState({ status: 299 })).toBe("done");
    expect(outcomeState({ status: 300 })).toBe("failed");
    expect(outcomeState({ status: 404 })).toBe("failed");
    expect(outcomeState({ status: 202, state: "failed" })).toBe("failed");
  });
});
