import { OmaDmError } from "../errors.js";
import type { JsonValue } from "./ordered-json.js";

export interface EncodeJsonOptions {
  /** Indentation per level; compact output when absent. */
  readonly indent?: string;
}

/**
 * Writes ordered JSON values as text, duplicate keys included, in member order. Throws OmaDmError
 * "INVALID_ARGUMENT" for a number whose text is not a JSON number.
 */
export function encodeJson(value: JsonValue, options: EncodeJsonOptions = {}): string {
  const parts: string[] = [];
  write(value, parts, options.indent, "");
  return parts.join("");
}

const jsonNumber = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

function write(v: JsonValue, out: string[], indent: string | undefined, pad: string): void {
  switch (v.type) {
    case "string":
      out.push(JSON.stringify(v.value));
      return;
    case "number":
      if (!jsonNumber.test(v.text))
        throw new OmaDmError("INVALID_ARGUMENT", `"${v.text}" is not a JSON number`);
      out.push(v.text);
      return;
    case "boolean":
      out.push(v.value ? "true" : "false");
      return;
    case "null":
      out.push("null");
      return;
    case "array": {
      if (v.items.length === 0) {
        out.push("[]");
        return;
      }
      const inner = indent === undefined ? pad : pad + indent;
      out.push("[");
      v.items.forEach((item, k) => {
        if (k > 0) out.push(",");
        if (indent !== undefined) out.push("\n", inner);
        write(item, out, indent, inner);
      });
      if (indent !== undefined) out.push("\n", pad);
      out.push("]");
      return;
    }
    case "object": {
      if (v.members.length === 0) {
        out.push("{}");
        return;
      }
      const inner = indent === undefined ? pad : pad + indent;
      out.push("{");
      v.members.forEach((m, k) => {
        if (k > 0) out.push(",");
        if (indent !== undefined) out.push("\n", inner);
        out.push(JSON.stringify(m.key), indent === undefined ? ":" : ": ");
        write(m.value, out, indent, inner);
      });
      if (indent !== undefined) out.push("\n", pad);
      out.push("}");
      return;
    }
  }
}
