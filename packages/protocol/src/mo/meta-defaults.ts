import type { NodeFormat } from "../tnds/tnds-vocabulary.js";

/**
 * The Format and Type a receiver assumes when neither an Item nor its command carries Meta
 * (fact sheet §2.3: implied by [TR-TND §8.3.4] and the examples; not found as normative text).
 * Node Format values themselves are tabled in tnds/tnds-vocabulary.ts (`nodeFormats`).
 */
export const metaDefaults = { format: "chr", type: "text/plain" } as const satisfies {
  readonly format: NodeFormat;
  readonly type: string;
};
