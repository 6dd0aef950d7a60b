/**
 * JSON for typed models: bytes become `{ "base64": "..." }`, decoder offsets are left out (they
 * describe the input, not the message), and everything else is written as it is.
 */
export function renderJson(value: unknown): string {
  return JSON.stringify(value, replacer, 2) + "\n";
}

function replacer(this: unknown, key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString("base64") };
  if (key === "offset" && typeof value === "number") return undefined;
  return value;
}
