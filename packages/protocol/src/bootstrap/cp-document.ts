/**
 * The OMA Client Provisioning document model (wap-provisioningdoc, PROV 1.0 / ProvCont 1.1):
 * characteristics holding parms and nested characteristics, in document order. Plain data; it
 * maps to the element tree in cp-element.ts and to XML/WBXML in cp-encoding.ts.
 */
export interface CpDocument {
  /** The `version` attribute ("1.0", "1.1"), when present. */
  readonly version?: string;
  readonly characteristics: readonly CpCharacteristic[];
}

export interface CpCharacteristic {
  readonly kind: "characteristic";
  /** The `type` attribute: APPLICATION, NAPDEF, PXLOGICAL, APPADDR, APPAUTH, PORT, ... */
  readonly type: string;
  readonly children: readonly CpNode[];
}

export interface CpParm {
  readonly kind: "parm";
  readonly name: string;
  /** Absent for value-less parms such as `<parm name="MASTER"/>`. */
  readonly value?: string;
}

export type CpNode = CpCharacteristic | CpParm;

/** Builds a characteristic. */
export function cpCharacteristic(type: string, children: readonly CpNode[]): CpCharacteristic {
  return { kind: "characteristic", type, children };
}

/** Builds a parm; a value of undefined writes a value-less parm. */
export function cpParm(name: string, value?: string): CpParm {
  return value === undefined ? { kind: "parm", name } : { kind: "parm", name, value };
}

/** The values of every parm named `name` (case-insensitive) directly in `c`, in order. */
export function cpParmValues(c: CpCharacteristic, name: string): string[] {
  const wanted = name.toUpperCase();
  const out: string[] = [];
  for (const n of c.children) {
    if (n.kind === "parm" && n.name.toUpperCase() === wanted && n.value !== undefined) out.push(n.value);
  }
  return out;
}

/** The value of the first parm named `name` (case-insensitive) directly in `c`, or undefined. */
export function cpParmValue(c: CpCharacteristic, name: string): string | undefined {
  return cpParmValues(c, name)[0];
}

/** The characteristics of type `type` (case-insensitive) directly in `c` or in the document. */
export function cpCharacteristicsOf(c: CpCharacteristic | CpDocument, type: string): CpCharacteristic[] {
  const wanted = type.toUpperCase();
  const nodes = "kind" in c ? c.children : c.characteristics;
  return nodes.filter(
    (n): n is CpCharacteristic => n.kind === "characteristic" && n.type.toUpperCase() === wanted,
  );
}
