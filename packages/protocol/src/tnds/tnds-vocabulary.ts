/**
 * The closed vocabularies of the DDF/TNDS DTD (dm_ddf-v1_2.dtd), one `as const` table each.
 * Every lookup direction is derived from these tables.
 */

/** Namespace of DDF and TNDS documents. [TR-TND §8.5] */
export const dmddfNamespace = "syncml:dmddf1.2";

/** Formal public identifier of the DDF/TNDS DTD. [TR-TND §8.5] */
export const dmddfPublicId = "-//OMA//DTD-DM-DDF 1.2//EN";

/** Media types of DDF and TNDS documents. [TR-TND appendix], [TR-TNDS appendix] */
export const tndsMediaTypes = {
  ddfXml: "application/vnd.syncml.dmddf+xml",
  ddfWbxml: "application/vnd.syncml.dmddf+wbxml",
  tndsXml: "application/vnd.syncml.dmtnds+xml",
  tndsWbxml: "application/vnd.syncml.dmtnds+wbxml",
} as const;

/**
 * Node formats, written as empty elements inside Format / DFFormat. [TR-TND §8.3] Note that the
 * format `node` differs from the structural element `Node` only by case.
 */
export const nodeFormats = [
  "b64",
  "bin",
  "bool",
  "chr",
  "int",
  "node",
  "null",
  "xml",
  "date",
  "time",
  "float",
] as const;
export type NodeFormat = (typeof nodeFormats)[number];

/** AccessType children, in DTD order (Add?, Copy?, Delete?, Exec?, Get?, Replace?). [TR-TND §8.5] */
export const accessTypes = ["Add", "Copy", "Delete", "Exec", "Get", "Replace"] as const;
export type AccessType = (typeof accessTypes)[number];

/** Occurrence kinds; the `N` kinds carry a count as text. [TR-TND §8.5] */
export const occurrenceKinds = ["One", "ZeroOrOne", "ZeroOrMore", "OneOrMore", "ZeroOrN", "OneOrN"] as const;
export type OccurrenceKind = (typeof occurrenceKinds)[number];

/**
 * Bounds of N in ZeroOrN / OneOrN. The fact sheet gives 2..65536 [TR-TND §8.5]; 1 is accepted as
 * well because it is unambiguous and some DDFs use it (see docs/decisions/tnds-and-dm2.md).
 */
export const occurrenceNBounds = { min: 1, max: 65536 } as const;

/** Scope values. Default Dynamic. [TR-TND §8.5] */
export const scopes = ["Permanent", "Dynamic"] as const;
export type Scope = (typeof scopes)[number];

/** CaseSense values: case sensitive or case insensitive. [TR-TND §8.5] */
export const caseSenses = ["CS", "CIS"] as const;
export type CaseSense = (typeof caseSenses)[number];

const formatSet: ReadonlySet<string> = new Set(nodeFormats);
const accessTypeSet: ReadonlySet<string> = new Set(accessTypes);
const occurrenceSet: ReadonlySet<string> = new Set(occurrenceKinds);
const scopeSet: ReadonlySet<string> = new Set(scopes);
const caseSenseSet: ReadonlySet<string> = new Set(caseSenses);

/** Type guards over the tables above, for decoders. */
export function isNodeFormat(s: string): s is NodeFormat {
  return formatSet.has(s);
}
export function isAccessType(s: string): s is AccessType {
  return accessTypeSet.has(s);
}
export function isOccurrenceKind(s: string): s is OccurrenceKind {
  return occurrenceSet.has(s);
}
export function isScope(s: string): s is Scope {
  return scopeSet.has(s);
}
export function isCaseSense(s: string): s is CaseSense {
  return caseSenseSet.has(s);
}
