/**
 * DMAcc (DM 1.2) node names and enumerated values [TR-STD §7.1.3.1], fact sheet §7.1.
 * Paths are relative to an account node `./DMAcc/<X>`.
 */
export const dmAccRoot = "./DMAcc";

/** AppID value of a DM account (w7 in Client Provisioning) [TR-STD §7.1.3.1]. */
export const dmAccAppId = "w7";

/** Node names of an account, relative to `<X>`; `<X>` marks a dynamic node. */
export const dmAccNodes = {
  appId: "AppID",
  serverId: "ServerID",
  name: "Name",
  prefConRef: "PrefConRef",
  toConRef: "ToConRef",
  conRef: "ToConRef/<X>/ConRef",
  appAddr: "AppAddr",
  addr: "AppAddr/<X>/Addr",
  addrType: "AppAddr/<X>/AddrType",
  port: "AppAddr/<X>/Port",
  portNbr: "AppAddr/<X>/Port/<X>/PortNbr",
  aAuthPref: "AAuthPref",
  appAuth: "AppAuth",
  aAuthLevel: "AppAuth/<X>/AAuthLevel",
  aAuthType: "AppAuth/<X>/AAuthType",
  aAuthName: "AppAuth/<X>/AAuthName",
  aAuthSecret: "AppAuth/<X>/AAuthSecret",
  aAuthData: "AppAuth/<X>/AAuthData",
  ext: "Ext",
} as const;

/** AppAddr/<X>/AddrType values; URI is the default. */
export const addrTypes = ["URI", "IPv4", "IPv6"] as const;
export type AddrType = (typeof addrTypes)[number];

// AAuthLevel and AAuthType values (CLCRED, SRVCRED, ...; BASIC, DIGEST, HMAC, ...) are tabled once,
// beside the auth schemes they name: auth/auth-schemes.ts (`aauthLevels`, `aauthTypes`).
