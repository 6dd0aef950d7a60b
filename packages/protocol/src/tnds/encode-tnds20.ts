import { OmaDmError } from "../errors.js";
import { encodeJson } from "./encode-json.js";
import type { JsonMember, JsonValue } from "./ordered-json.js";
import type { Tnds20Document, Tnds20Node } from "./tnds20-document.js";
import { tnds20Keys as K } from "./tnds20-document.js";

export interface EncodeTnds20Options {
  /** Indentation per level; compact output when absent. */
  readonly indent?: string;
}

/**
 * Encodes a TNDS20 document as UTF-8 JSON in which no object repeats a key, so any JSON reader
 * gets it right (docs/decisions/tnds-and-dm2.md): "MO" holds one object per MO instance path
 * (`{"MOID", "DDF", "Path"}`; one `{"MOID", "DDF"}` for an MO without instances), which our decoder
 * merges back by MOID. Empty lists are left out. Throws OmaDmError "INVALID_ARGUMENT" for a
 * document that would not read back the same: the same MOID twice in `mo`, duplicate sibling node
 * names, or a top-level node named "MOID" or "Path".
 */
export function encodeTnds20(doc: Tnds20Document, options: EncodeTnds20Options = {}): Uint8Array {
  const members: JsonMember[] = [];
  if (doc.mo.length > 0) {
    const moids = new Set<string>();
    const items: JsonValue[] = [];
    for (const mo of doc.mo) {
      if (moids.has(mo.moid)) misuse(`MO ${mo.moid} is listed twice`);
      moids.add(mo.moid);
      const head: JsonMember[] = [member(K.moid, mo.moid)];
      if (mo.ddf !== undefined) head.push(member(K.ddf, mo.ddf));
      if (mo.paths.length === 0) items.push({ type: "object", members: head });
      for (const p of mo.paths) items.push({ type: "object", members: [...head, member(K.path, p)] });
    }
    members.push({ key: K.mo, value: { type: "array", items } });
  }
  if (doc.tnds20.length > 0) {
    const items: JsonValue[] = doc.tnds20.map((o) => {
      for (const n of o.values) {
        if (n.name === K.moid || n.name === K.path) misuse(`a top-level node cannot be named ${n.name}`);
      }
      return {
        type: "object",
        members: [member(K.moid, o.moid), member(K.path, o.path), ...nodeMembers(o.values)],
      };
    });
    members.push({ key: K.tnds20, value: { type: "array", items } });
  }
  if (doc.genericAlerts !== undefined) {
    members.push({ key: K.genericAlerts, value: { type: "array", items: doc.genericAlerts } });
  }
  const text = encodeJson(
    { type: "object", members },
    options.indent === undefined ? {} : { indent: options.indent },
  );
  return utf8Encoder.encode(text);
}

const utf8Encoder = new TextEncoder();

function nodeMembers(nodes: readonly Tnds20Node[]): JsonMember[] {
  const names = new Set<string>();
  return nodes.map((n) => {
    if (names.has(n.name)) misuse(`duplicate node name ${n.name}`);
    names.add(n.name);
    return typeof n.value === "string"
      ? member(n.name, n.value)
      : { key: n.name, value: { type: "object", members: nodeMembers(n.value) } };
  });
}

function member(key: string, value: string): JsonMember {
  return { key, value: { type: "string", value } };
}

function misuse(message: string): never {
  throw new OmaDmError("INVALID_ARGUMENT", message);
}
