import { describe, expect, it } from "vitest";
import { alertMarkRank, alertMarks, isAlertMark } from "./alert-marks.js";
import { genericAlertType, genericAlertTypeEntry, genericAlertTypes } from "./alert-types.js";
import { devDetailUri } from "./devdetail.js";
import { devInfoLeaves, devInfoUri } from "./devinfo.js";
import { dmAccNodes } from "./dmacc.js";
import { metaDefaults } from "./meta-defaults.js";
import { isDmAccType, moId, moIdAliases, moIdentifierEntry, moIdentifiers } from "./mo-ids.js";

describe("MO identifiers", () => {
  it("has unique keys, MOIDs and registry indexes", () => {
    expect(new Set(moIdentifiers.map((m) => m.key)).size).toBe(moIdentifiers.length);
    expect(new Set(moIdentifiers.map((m) => m.moid)).size).toBe(moIdentifiers.length);
    const indexes = moIdentifiers.flatMap((m) => (m.index === undefined ? [] : [m.index]));
    expect(new Set(indexes).size).toBe(indexes.length);
  });

  it("writes every MOID as urn:oma:mo:<name>:<major>.<minor>", () => {
    for (const m of moIdentifiers) expect(m.moid).toMatch(/^urn:oma:mo:[a-z0-9-]+:\d+\.\d+$/);
  });

  it.each([
    ["dmAcc", "urn:oma:mo:oma-dm-dmacc:1.0"],
    ["devInfo", "urn:oma:mo:oma-dm-devinfo:1.0"],
    ["devDetail", "urn:oma:mo:oma-dm-devdetail:1.0"],
    ["inbox", "urn:oma:mo:oma-dm-inbox:1.0"],
    ["fumo", "urn:oma:mo:oma-fumo:1.0"],
    ["scomo", "urn:oma:mo:oma-scomo:1.0"],
    ["lawmo", "urn:oma:mo:oma-lawmo:1.0"],
    ["dcmo", "urn:oma:mo:oma-dcmo:1.0"],
    ["diagMon", "urn:oma:mo:oma-diagmon:1.0"],
    ["gwFanout", "urn:oma:mo:oma-gwmo-fanout:1.0"],
    ["connMoNap", "urn:oma:mo:oma-connmo-nap:1.0"],
  ] as const)("names %s %s", (key, moid) => {
    expect(moId[key]).toBe(moid);
    expect(moIdentifierEntry(moid)?.key).toBe(key);
  });

  it("accepts every DMAcc version and the w7 DDFName as a DM account type (gaps sheet §5.2)", () => {
    expect(
      ["urn:oma:mo:oma-dm-dmacc:1.0", "urn:oma:mo:oma-dm-dmacc:1.1", " org.openmobilealliance/1.0/w7 "].map(
        isDmAccType,
      ),
    ).toEqual([true, true, true]);
    expect(isDmAccType("urn:oma:mo:oma-fumo:1.0")).toBe(false);
  });

  it("maps aliases onto listed MOs", () => {
    for (const key of moIdAliases.values()) expect(moId[key]).toBeDefined();
  });
});

describe("Generic Alert types", () => {
  it("has unique keys and types, each tied to a listed MO or to none", () => {
    expect(new Set(genericAlertTypes.map((a) => a.key)).size).toBe(genericAlertTypes.length);
    expect(new Set(genericAlertTypes.map((a) => a.type.toLowerCase())).size).toBe(genericAlertTypes.length);
    for (const a of genericAlertTypes) if (a.mo !== undefined) expect(moId[a.mo]).toBeDefined();
  });

  it("composes URN roots with ':' and the FUMO root with '.' (gaps sheet §1)", () => {
    expect(genericAlertType.fumoDownloadAndUpdate).toBe(
      "org.openmobilealliance.dm.firmwareupdate.downloadandupdate",
    );
    expect(genericAlertType.scomoOperationComplete).toBe("urn:oma:at:scomo:1.0:OperationComplete");
    expect(genericAlertType.gwDeviceAttached11).toBe("urn:oma:at:oma-gwmo:deviceattached:1.1");
  });

  it("matches a received type ignoring case and surrounding whitespace", () => {
    expect(genericAlertTypeEntry(" URN:OMA:AT:SCOMO:1.0:operationcomplete ")?.key).toBe(
      "scomoOperationComplete",
    );
    expect(genericAlertTypeEntry("com.example.other")).toBeUndefined();
  });

  it("ranks Marks from fatal to indeterminate, unknown and absent as informational", () => {
    expect(alertMarks.map((m) => alertMarkRank(m))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(alertMarkRank(undefined)).toBe(4);
    expect(alertMarkRank("severe")).toBe(4);
    expect(isAlertMark("critical")).toBe(true);
    expect(isAlertMark("Critical")).toBe(false);
  });
});

describe("standard object node names", () => {
  it("addresses the package-1 DevInfo leaves and DevDetail leaves", () => {
    expect(devInfoLeaves.map(devInfoUri)).toEqual([
      "./DevInfo/DevId",
      "./DevInfo/Man",
      "./DevInfo/Mod",
      "./DevInfo/DmV",
      "./DevInfo/Lang",
    ]);
    expect(devDetailUri("URI/MaxDepth")).toBe("./DevDetail/URI/MaxDepth");
  });

  it("names DMAcc nodes relative to the account", () => {
    expect(dmAccNodes.portNbr).toBe("AppAddr/<X>/Port/<X>/PortNbr");
    expect(dmAccNodes.aAuthData).toBe("AppAuth/<X>/AAuthData");
  });

  it("defaults Meta to Format chr, Type text/plain", () => {
    expect(metaDefaults).toEqual({ format: "chr", type: "text/plain" });
  });
});
