import { DecodeError } from "../errors.js";
import type { DecodeLimits } from "../limits.js";
import { decodeJson } from "./decode-json.js";
import type { JsonObject, JsonValue } from "./ordered-json.js";
import { stripJsonOffsets } from "./ordered-json.js";
import type { Tnds20Document, Tnds20Mo, Tnds20Node, Tnds20Object } from "./tnds20-document.js";
import { tnds20Keys as K } from "./tnds20-document.js";

export interface DecodeTnds20Options {
  readonly limits?: Partial<DecodeLimits>;
}

/**
 * Decodes a TNDS20 (application/tnds20) JSON document. [DM2 §5.4], [DM2 C.1]
 *
 * "MO" accepts both the draft's grouping (one object holding several MOs, each starting at its
 * "MOID" key and followed by its "DDF" and "Path" keys) and one object per MO; entries with the same
 * MOID are merged (paths in order). Leaf values are strings (numbers and booleans are read as their
 * text). Unknown top-level members are skipped. Syntax errors give "JSON_MALFORMED"; a document of
 * the wrong shape gives "TNDS_INVALID" at the offending value's offset.
 */
export function decodeTnds20(input: Uint8Array | string, options: DecodeTnds20Options = {}): Tnds20Document {
  const root = decodeJson(input, options);
  if (root.type !== "object") invalid(root, "a TNDS20 document is a JSON object");
  let mo: Tnds20Mo[] | undefined;
  let tnds20: Tnds20Object[] | undefined;
  let genericAlerts: JsonValue[] | undefined;
  for (const m of root.members) {
    switch (m.key) {
      case K.mo:
        if (mo !== undefined) invalidAt(m.offset, `duplicate "${K.mo}"`);
        mo = moList(m.value);
        break;
      case K.tnds20:
        if (tnds20 !== undefined) invalidAt(m.offset, `duplicate "${K.tnds20}"`);
        tnds20 = arrayOf(m.value, K.tnds20).map(tndsObject);
        break;
      case K.genericAlerts:
        if (genericAlerts !== undefined) invalidAt(m.offset, `duplicate "${K.genericAlerts}"`);
        genericAlerts = arrayOf(m.value, K.genericAlerts).map(stripJsonOffsets);
        break;
      default:
        break;
    }
  }
  return {
    mo: mo ?? [],
    tnds20: tnds20 ?? [],
    ...(genericAlerts !== undefined && { genericAlerts }),
  };
}

interface MoDraft {
  moid: string;
  ddf?: string;
  paths: string[];
}

function moList(v: JsonValue): Tnds20Mo[] {
  const byMoid = new Map<string, MoDraft>();
  const order: MoDraft[] = [];
  const add = (moid: string, ddf: string | undefined, paths: string[], at: JsonValue): void => {
    const seen = byMoid.get(moid);
    if (seen === undefined) {
      const d: MoDraft = ddf === undefined ? { moid, paths } : { moid, ddf, paths };
      byMoid.set(moid, d);
      order.push(d);
      return;
    }
    if (ddf !== undefined) {
      if (seen.ddf !== undefined && seen.ddf !== ddf) invalid(at, `MO ${moid} has two DDF locations`);
      seen.ddf = ddf;
    }
    seen.paths.push(...paths);
  };
  for (const item of arrayOf(v, K.mo)) {
    if (item.type !== "object") invalid(item, `"${K.mo}" entries are objects`);
    let moids = 0;
    for (const m of item.members) if (m.key === K.moid) moids++;
    if (moids === 0) invalid(item, `"${K.mo}" entry without "${K.moid}"`);
    if (moids === 1) {
      // One object per MO: member order does not matter.
      let moid = "";
      let ddf: string | undefined;
      const paths: string[] = [];
      for (const m of item.members) {
        if (m.key === K.moid) moid = stringOf(m.value, K.moid);
        else if (m.key === K.ddf) {
          if (ddf !== undefined) invalidAt(m.offset, `duplicate "${K.ddf}"`);
          ddf = stringOf(m.value, K.ddf);
        } else if (m.key === K.path) paths.push(stringOf(m.value, K.path));
      }
      add(moid, ddf, paths, item);
      continue;
    }
    // [DM2 C.1] grouping: each "MOID" opens an MO; the "DDF" and "Path" keys after it belong to it.
    let current: { moid: string; ddf?: string; paths: string[]; at: JsonValue } | undefined;
    const flush = (): void => {
      if (current !== undefined) add(current.moid, current.ddf, current.paths, current.at);
    };
    for (const m of item.members) {
      if (m.key === K.moid) {
        flush();
        current = { moid: stringOf(m.value, K.moid), paths: [], at: m.value };
      } else if (m.key === K.ddf || m.key === K.path) {
        if (current === undefined) invalidAt(m.offset, `"${m.key}" before the first "${K.moid}"`);
        if (m.key === K.path) current.paths.push(stringOf(m.value, K.path));
        else if (current.ddf !== undefined)
          invalidAt(m.offset, `duplicate "${K.ddf}" for MO ${current.moid}`);
        else current.ddf = stringOf(m.value, K.ddf);
      }
    }
    flush();
  }
  return order;
}

function tndsObject(v: JsonValue): Tnds20Object {
  if (v.type !== "object") invalid(v, `"${K.tnds20}" entries are objects`);
  let moid: string | undefined;
  let path: string | undefined;
  const rest: JsonObject["members"][number][] = [];
  for (const m of v.members) {
    if (m.key === K.moid) {
      if (moid !== undefined) invalidAt(m.offset, `duplicate "${K.moid}"`);
      moid = stringOf(m.value, K.moid);
    } else if (m.key === K.path) {
      if (path !== undefined) invalidAt(m.offset, `duplicate "${K.path}"`);
      path = stringOf(m.value, K.path);
    } else rest.push(m);
  }
  if (moid === undefined) invalid(v, `"${K.tnds20}" entry without "${K.moid}"`);
  if (path === undefined) invalid(v, `"${K.tnds20}" entry without "${K.path}"`);
  return { moid, path, values: nodesOf(rest) };
}

function nodesOf(members: JsonObject["members"]): Tnds20Node[] {
  const names = new Set<string>();
  const out: Tnds20Node[] = [];
  for (const m of members) {
    // Sibling node names are unique in a management tree. [TR-TND §8.1]
    if (names.has(m.key)) invalidAt(m.offset, `duplicate node name "${m.key}"`);
    names.add(m.key);
    out.push({ name: m.key, value: nodeValue(m.value) });
  }
  return out;
}

function nodeValue(v: JsonValue): string | Tnds20Node[] {
  switch (v.type) {
    case "string":
      return v.value;
    case "number":
      return v.text;
    case "boolean":
      return v.value ? "true" : "false";
    case "object":
      return nodesOf(v.members);
    case "null":
    case "array":
      return invalid(v, `a node value is a string or an object, not ${v.type}`);
  }
}

function arrayOf(v: JsonValue, what: string): readonly JsonValue[] {
  if (v.type !== "array") invalid(v, `"${what}" is an array`);
  return v.items;
}

function stringOf(v: JsonValue, what: string): string {
  if (v.type !== "string") invalid(v, `"${what}" is a string`);
  return v.value;
}

function invalid(v: JsonValue, message: string): never {
  return invalidAt(v.offset, message);
}

function invalidAt(offset: number | undefined, message: string): never {
  throw new DecodeError("TNDS_INVALID", message, offset ?? 0);
}
