/**
 * The bytes of a device's pending-alert file: the queue of Generic Alerts (1226) and Client
 * Events (1224) not yet acknowledged by a server [TR-PRO §2.3.7], as versioned JSON.
 *
 *   {"format":"omadm-alerts","version":1,"nextId":3,"alerts":[{"id":"a1","alert":1226,...}]}\n
 *
 * Item Data keeps its kind: `{"text":...}`, `{"b64":...}` (bytes) or `{"element":...}` (an
 * embedded document, children in the same three kinds). Keys are written in a fixed order so
 * equal queues give equal bytes. Codec only: no I/O.
 */
import type { Child, Data, Element, Item, Location, Meta } from "@omadm/protocol";
import { OmaDmError } from "@omadm/protocol";
import type { PendingAlert } from "../session/session-api.js";

/** The envelope's format name and the version this build writes. */
export const alertFileFormat = { name: "omadm-alerts", version: 1 } as const;

/** The decoded file: the alerts, oldest first, and the next id number to hand out. */
export interface AlertFileState {
  readonly nextId: number;
  readonly alerts: readonly PendingAlert[];
}

/** Serializes the queue. Deterministic. */
export function encodeAlertFile(state: AlertFileState): Uint8Array {
  const body = {
    format: alertFileFormat.name,
    version: alertFileFormat.version,
    nextId: state.nextId,
    alerts: state.alerts.map(alertJson),
  };
  return Buffer.from(`${JSON.stringify(body)}\n`, "utf8");
}

/** Reads an alert file back. Throws OmaDmError "ALERT_FILE_INVALID" for anything else. */
export function decodeAlertFile(bytes: Uint8Array): AlertFileState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (e) {
    invalid("not complete UTF-8 JSON (truncated or corrupt)", e);
  }
  if (!isRecord(parsed) || parsed.format !== alertFileFormat.name)
    invalid(`not an ${alertFileFormat.name} file`);
  if (parsed.version !== alertFileFormat.version)
    invalid(`version ${String(parsed.version)} is not supported`);
  const { nextId, alerts } = parsed;
  if (typeof nextId !== "number" || !Number.isSafeInteger(nextId) || nextId < 1) invalid("bad nextId");
  if (!Array.isArray(alerts)) invalid("alerts must be an array");
  return { nextId, alerts: (alerts as unknown[]).map((a, i) => alertFrom(a, `alerts[${i}]`)) };
}

function alertJson(a: PendingAlert): unknown {
  return {
    id: a.id,
    ...(a.serverId === undefined ? {} : { serverId: a.serverId }),
    alert: a.alert,
    ...(a.correlator === undefined ? {} : { correlator: a.correlator }),
    items: a.items.map(itemJson),
  };
}

function itemJson(item: Item): unknown {
  return {
    ...(item.target === undefined ? {} : { target: locationJson(item.target) }),
    ...(item.source === undefined ? {} : { source: locationJson(item.source) }),
    ...(item.sourceParent === undefined ? {} : { sourceParent: item.sourceParent }),
    ...(item.targetParent === undefined ? {} : { targetParent: item.targetParent }),
    ...(item.meta === undefined ? {} : { meta: metaJson(item.meta) }),
    ...(item.data === undefined ? {} : { data: dataJson(item.data) }),
    ...(item.moreData === undefined ? {} : { moreData: item.moreData }),
  };
}

function locationJson(l: Location): unknown {
  return l.locName === undefined ? { locUri: l.locUri } : { locUri: l.locUri, locName: l.locName };
}

const metaKeys = [
  "format",
  "type",
  "mark",
  "size",
  "nextNonce",
  "version",
  "maxMsgSize",
  "maxObjSize",
  "emi",
] as const;

function metaJson(m: Meta): unknown {
  const out: Record<string, unknown> = {};
  for (const k of metaKeys) if (m[k] !== undefined) out[k] = m[k];
  return out;
}

function dataJson(d: Data | Child): unknown {
  if (typeof d === "string") return { text: d };
  if (d instanceof Uint8Array) return { b64: Buffer.from(d).toString("base64") };
  return {
    element: {
      name: d.name,
      ns: d.ns,
      ...(d.attributes === undefined
        ? {}
        : { attributes: d.attributes.map((a) => ({ name: a.name, value: a.value })) }),
      children: d.children.map(dataJson),
    },
  };
}

// ---- reading back, checking every field --------------------------------------------------

