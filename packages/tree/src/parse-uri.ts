/**
 * Node URIs and their queries. [TR-TND §8.1], fact sheet §6.1 and §2.4
 *
 * - `./A/B` and `A/B` name the same node; the root is `.`; `./` may only lead.
 * - No empty segment (so no leading or trailing `/`), no `.` or `..` segment.
 * - `?prop=<Name>` addresses a property [TR-TND §8.3.3]; `?list=Struct|StructData|TNDS` a listing,
 *   TNDS with a `+A+B` or `-A-B` property selection [TR-TND §8.4.2].
 *
 * Malformed URIs give 400; an unknown query key, property or list form gives 406.
 */
import type { NodeProperty, TndsSelectableProperty, TndsSelection } from "./tree-api.js";
import { nodeProperties, tndsSelectableProperties } from "./tree-api.js";

export type UriQuery =
  | { readonly kind: "prop"; readonly property: NodeProperty }
  | { readonly kind: "list"; readonly list: "Struct" | "StructData" }
  | { readonly kind: "list"; readonly list: "TNDS"; readonly selection?: TndsSelection };

export interface ParsedUri {
  /** The URI as given, without the query: what Results name as Source. */
  readonly base: string;
  /** Node names below the root; [] for the root. */
  readonly segments: readonly string[];
  readonly query?: UriQuery;
}

/** The URI limits of ./DevDetail/URI; 0 = unlimited. [TR-STD §7.1.3.3] */
export interface UriLimits {
  readonly maxDepth: number;
  readonly maxTotLen: number;
  readonly maxSegLen: number;
}

export const noUriLimits: UriLimits = { maxDepth: 0, maxTotLen: 0, maxSegLen: 0 };

/** Parses a node URI; a status number (400, 406) when it is not acceptable. */
export function parseUri(uri: string): ParsedUri | number {
  const q = uri.indexOf("?");
  const base = q < 0 ? uri : uri.slice(0, q);
  const segments = splitPath(base);
  if (segments === undefined) return 400;
  if (q < 0) return { base, segments };
  const query = parseQuery(uri.slice(q + 1));
  return typeof query === "number" ? query : { base, segments, query };
}

/** The names of a path without query; undefined when the path is malformed. */
export function splitPath(path: string): string[] | undefined {
  const rel = relativePath(path);
  if (rel === undefined) return undefined;
  if (rel === "") return [];
  const segments = rel.split("/");
  for (const s of segments) if (!isValidSegment(s)) return undefined;
  return segments;
}

/**
 * The path with the optional leading `./` removed ("" for the root), or undefined when it
 * cannot be a node path (empty, `./` alone, leading `/`).
 */
export function relativePath(path: string): string | undefined {
  if (path === ".") return "";
  if (path.startsWith("./")) path = path.slice(2);
  if (path === "") return undefined;
  return path;
}

/** A node name: not empty, no `/` or `?`, not `.` or `..`. */
export function isValidSegment(s: string): boolean {
  if (s === "" || s === "." || s === "..") return false;
  return !s.includes("/") && !s.includes("?");
}

/**
 * 414 when the path breaks a limit, else 0. Depth counts names below the root, total length
 * counts the characters of the path without the leading `./`. [TR-STD §7.1.3.3]
 */
export function checkUriLimits(segments: readonly string[], limits: UriLimits): number {
  if (limits.maxDepth > 0 && segments.length > limits.maxDepth) return 414;
  let total = segments.length > 0 ? segments.length - 1 : 0;
  for (const s of segments) {
    if (limits.maxSegLen > 0 && s.length > limits.maxSegLen) return 414;
    total += s.length;
  }
  return limits.maxTotLen > 0 && total > limits.maxTotLen ? 414 : 0;
}

/** The URI of a child: `./A` + `B`; the root `.` gives `./B`. */
export function childUri(parent: string, name: string): string {
  return parent === "." ? `./${name}` : `${parent}/${name}`;
}

const propertySet: ReadonlySet<string> = new Set(nodeProperties);
const selectableSet: ReadonlySet<string> = new Set(tndsSelectableProperties);

function parseQuery(query: string): UriQuery | number {
  const eq = query.indexOf("=");
  if (eq < 0) return 400;
  const key = query.slice(0, eq);
  const value = query.slice(eq + 1);
  if (key === "prop") {
    // [TR-TND §8.3.3] an unsupported property is 406.
    return propertySet.has(value) ? { kind: "prop", property: value as NodeProperty } : 406;
  }
  if (key !== "list") return 406;
  if (value === "Struct" || value === "StructData") return { kind: "list", list: value };
  if (!value.startsWith("TNDS")) return 406;
  const rest = value.slice(4);
  if (rest === "") return { kind: "list", list: "TNDS" };
  const selection = parseSelection(rest);
  return typeof selection === "number" ? selection : { kind: "list", list: "TNDS", selection };
}

/** `+A+B` or `-A-B`; the two signs cannot be mixed (400). [TR-TND §8.4.2] */
function parseSelection(text: string): TndsSelection | number {
  const mode = text[0];
  if (mode !== "+" && mode !== "-") return 406;
  const names = text.slice(1).split(mode);
  const properties: TndsSelectableProperty[] = [];
  for (const n of names) {
    if (n === "") return 400;
    if (n.includes(mode === "+" ? "-" : "+")) return 400;
    if (!selectableSet.has(n)) return 406;
    properties.push(n as TndsSelectableProperty);
  }
  return { mode, properties };
}
