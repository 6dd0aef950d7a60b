/**
 * DM 2.0 (draft, seed 004) TNDS20 document, media type application/tnds20: the JSON body of
 * Pkg#1 and of the files PUT/POST/GET exchange. [DM2 §5.4], [DM2 C.1]
 */
import type { JsonValue } from "./ordered-json.js";

export interface Tnds20Document {
  /** Supported MOs ("MO"), when the notification asked for them. Empty when absent. */
  readonly mo: readonly Tnds20Mo[];
  /** Serialized MO instances ("TNDS20"). Empty when absent. */
  readonly tnds20: readonly Tnds20Object[];
  /** Generic Alerts ("GenericAlerts"): the draft gives no format, so they stay JSON values. */
  readonly genericAlerts?: readonly JsonValue[];
}

/** One supported MO: its identifier, DDF location, and the paths of its instances. */
export interface Tnds20Mo {
  readonly moid: string;
  readonly ddf?: string;
  readonly paths: readonly string[];
}

/** One MO instance: MOID, Path, then its nodes as ordered name -> value or subtree. */
export interface Tnds20Object {
  readonly moid: string;
  readonly path: string;
  readonly values: readonly Tnds20Node[];
}

/** A leaf (string value) or an interior node (ordered children). */
export interface Tnds20Node {
  readonly name: string;
  readonly value: string | readonly Tnds20Node[];
}

/** Member names of the TNDS20 JSON form. */
export const tnds20Keys = {
  mo: "MO",
  tnds20: "TNDS20",
  genericAlerts: "GenericAlerts",
  moid: "MOID",
  ddf: "DDF",
  path: "Path",
} as const;
