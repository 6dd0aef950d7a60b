/**
 * Media types, XML namespaces and formal public identifiers of SyncML DM (fact sheet §2.1, §3.5).
 */

/** MIME types that label DM messages and the documents they carry [TR-REP §4.1.2.1], [TR-TND appendix]. */
export const dmMediaTypes = {
  /** A DM message in XML; one of the two DM types MUST label DM messages on MIME transports. */
  dmXml: "application/vnd.syncml.dm+xml",
  dmWbxml: "application/vnd.syncml.dm+wbxml",
  /** SyncML DS / pre-DM 1.1.2 labels; accepted on input from old peers. */
  syncmlXml: "application/vnd.syncml+xml",
  syncmlWbxml: "application/vnd.syncml+wbxml",
  tndsXml: "application/vnd.syncml.dmtnds+xml",
  tndsWbxml: "application/vnd.syncml.dmtnds+wbxml",
  ddfXml: "application/vnd.syncml.dmddf+xml",
  ddfWbxml: "application/vnd.syncml.dmddf+wbxml",
  /** Package 0 (WSP well-known content type 0x44) [TR-NOT §6.3]. */
  notification: "application/vnd.syncml.notification",
} as const;

export type DmMediaType = (typeof dmMediaTypes)[keyof typeof dmMediaTypes];

/** XML namespaces [TR-REP §4.1.2.1], [TR-TNDS §9.1.3]. */
export const syncmlNamespaces = {
  /** DM 1.1.2 messages. */
  syncml11: "SYNCML:SYNCML1.1",
  /** DM 1.2 and 1.3 messages. */
  syncml12: "SYNCML:SYNCML1.2",
  /** MetInf children of Meta, declared on each child in XML. */
  metinf: "syncml:metinf",
  /** DDF and TNDS (MgmtTree). */
  dmddf12: "syncml:dmddf1.2",
  /** DS device information; DM uses ./DevInfo instead. */
  devinf: "syncml:devinf",
} as const;

/** The namespaces a SyncML DM message root may have (no namespace is also accepted on input). */
export type SyncMLNamespace = typeof syncmlNamespaces.syncml11 | typeof syncmlNamespaces.syncml12;

/** Formal public identifiers (XML DOCTYPE, WBXML string-table public id) [LIBWBXML:wbxml_tables.h]. */
export const syncmlPublicIds = {
  syncml11: "-//SYNCML//DTD SyncML 1.1//EN",
  syncml12: "-//SYNCML//DTD SyncML 1.2//EN",
  metinf12: "-//SYNCML//DTD MetInf 1.2//EN",
  devinf12: "-//SYNCML//DTD DevInf 1.2//EN",
  dmddf12: "-//OMA//DTD-DM-DDF 1.2//EN",
} as const;

/** DTD system identifiers that go with `syncmlPublicIds` [LIBWBXML:wbxml_tables.c]. */
export const syncmlDtdUrls = {
  syncml12: "http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_RepPro_DTD-V1_2.dtd",
  metinf12: "http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_MetaInfo_DTD-V1_2.dtd",
  dmddf12: "http://www.openmobilealliance.org/tech/DTD/dm_ddf-v1_2.dtd",
} as const;

/** The two spellings of a SyncML DM message. */
export type SyncMLEncoding = "xml" | "wbxml";

/** The media type that labels a DM message in `encoding` [TR-REP §4.1.2.1]. */
export function syncmlMediaType(
  encoding: SyncMLEncoding,
): typeof dmMediaTypes.dmXml | typeof dmMediaTypes.dmWbxml {
  return encoding === "wbxml" ? dmMediaTypes.dmWbxml : dmMediaTypes.dmXml;
}

/**
 * The encoding a Content-Type names, or undefined when it is not a SyncML message type. Parameters
 * (`charset`, `verproto`, `verdtd` [GODM-RS: DM RepPro 1.2.1 §5.1]) and case are ignored; the
 * legacy SyncML types are accepted.
 */
export function encodingOfMediaType(contentType: string): SyncMLEncoding | undefined {
  const semi = contentType.indexOf(";");
  const bare = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  switch (bare) {
    case dmMediaTypes.dmXml:
    case dmMediaTypes.syncmlXml:
      return "xml";
    case dmMediaTypes.dmWbxml:
    case dmMediaTypes.syncmlWbxml:
      return "wbxml";
    default:
      return undefined;
  }
}
