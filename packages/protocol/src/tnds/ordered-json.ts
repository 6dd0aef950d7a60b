/**
 * JSON values as written: object members stay in order and duplicate keys are kept, because the
 * DM 2.0 draft's own TNDS20 example repeats "MOID"/"DDF"/"Path" inside one object (seed 004 C.1),
 * which JSON.parse would collapse. Decoders set `offset` (byte offset of the value, or of a
 * member's key); builders may leave it out.
 */
export type JsonValue = JsonString | JsonNumber | JsonBoolean | JsonNull | JsonArray | JsonObject;

export interface JsonString {
  readonly type: "string";
  readonly value: string;
  readonly offset?: number;
}

/** A number keeps its literal text, so large or precise numbers survive a round trip. */
export interface JsonNumber {
  readonly type: "number";
  readonly text: string;
  readonly offset?: number;
}

export interface JsonBoolean {
  readonly type: "boolean";
  readonly value: boolean;
  readonly offset?: number;
}

export interface JsonNull {
  readonly type: "null";
  readonly offset?: number;
}

export interface JsonArray {
  readonly type: "array";
  readonly items: readonly JsonValue[];
  readonly offset?: number;
}

export interface JsonObject {
  readonly type: "object";
  readonly members: readonly JsonMember[];
  readonly offset?: number;
}

export interface JsonMember {
  readonly key: string;
  readonly value: JsonValue;
  /** Offset of the key. */
  readonly offset?: number;
}

/** A copy of `v` without decoder offsets, for comparing and for re-emitting decoded values. */
export function stripJsonOffsets(v: JsonValue): JsonValue {
  switch (v.type) {
    case "string":
      return { type: "string", value: v.value };
    case "number":
      return { type: "number", text: v.text };
    case "boolean":
      return { type: "boolean", value: v.value };
    case "null":
      return { type: "null" };
    case "array":
      return { type: "array", items: v.items.map(stripJsonOffsets) };
    case "object":
      return {
        type: "object",
        members: v.members.map((m) => ({ key: m.key, value: stripJsonOffsets(m.value) })),
      };
  }
}
