import { decodeBase64Text } from "../auth/base64-text.js";
import type { AAuthLevel } from "../auth/auth-schemes.js";
import { DecodeError, OmaDmError } from "../errors.js";
import {
  cpCharacteristic,
  cpCharacteristicsOf,
  cpParm,
  cpParmValue,
  type CpCharacteristic,
  type CpNode,
} from "./cp-document.js";
import type { DmAccount, DmAccountAddress, DmAccountAuth } from "./dm-account.js";

/** APPID of the OMA DM application characteristic. */
export const w7AppId = "w7";

/** w7 APPAUTH/AAUTHLEVEL <-> DMAcc AppAuth/<X>/AAuthLevel. [TR-STD appendix s.app.1], fact sheet §8.5 */
export const w7AuthLevels = [
  ["APPSRV", "CLCRED"],
  ["CLIENT", "SRVCRED"],
  ["OBEX", "OBEX"],
] as const;

const levelFromW7 = new Map<string, AAuthLevel>(w7AuthLevels);
const levelToW7 = new Map<AAuthLevel, string>(w7AuthLevels.map(([w, d]) => [d, w]));

function cpInvalid(message: string): never {
  throw new OmaDmError("CP_INVALID", message);
}

/** True for an APPLICATION characteristic with APPID w7. */
export function isW7Application(c: CpCharacteristic): boolean {
  return c.type.toUpperCase() === "APPLICATION" && cpParmValue(c, "APPID") === w7AppId;
}

/**
 * The DMAcc settings of a w7 APPLICATION characteristic [TR-STD appendix s.app.1]:
 * PROVIDER-ID -> ServerID, NAME -> Name, TO-PROXY / TO-NAPID -> PrefConRef (one) or ToConRef
 * (several), ADDR and APPADDR/ADDR, ADDRTYPE, PORT/PORTNBR -> AppAddr, APPAUTH -> AppAuth with
 * AAUTHLEVEL APPSRV -> CLCRED, CLIENT -> SRVCRED, OBEX -> OBEX (an APPAUTH with another or no
 * level has no DMAcc meaning and is left out). AAUTHDATA is base64 (as Windows documents it);
 * text that is not base64 is taken as its UTF-8 bytes. Vendor parms (INIT, ROLE, ...) are not
 * DMAcc fields and are left out. Throws OmaDmError("CP_INVALID") for a characteristic that is
 * not w7, has no PROVIDER-ID, or has a PORTNBR that is not a port number.
 */
export function dmAccountFromW7(app: CpCharacteristic): DmAccount {
  if (!isW7Application(app)) cpInvalid("not an APPLICATION cpCharacteristic with APPID w7");
  const serverId = cpParmValue(app, "PROVIDER-ID");
  if (serverId === undefined || serverId === "") cpInvalid("w7 application without PROVIDER-ID");
  const conRefs: string[] = [];
  const appAddrs: DmAccountAddress[] = [];
  for (const n of app.children) {
    if (n.kind !== "parm" || n.value === undefined) continue;
    const name = n.name.toUpperCase();
    if (name === "TO-PROXY" || name === "TO-NAPID") conRefs.push(n.value);
    else if (name === "ADDR") appAddrs.push({ addr: n.value });
  }
  for (const a of cpCharacteristicsOf(app, "APPADDR")) {
    const addr = cpParmValue(a, "ADDR");
    if (addr === undefined) continue;
    const addrType = cpParmValue(a, "ADDRTYPE");
    const ports = cpCharacteristicsOf(a, "PORT").flatMap((p) => {
      const v = cpParmValue(p, "PORTNBR");
      return v === undefined ? [] : [portNumber(v)];
    });
    appAddrs.push({
      addr,
      ...(addrType === undefined ? {} : { addrType }),
      ...(ports.length === 0 ? {} : { ports }),
    });
  }
  const appAuths: DmAccountAuth[] = [];
  for (const a of cpCharacteristicsOf(app, "APPAUTH")) {
    const level = levelFromW7.get((cpParmValue(a, "AAUTHLEVEL") ?? "").toUpperCase());
    if (level === undefined) continue;
    const type = cpParmValue(a, "AAUTHTYPE");
    const name = cpParmValue(a, "AAUTHNAME");
    const secret = cpParmValue(a, "AAUTHSECRET");
    const data = cpParmValue(a, "AAUTHDATA");
    appAuths.push({
      level,
      ...(type === undefined ? {} : { type }),
      ...(name === undefined ? {} : { name }),
      ...(secret === undefined ? {} : { secret }),
      ...(data === undefined ? {} : { data: authData(data) }),
    });
  }
  const name = cpParmValue(app, "NAME");
  return {
    serverId,
    ...(name === undefined ? {} : { name }),
    ...(conRefs.length === 1 ? { prefConRef: conRefs[0] } : {}),
    ...(conRefs.length > 1 ? { toConRefs: conRefs } : {}),
    appAddrs,
    appAuths,
  };
}

function portNumber(v: string): number {
  const n = Number(v.trim());
  if (!/^\d{1,5}$/.test(v.trim()) || n > 65535)
    cpInvalid(`PORTNBR ${JSON.stringify(v)} is not a port number`);
  return n;
}

function authData(text: string): Uint8Array {
  try {
    return decodeBase64Text(text, "CP_INVALID");
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return new TextEncoder().encode(text);
  }
}

/**
 * The w7 APPLICATION characteristic of DMAcc settings (the reverse of dmAccountFromW7).
 * Connectivity references are written as TO-NAPID unless `conRefParm` says TO-PROXY (DMAcc does
 * not record which kind a reference is). Throws OmaDmError("INVALID_ARGUMENT") for an AppAuth
 * level w7 cannot express (HTTP).
 */
export function w7FromDmAccount(
  account: DmAccount,
  options?: { readonly conRefParm?: "TO-NAPID" | "TO-PROXY" },
): CpCharacteristic {
  const refParm = options?.conRefParm ?? "TO-NAPID";
  const children: CpNode[] = [cpParm("APPID", w7AppId), cpParm("PROVIDER-ID", account.serverId)];
  if (account.name !== undefined) children.push(cpParm("NAME", account.name));
  const refs = [
    ...(account.prefConRef === undefined ? [] : [account.prefConRef]),
    ...(account.toConRefs ?? []),
  ];
  for (const r of refs) children.push(cpParm(refParm, r));
  for (const a of account.appAddrs) {
    const inner: CpNode[] = [cpParm("ADDR", a.addr)];
    if (a.addrType !== undefined) inner.push(cpParm("ADDRTYPE", a.addrType));
    for (const p of a.ports ?? []) inner.push(cpCharacteristic("PORT", [cpParm("PORTNBR", String(p))]));
    children.push(cpCharacteristic("APPADDR", inner));
  }
  for (const auth of account.appAuths) {
    const level = levelToW7.get(auth.level);
    if (level === undefined)
      throw new OmaDmError("INVALID_ARGUMENT", `w7 cannot carry AAuthLevel ${auth.level}`);
    const inner: CpNode[] = [cpParm("AAUTHLEVEL", level)];
    if (auth.type !== undefined) inner.push(cpParm("AAUTHTYPE", auth.type));
    if (auth.name !== undefined) inner.push(cpParm("AAUTHNAME", auth.name));
    if (auth.secret !== undefined) inner.push(cpParm("AAUTHSECRET", auth.secret));
    if (auth.data !== undefined) inner.push(cpParm("AAUTHDATA", Buffer.from(auth.data).toString("base64")));
    children.push(cpCharacteristic("APPAUTH", inner));
  }
  return cpCharacteristic("APPLICATION", children);
}
