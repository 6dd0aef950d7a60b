/**
 * Management Object identifiers (MOIDs): the Type of an MO's root node [TR-TND §8.3.4], by which
 * clients and servers find MO instances. Registered URNs from the OMNA DM MO registry (gaps sheet
 * §8, §2.2, §3.2, §5.2; fact sheet §7, §9); `index` is the OMNA MO index where the registry has one.
 */
export const moIdentifiers = [
  // DM standard objects: 1.0 = DM 1.2 [TR-STD §7.1.3], 1.1 = DM 1.3, 1.2 = DM 2.0
  { key: "dmAcc", moid: "urn:oma:mo:oma-dm-dmacc:1.0", name: "DM Account (DM 1.2)", index: 0x0011 },
  { key: "dmAcc13", moid: "urn:oma:mo:oma-dm-dmacc:1.1", name: "DM Account (DM 1.3)", index: 0x000d },
  { key: "dmAcc20", moid: "urn:oma:mo:oma-dm-dmacc:1.2", name: "DM Account (DM 2.0)", index: 0x0070 },
  { key: "devInfo", moid: "urn:oma:mo:oma-dm-devinfo:1.0", name: "DevInfo (DM 1.2)", index: 0x000e },
  { key: "devInfo13", moid: "urn:oma:mo:oma-dm-devinfo:1.1", name: "DevInfo (DM 1.3)", index: 0x000c },
  { key: "devInfo20", moid: "urn:oma:mo:oma-dm-devinfo:1.2", name: "DevInfo (DM 2.0)", index: 0x0071 },
  { key: "devDetail", moid: "urn:oma:mo:oma-dm-devdetail:1.0", name: "DevDetail (DM 1.2)", index: 0x000f },
  { key: "devDetail13", moid: "urn:oma:mo:oma-dm-devdetail:1.1", name: "DevDetail (DM 1.3)", index: 0x000b },
  // [TR-STD §7.1.3.4]; not in the OMNA registry rows the gaps sheet lists
  { key: "inbox", moid: "urn:oma:mo:oma-dm-inbox:1.0", name: "Inbox", index: undefined },
  {
    key: "bootstrapConfig",
    moid: "urn:oma:mo:oma-dm-bootstrapcfg:1.0",
    name: "DM Bootstrap Config (DM 1.3)",
    index: undefined,
  },
  {
    key: "delegationAccessControl",
    moid: "urn:oma:mo:oma-dm-dacmo:1.0",
    name: "Delegation Access Control (DM 2.0)",
    index: 0x0072,
  },
  {
    key: "sessionInfo",
    moid: "urn:oma:mo:oma-sessioninfomo:1.0",
    name: "Session Info (DM 2.0)",
    index: 0x0073,
  },
  // Domain MOs
  { key: "fumo", moid: "urn:oma:mo:oma-fumo:1.0", name: "Firmware Update MO", index: 0x0027 },
  { key: "scomo", moid: "urn:oma:mo:oma-scomo:1.0", name: "Software Component MO 1.0", index: 0x0036 },
  { key: "scomo11", moid: "urn:oma:mo:oma-scomo:1.1", name: "Software Component MO 1.1", index: 0x003c },
  { key: "lawmo", moid: "urn:oma:mo:oma-lawmo:1.0", name: "Lock and Wipe MO", index: 0x0009 },
  { key: "dcmo", moid: "urn:oma:mo:oma-dcmo:1.0", name: "Device Capability MO", index: 0x000a },
  { key: "diagMon", moid: "urn:oma:mo:oma-diagmon:1.0", name: "DiagMon MO", index: 0x0012 },
  { key: "diagMon11", moid: "urn:oma:mo:oma-diagmon:1.1", name: "DiagMon MO framework 1.1", index: 0x003e },
  { key: "diagMonTrap", moid: "urn:oma:mo:oma-diagmontrap:1.0", name: "DiagMon Trap MO", index: 0x0013 },
  {
    key: "diagMonTrap11",
    moid: "urn:oma:mo:oma-diagmontrap:1.1",
    name: "DiagMon Trap MO 1.1",
    index: 0x003f,
  },
  // GwMO 1.1 (gaps sheet §2.2); Device Inventory 1.0 is the confirmed V1.0 identifier
  { key: "gwConfig", moid: "urn:oma:mo:oma-gwmo-config:1.1", name: "Gateway Config MO", index: 0x0060 },
  {
    key: "gwDeviceInventory",
    moid: "urn:oma:mo:oma-gwmo-deviceinventory:1.1",
    name: "Gateway Device Inventory MO",
    index: 0x0061,
  },
  {
    key: "gwDeviceInventory10",
    moid: "urn:oma:mo:oma-gwmo-deviceinventory:1.0",
    name: "Gateway Device Inventory MO 1.0",
    index: undefined,
  },
  {
    key: "gwEndDeviceTrigger",
    moid: "urn:oma:mo:oma-gwmo-edtrigger:1.0",
    name: "Gateway End Device Trigger MO",
    index: 0x0062,
  },
  { key: "gwFanout", moid: "urn:oma:mo:oma-gwmo-fanout:1.0", name: "Gateway Fanout MO", index: 0x0063 },
  {
    key: "gwImageInventory",
    moid: "urn:oma:mo:oma-gwmo-imageinventory:1.0",
    name: "Gateway Image Inventory MO",
    index: 0x0064,
  },
  { key: "zigbeeDevice", moid: "urn:oma:mo:oma-dm-zigbee:1.0", name: "ZigBee Device MO", index: 0x0065 },
  // Connectivity MO (DDS-DM_ConnMO-V1_0)
  { key: "connMoNap", moid: "urn:oma:mo:oma-connmo-nap:1.0", name: "ConnMO NAP", index: 0x0075 },
  { key: "connMoProxy", moid: "urn:oma:mo:oma-connmo-proxy:1.0", name: "ConnMO Proxy", index: 0x0076 },
  { key: "connMo3gppCs", moid: "urn:oma:mo:oma-connmo-3gppcs:1.0", name: "ConnMO 3GPP CS", index: 0x0077 },
  { key: "connMo3gppPs", moid: "urn:oma:mo:oma-connmo-3gppps:1.0", name: "ConnMO 3GPP PS", index: 0x0078 },
  { key: "connMoCdma", moid: "urn:oma:mo:oma-connmo-cdma:1.0", name: "ConnMO CDMA", index: 0x0079 },
  { key: "connMoEap", moid: "urn:oma:mo:oma-connmo-eap:1.0", name: "ConnMO EAP", index: 0x007a },
  { key: "connMoHttp", moid: "urn:oma:mo:oma-connmo-http:1.0", name: "ConnMO HTTP", index: 0x007b },
  { key: "connMoWap", moid: "urn:oma:mo:oma-connmo-wap:1.0", name: "ConnMO WAP", index: 0x007c },
  { key: "connMoWlan", moid: "urn:oma:mo:oma-connmo-wlan:1.0", name: "ConnMO WLAN", index: 0x007d },
  // Others in the registry
  { key: "listMo", moid: "urn:oma:mo:oma-listmo:1.0", name: "List of supported MOs", index: 0x0028 },
  { key: "dmScheduling", moid: "urn:oma:mo:oma-dm-scheduling:1.0", name: "DM Scheduling", index: 0x0034 },
  { key: "mgmtPolicy", moid: "urn:oma:mo:oma-mgmtpolicymo:1.0", name: "Management Policy MO", index: 0x007f },
  { key: "virMo", moid: "urn:oma:mo:oma-virmo:1.0", name: "Virtualization MO", index: 0x0066 },
  { key: "vmImageMo", moid: "urn:oma:mo:oma-vmimgmo:1.0", name: "VM Image MO", index: 0x0067 },
] as const;

