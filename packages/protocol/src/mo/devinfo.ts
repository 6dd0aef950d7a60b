/**
 * ./DevInfo [TR-STD §7.1.3.2]: leaves the client sends in package 1 (Replace, Format chr, Type
 * text/plain) and the optional interiors.
 */
export const devInfoRoot = "./DevInfo";

/** The leaves every DM 1.2 client reports in package 1 [TR-PRO §2.6.1]. */
export const devInfoLeaves = ["DevId", "Man", "Mod", "DmV", "Lang"] as const;

export type DevInfoLeaf = (typeof devInfoLeaves)[number];

/** Optional interior nodes: Ext (the only extension point) and Bearer. */
export const devInfoInteriors = ["Ext", "Bearer"] as const;

/** `./DevInfo/<leaf>`. */
export function devInfoUri(leaf: DevInfoLeaf): `./DevInfo/${DevInfoLeaf}` {
  return `${devInfoRoot}/${leaf}`;
}