function alertFrom(raw: unknown, at: string): PendingAlert {
  if (!isRecord(raw)) invalid(`${at}: not an object`);
  const { id, serverId, alert, correlator, items } = raw;
  if (typeof id !== "string" || id === "") invalid(`${at}: bad id`);
  if (serverId !== undefined && typeof serverId !== "string") invalid(`${at}: bad serverId`);
  if (alert !== 1224 && alert !== 1226) invalid(`${at}: alert must be 1224 or 1226`);
  if (correlator !== undefined && typeof correlator !== "string") invalid(`${at}: bad correlator`);
  if (!Array.isArray(items)) invalid(`${at}: items must be an array`);
  return {
    id,
    ...(serverId === undefined ? {} : { serverId }),
    alert,
    ...(correlator === undefined ? {} : { correlator }),
    items: (items as unknown[]).map((it, i) => itemFrom(it, `${at}.items[${i}]`)),
  };
}

function itemFrom(raw: unknown, at: string): Item {
  if (!isRecord(raw)) invalid(`${at}: not an object`);
  const { target, source, sourceParent, targetParent, meta, data, moreData } = raw;
  if (sourceParent !== undefined && typeof sourceParent !== "string") invalid(`${at}: bad sourceParent`);
  if (targetParent !== undefined && typeof targetParent !== "string") invalid(`${at}: bad targetParent`);
  if (moreData !== undefined && typeof moreData !== "boolean") invalid(`${at}: bad moreData`);
  return {
    ...(target === undefined ? {} : { target: locationFrom(target, `${at}.target`) }),
    ...(source === undefined ? {} : { source: locationFrom(source, `${at}.source`) }),
    ...(sourceParent === undefined ? {} : { sourceParent }),
    ...(targetParent === undefined ? {} : { targetParent }),
    ...(meta === undefined ? {} : { meta: metaFrom(meta, `${at}.meta`) }),
    ...(data === undefined ? {} : { data: dataFrom(data, `${at}.data`) }),
    ...(moreData === undefined ? {} : { moreData }),
  };
}

function locationFrom(raw: unknown, at: string): Location {
  if (!isRecord(raw) || typeof raw.locUri !== "string") invalid(`${at}: bad location`);
  if (raw.locName !== undefined && typeof raw.locName !== "string") invalid(`${at}: bad locName`);
  return raw.locName === undefined ? { locUri: raw.locUri } : { locUri: raw.locUri, locName: raw.locName };
}

const numericMeta = new Set<string>(["size", "maxMsgSize", "maxObjSize"]);

function metaFrom(raw: unknown, at: string): Meta {
  if (!isRecord(raw)) invalid(`${at}: not an object`);
  const out: Record<string, unknown> = {};
  for (const k of metaKeys) {
    const v = raw[k];
    if (v === undefined) continue;
    const ok =
      k === "emi"
        ? Array.isArray(v) && v.every((x) => typeof x === "string")
        : numericMeta.has(k)
          ? typeof v === "number" && Number.isSafeInteger(v) && v >= 0
          : typeof v === "string";
    if (!ok) invalid(`${at}.${k}: bad value`);
    out[k] = v;
  }
  return out;
}

function dataFrom(raw: unknown, at: string, depth = 0): Data {
  if (depth > 64) invalid(`${at}: nested too deeply`);
  if (!isRecord(raw)) invalid(`${at}: not an object`);
  if (typeof raw.text === "string") return raw.text;
  if (typeof raw.b64 === "string") {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(raw.b64)) invalid(`${at}: bad base64`);
    return new Uint8Array(Buffer.from(raw.b64, "base64"));
  }
  const e = raw.element;
  if (!isRecord(e) || typeof e.name !== "string" || typeof e.ns !== "string" || !Array.isArray(e.children)) {
    invalid(`${at}: expected text, b64 or element`);
  }
  const attributes = e.attributes;
  if (attributes !== undefined) {
    const ok =
      Array.isArray(attributes) &&
      attributes.every((a) => isRecord(a) && typeof a.name === "string" && typeof a.value === "string");
    if (!ok) invalid(`${at}: bad attributes`);
  }
  const element: Element = {
    name: e.name,
    ns: e.ns,
    ...(attributes === undefined ? {} : { attributes }),
    children: (e.children as unknown[]).map((c, i) => dataFrom(c, `${at}.children[${i}]`, depth + 1)),
  };
  return element;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function invalid(message: string, cause?: unknown): never {
  throw new OmaDmError(
    "ALERT_FILE_INVALID",
    `alert file: ${message}`,
    cause === undefined ? undefined : { cause },
  );
}
