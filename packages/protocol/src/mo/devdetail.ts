/**
 * ./DevDetail [TR-STD §7.1.3.3]: read by servers on demand. URI/* limits are decimal strings,
 * 0 meaning unlimited; LrgObj "true" announces large-object support.
 */
export const devDetailRoot = "./DevDetail";

/** Leaf paths relative to ./DevDetail. */
export const devDetailLeaves = [
  "DevTyp",
  "OEM",
  "FwV",
  "SwV",
  "HwV",
  "LrgObj",
  "URI/MaxDepth",
  "URI/MaxTotLen",
  "URI/MaxSegLen",
] as const;

export type DevDetailLeaf = (typeof devDetailLeaves)[number];

/** Interior nodes: URI (the limits), Ext and Bearer (optional). */
export const devDetailInteriors = ["URI", "Ext", "Bearer"] as const;

/** `./DevDetail/<leaf>`. */
export function devDetailUri(leaf: DevDetailLeaf): `./DevDetail/${DevDetailLeaf}` {
  return `${devDetailRoot}/${leaf}`;
}
