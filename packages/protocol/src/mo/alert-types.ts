/**
 * Generic Alert (1226) Meta Type strings [TR-PRO §2.3.7], as the OMNA alert registry composes
 * them (gaps sheet §1): URN roots join with ":", the FUMO reversed-domain root with ".".
 * LAWMO and DCMO types are not registered; the strings are the ones implementations send.
 */
export const genericAlertTypes = [
  // FUMO [TR-FUMO §10.2.2, §10.3]
  {
    key: "fumoDownload",
    type: "org.openmobilealliance.dm.firmwareupdate.download",
    mo: "fumo",
    registered: true,
  },
  {
    key: "fumoUpdate",
    type: "org.openmobilealliance.dm.firmwareupdate.update",
    mo: "fumo",
    registered: true,
  },
  {
    key: "fumoDownloadAndUpdate",
    type: "org.openmobilealliance.dm.firmwareupdate.downloadandupdate",
    mo: "fumo",
    registered: true,
  },
  {
    key: "fumoDeviceRequest",
    type: "org.openmobilealliance.dm.firmwareupdate.devicerequest",
    mo: "fumo",
    registered: true,
  },
  {
    key: "fumoUserRequest",
    type: "org.openmobilealliance.dm.firmwareupdate.userrequest",
    mo: "fumo",
    registered: true,
  },
  // SCOMO, LAWMO, DCMO: asynchronous Exec results
  {
    key: "scomoOperationComplete",
    type: "urn:oma:at:scomo:1.0:OperationComplete",
    mo: "scomo",
    registered: true,
  },
  {
    key: "lawmoOperationComplete",
    type: "urn:oma:at:lawmo:1.0:OperationComplete",
    mo: "lawmo",
    registered: false,
  },
  {
    key: "dcmoOperationComplete",
    type: "urn:oma:at:dcmo:1.0:OperationComplete",
    mo: "dcmo",
    registered: false,
  },
  // DiagMon (gaps sheet §3.3)
  {
    key: "diagMonOperationComplete",
    type: "urn:oma:at:diagmon:1.0:OperationComplete",
    mo: "diagMon",
    registered: true,
  },
  {
    key: "diagMonTrapNotification",
    type: "urn:oma:at:diagmon:1.0:TrapNotification",
    mo: "diagMonTrap",
    registered: true,
  },
  {
    key: "diagMonCollectedSimpleDataReport",
    type: "urn:oma:at:diagmon:1.0:CollectedSimpleDataReport",
    mo: "diagMon11",
    registered: true,
  },
  {
    key: "diagMonTrapInactiveNotification",
    type: "urn:oma:at:diagmon:1.0:TrapInactiveNotification",
    mo: "diagMonTrap11",
    registered: true,
  },
  {
    key: "diagMonTrapDeregistered",
    type: "urn:oma:at:diagmon:1.0:TrapDeregistered",
    mo: "diagMonTrap11",
    registered: true,
  },
  // GwMO (gaps sheet §2.4); case as registered
  {
    key: "gwDeviceAttached",
    type: "urn:oma:at:oma-gwmo:deviceattached:1.0",
    mo: "gwDeviceInventory10",
    registered: true,
  },
  {
    key: "gwDeviceAttached11",
    type: "urn:oma:at:oma-gwmo:deviceattached:1.1",
    mo: "gwDeviceInventory",
    registered: true,
  },
  {
    key: "gwDeviceDetached",
    type: "urn:oma:at:oma-gwmo:devicedetached:1.0",
    mo: "gwDeviceInventory",
    registered: true,
  },
  {
    key: "gwResultAggregation",
    type: "urn:oma:at:oma-gwmo:resultaggregation:1.0",
    mo: "gwFanout",
    registered: true,
  },
  {
    key: "gwCompletionStatus",
    type: "urn:oma:at:oma-gwmo:completionstatus:1.0",
    mo: "gwFanout",
    registered: true,
  },
  {
    key: "gwBootstrappedDmsList",
    type: "urn:oma:at:oma-gwmo:BootstrappedDMSList:1.0",
    mo: undefined,
    registered: true,
  },
  {
    key: "gwAssociatedGateway",
    type: "urn:oma:at:oma-gwmo:AssociatedGateway:1.0",
    mo: undefined,
    registered: true,
  },
  {
    key: "gwImageReady",
    type: "urn:oma:at:oma-gwmo:imageready:1.0",
    mo: "gwImageInventory",
    registered: true,
  },
  // Other registered types
  {
    key: "sacmoOperationReport",
    type: "urn:oma:at:sacmo:1.0:OperationReport",
    mo: undefined,
    registered: true,
  },
  {
    key: "mgmtPolicyReport",
    type: "urn:oma:at:oma-mgmtpolicymo:1.0:policyreport",
    mo: "mgmtPolicy",
    registered: true,
  },
] as const;

export type GenericAlertTypeEntry = (typeof genericAlertTypes)[number];
export type GenericAlertKey = GenericAlertTypeEntry["key"];

/** Alert types by key: `genericAlertType.fumoUpdate`. Send these exactly (case as registered). */
export const genericAlertType = Object.fromEntries(genericAlertTypes.map((a) => [a.key, a.type])) as {
  readonly [E in GenericAlertTypeEntry as E["key"]]: E["type"];
};

const byLowerType: ReadonlyMap<string, GenericAlertTypeEntry> = new Map(
  genericAlertTypes.map((a) => [a.type.toLowerCase(), a]),
);

/**
 * The entry for a received Meta Type, or undefined. Matching ignores case and surrounding
 * whitespace (gaps sheet §1: match exactly when sending, case-insensitively when receiving).
 */
export function genericAlertTypeEntry(type: string): GenericAlertTypeEntry | undefined {
  return byLowerType.get(type.trim().toLowerCase());
}
