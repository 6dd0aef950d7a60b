import type { SyncMLEncoding } from "./media-types.js";

/**
 * The Meta Type of an embedded document re-spelled for `encoding`: `...+xml` <-> `...+wbxml`,
 * as libwbxml does when it transcodes (fact sheet §3.7): the Type must describe the bytes on the
 * wire. Types without either suffix are returned unchanged.
 */
export function typeForEncoding(type: string, encoding: SyncMLEncoding): string {
  const t = type.trim();
  const lower = t.toLowerCase();
  if (encoding === "xml" && lower.endsWith("+wbxml")) return `${t.slice(0, -"+wbxml".length)}+xml`;
  if (encoding === "wbxml" && lower.endsWith("+xml")) return `${t.slice(0, -"+xml".length)}+wbxml`;
  return type;
}

/** True when a Meta Type names a WBXML document (`application/vnd.syncml.dmtnds+wbxml`, ...). */
export function isWbxmlType(type: string): boolean {
  return type.trim().toLowerCase().endsWith("+wbxml");
}
