/**
 * The bytes of a tree file: a small versioned envelope around the `exportState` JSON.
 *
 *   {"format":"omadm-tree","version":1,"sha256":"<64 hex>","state":<TreeState JSON>}\n
 *
 * - Compact JSON, fixed key order: equal trees give byte-identical files (the TreeState keys are
 *   already in a fixed order, see tree-api.ts).
 * - `format` tells a tree file from any other JSON; `version` is the envelope version, so a later
 *   layout can be migrated on load (`migrations` below) and a newer file is refused, not misread.
 * - `sha256` is the digest of the state bytes exactly as written (from after `"state":` to the
 *   closing brace), so a flipped bit that still parses as JSON is caught. A hand-edited file may
 *   drop the field; a file whose digest does not match is refused.
 * Codec only: no I/O (tree-file.ts reads and writes).
 */
import { createHash } from "node:crypto";
import { OmaDmError } from "@omadm/protocol";
import type { TreeState } from "../tree-api.js";

/** The envelope's format name and the version this build writes. */
export const treeFileFormat = { name: "omadm-tree", version: 1 } as const;

/** The TreeState versions this build can import (see tree-api.ts `TreeState.version`). */
const stateVersions: readonly number[] = [1];

/**
 * Envelope migrations: version n -> n + 1, applied in turn to an older file's envelope object.
 * Empty while there is only version 1; a later layout adds its step here.
 */
const migrations: ReadonlyMap<number, (envelope: Record<string, unknown>) => Record<string, unknown>> =
  new Map();

const stateKey = Buffer.from('"state":', "latin1");
const envelopeEnd = Buffer.from("}\n", "latin1");
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Serializes a tree state into the bytes of a tree file. Deterministic. */
export function encodeTreeFile(state: TreeState): Uint8Array {
  // The state is encoded to UTF-8 once; the digest and the file share those bytes.
  const body = Buffer.from(JSON.stringify(state), "utf8");
  const digest = createHash("sha256").update(body).digest("hex");
  const head = `{"format":"${treeFileFormat.name}","version":${treeFileFormat.version},"sha256":"${digest}","state":`;
  return Buffer.concat([Buffer.from(head, "latin1"), body, envelopeEnd]);
}

/**
 * Reads the bytes of a tree file back into a tree state. Throws OmaDmError "TREE_FILE_INVALID"
 * for bytes that are not an intact tree file (empty, truncated, not UTF-8 or JSON, another
 * format, a digest mismatch, no state) and "TREE_FILE_VERSION" for an envelope or state version
 * this build cannot read. The nodes inside the state are checked by `importState`.
 */
export function decodeTreeFile(bytes: Uint8Array): TreeState {
  if (bytes.length === 0) invalid("the file is empty");
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (e) {
    invalid("the file is not UTF-8 text", e);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    invalid("the file is not complete JSON (truncated or corrupt)", e);
  }
  if (!isRecord(parsed) || parsed.format !== treeFileFormat.name) {
    invalid(`the file is not an ${treeFileFormat.name} file`);
  }
  const { version, sha256 } = parsed;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1)
    invalid("the file has no valid version");
  if (version > treeFileFormat.version) {
    throw new OmaDmError(
      "TREE_FILE_VERSION",
      `tree file: version ${version} was written by a newer omadm; this one reads up to ${treeFileFormat.version}`,
    );
  }
  if (sha256 !== undefined) {
    if (typeof sha256 !== "string" || !/^[0-9a-f]{64}$/.test(sha256))
      invalid("the sha256 field is not 64 hex digits");
    if (digestOfState(bytes) !== sha256) {
      invalid(
        "the state does not match its sha256 digest (corrupt; a hand-edited file must drop the sha256 field)",
      );
    }
  }
  let envelope: Record<string, unknown> = parsed;
  for (let v = version; v < treeFileFormat.version; v++) {
    const step = migrations.get(v);
    if (step === undefined)
      throw new OmaDmError("TREE_FILE_VERSION", `tree file: no migration from version ${v}`);
    envelope = step(envelope);
  }
  const state = envelope.state;
  if (!isRecord(state)) invalid("the file has no tree state");
  if (typeof state.version !== "number" || !stateVersions.includes(state.version)) {
    throw new OmaDmError(
      "TREE_FILE_VERSION",
      `tree file: tree state version ${String(state.version)} is not supported`,
    );
  }
  if (!isRecord(state.root)) invalid("the tree state has no root node");
  return state as unknown as TreeState;
}

/**
 * The digest of the state bytes as written: from after the first `"state":` up to the closing
 * brace of the envelope. The writer puts `state` last, after fields that cannot contain that
 * key, so the first occurrence is the key.
 */
function digestOfState(bytes: Uint8Array): string | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = b.indexOf(stateKey);
  if (at < 0) return undefined;
  let end = b.length;
  // Trailing whitespace after the envelope, then its closing brace.
  while (end > 0 && isJsonSpace(b[end - 1] ?? 0)) end--;
  if (b[end - 1] !== 0x7d) return undefined;
  return createHash("sha256")
    .update(b.subarray(at + stateKey.length, end - 1))
    .digest("hex");
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function invalid(message: string, cause?: unknown): never {
  throw new OmaDmError(
    "TREE_FILE_INVALID",
    `tree file: ${message}`,
    cause === undefined ? undefined : { cause },
  );
}