export type MoIdentifierEntry = (typeof moIdentifiers)[number];
export type MoKey = MoIdentifierEntry["key"];
export type MoId = MoIdentifierEntry["moid"];

/** MOIDs by key: `moId.fumo === "urn:oma:mo:oma-fumo:1.0"`. */
export const moId = Object.fromEntries(moIdentifiers.map((m) => [m.key, m.moid])) as {
  readonly [E in MoIdentifierEntry as E["key"]]: E["moid"];
};

/**
 * Identifiers seen in the field for the same MOs, to accept when searching a tree by Type:
 * reversed-domain DDFNames from the bootstrap example [TR-BOOT §3.1.4.5] and the Verizon DiagMon
 * spelling (gaps sheet §3.2). Keys are the identifier, values the MO key it stands for.
 */
export const moIdAliases: ReadonlyMap<string, MoKey> = new Map<string, MoKey>([
  ["org.openmobilealliance/1.0/w7", "dmAcc"],
  ["org.openmobilealliance/1.0/ConnMO", "connMoNap"],
  ["urn:oma:mo:oma-diag:1.0", "diagMon"],
]);

const byMoid: ReadonlyMap<string, MoIdentifierEntry> = new Map(moIdentifiers.map((m) => [m.moid, m]));

/** The registry entry for a MOID (exact match), or undefined. */
export function moIdentifierEntry(moid: string): MoIdentifierEntry | undefined {
  return byMoid.get(moid);
}

/**
 * True when a node Type identifies a DM account: any DMAcc version (a server must accept both
 * dmacc:1.0 and dmacc:1.1, gaps sheet §5.2) or the w7 DDFName bootstrap messages use.
 */
export function isDmAccType(type: string): boolean {
  const t = type.trim();
  return t === moId.dmAcc || t === moId.dmAcc13 || t === moId.dmAcc20 || moIdAliases.get(t) === "dmAcc";
}
