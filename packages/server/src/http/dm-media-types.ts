/**
 * The media types a DM 1.2 message may arrive with: the DM types, and the older SyncML types some
 * clients still send (issue 4). [TR-REP intro], [fact sheet §10.1]
 */
export const dmMediaTypes = [
  ["application/vnd.syncml.dm+xml", "xml"],
  ["application/vnd.syncml.dm+wbxml", "wbxml"],
  ["application/vnd.syncml+xml", "xml"],
  ["application/vnd.syncml+wbxml", "wbxml"],
] as const;

/** One of `dmMediaTypes`' names. */
export type DmMediaType = (typeof dmMediaTypes)[number][0];

const encodingOf = new Map<string, "xml" | "wbxml">(dmMediaTypes);

/**
 * The DM media type of a Content-Type header (parameters such as charset ignored, case-insensitive),
 * or undefined when it is not one.
 */
export function dmMediaTypeOf(contentType: string | undefined): DmMediaType | undefined {
  if (contentType === undefined) return undefined;
  const semi = contentType.indexOf(";");
  const type = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return encodingOf.has(type) ? (type as DmMediaType) : undefined;
}

/** Whether a DM media type is the WBXML one. */
export function isWbxmlMediaType(type: DmMediaType): boolean {
  return encodingOf.get(type) === "wbxml";
}
