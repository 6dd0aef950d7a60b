/**
 * Small builders for DDF nodes (MgmtTree with DFProperties), so the standard-object DDF reads as
 * the tables of the StdObj specification. [TR-TND §8.5]
 */
import type { AccessType, NodeFormat, Occurrence, Scope, TndsNode } from "@omadm/protocol";

/** DFProperties of a described node, in the words of the StdObj tables. */
export interface DdfNodeSpec {
  readonly access: readonly AccessType[];
  readonly occurrence?: Occurrence["kind"];
  readonly scope?: Scope;
  /** DDFName (the MOID) of an interior node. */
  readonly moid?: string;
  readonly description?: string;
}

/** An interior node; `name` "" is the unnamed placeholder `<x>`. */
export function ddfInterior(name: string, spec: DdfNodeSpec, children: readonly TndsNode[] = []): TndsNode {
  return {
    nodeName: name,
    dfProperties: {
      accessType: spec.access,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      dfFormat: "node",
      occurrence: occurrence(spec.occurrence),
      scope: spec.scope ?? "Dynamic",
      dfType: { kind: "DDFName", value: spec.moid ?? "" },
    },
    children,
  };
}

/** A leaf of Format `format` (chr by default) and MIME type text/plain (application/octet-stream for bin). */
export function ddfLeaf(name: string, spec: DdfNodeSpec, format: NodeFormat = "chr"): TndsNode {
  return {
    nodeName: name,
    dfProperties: {
      accessType: spec.access,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      dfFormat: format,
      occurrence: occurrence(spec.occurrence),
      scope: spec.scope ?? "Dynamic",
      dfType: { kind: "MIME", values: [format === "bin" ? "application/octet-stream" : "text/plain"] },
    },
    children: [],
  };
}

function occurrence(kind: Occurrence["kind"] | undefined): Occurrence {
  switch (kind) {
    case undefined:
      return { kind: "One" };
    case "ZeroOrN":
    case "OneOrN":
      // Not used by the standard objects; a bound would have to be given.
      return { kind: kind === "ZeroOrN" ? "ZeroOrMore" : "OneOrMore" };
    case "One":
    case "ZeroOrOne":
    case "ZeroOrMore":
    case "OneOrMore":
      return { kind };
  }
}
