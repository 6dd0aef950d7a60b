/**
 * A management tree in a file: save it crash-safely (atomic-file.ts), load it back, tell a
 * missing file (a new device) from a damaged one (an error). See docs/decisions/tree-persistence.md.
 *
 * Transactions: a tree is never saved while a transaction is open, because its state then holds
 * changes an Atomic may still roll back [TR-REP §4.1.6.3]. `saveTreeFile` refuses (the caller
 * saves after commit or rollback); `TreeFileWriter` waits for the transaction to end.
 */
import { readFile, stat } from "node:fs/promises";
import { OmaDmError } from "@omadm/protocol";
import type { ManagementTree } from "../management-tree.js";
import { createTree } from "../management-tree.js";
import type { TreeOptions, TreeState } from "../tree-api.js";
import type { AtomicWriteOptions } from "./atomic-file.js";
import { isErrno, removeStaleTempFiles, writeFileAtomic } from "./atomic-file.js";
import { decodeTreeFile, encodeTreeFile } from "./tree-file-format.js";

/** Options of `saveTreeFile` and `saveTreeState`. */
export type SaveTreeOptions = AtomicWriteOptions;

/** Options of `loadTreeFile` and `loadTreeState`. */
export interface LoadTreeOptions {
  /** Refuse files larger than this (TREE_FILE_INVALID) before reading them. Default 256 MiB. */
  readonly maxBytes?: number;
}

/** Options of `loadTreeFile`. */
export interface LoadTreeFileOptions extends LoadTreeOptions {
  /** Options of the tree to create (clock, DDF, case rule, MO registry). Ignored with `into`. */
  readonly tree?: TreeOptions;
  /**
   * Load into this tree (its handlers stay mounted by URI) instead of a new one. A missing file
   * leaves it as it is.
   */
  readonly into?: ManagementTree;
}

/** The outcome of `loadTreeFile`: the tree, or "not-found" (no file yet: make a starter device). */
export type TreeFileLoad =
  | { readonly kind: "loaded"; readonly tree: ManagementTree; readonly bytes: number }
  | { readonly kind: "not-found"; readonly path: string };

/** The outcome of `loadTreeState`. */
export type TreeStateLoad =
  | { readonly kind: "loaded"; readonly state: TreeState; readonly bytes: number }
  | { readonly kind: "not-found"; readonly path: string };

/** The tree file size limit of a load when none is given. */
export const defaultMaxTreeFileBytes = 256 * 1024 * 1024;

/**
 * Writes the tree to `path` crash-safely: after a crash at any moment the file holds either the
 * tree before or the tree after. Throws OmaDmError "INVALID_ARGUMENT" while a transaction is
 * open (save after commit or rollback); file system errors are thrown as they come.
 */
export async function saveTreeFile(
  path: string,
  tree: ManagementTree,
  options?: SaveTreeOptions,
): Promise<void> {
  if (tree.inTransaction) {
    throw new OmaDmError(
      "INVALID_ARGUMENT",
      "saveTreeFile: a transaction is open; save after commit or rollback",
    );
  }
  // Serialized before the first await: the bytes are the tree as it is at the call.
  await writeFileAtomic(path, encodeTreeFile(tree.exportState()), options);
}

/** Writes an exported tree state to `path` crash-safely (see `saveTreeFile`). */
export async function saveTreeState(
  path: string,
  state: TreeState,
  options?: SaveTreeOptions,
): Promise<void> {
  await writeFileAtomic(path, encodeTreeFile(state), options);
}

/**
 * Reads the tree file at `path` into a tree. A missing file is `{ kind: "not-found" }`; a file
 * that is not an intact tree file throws OmaDmError "TREE_FILE_INVALID" (or "TREE_FILE_VERSION"
 * for a version this build cannot read). Temp files left by a crashed save are removed.
 */
export async function loadTreeFile(path: string, options: LoadTreeFileOptions = {}): Promise<TreeFileLoad> {
  if (options.into?.inTransaction === true) {
    throw new OmaDmError("INVALID_ARGUMENT", "loadTreeFile: the tree has an open transaction");
  }
  const loaded = await loadTreeState(path, options);
  if (loaded.kind === "not-found") return loaded;
  const tree = options.into ?? createTree(options.tree);
  if (tree.inTransaction)
    throw new OmaDmError("INVALID_ARGUMENT", "loadTreeFile: the tree has an open transaction");
  try {
    tree.importState(loaded.state);
  } catch (e) {
    // importState refuses a malformed state with INVALID_ARGUMENT: here that is a damaged file.
    if (e instanceof OmaDmError && e.code === "INVALID_ARGUMENT") {
      throw new OmaDmError("TREE_FILE_INVALID", `tree file ${path}: ${e.message}`, { cause: e });
    }
    throw e;
  }
  return { kind: "loaded", tree, bytes: loaded.bytes };
}

/**
 * Reads the tree file at `path` as a plain state (the envelope and its digest are checked; the
 * nodes are checked when the state is imported). Errors as `loadTreeFile`.
 */
export async function loadTreeState(path: string, options: LoadTreeOptions = {}): Promise<TreeStateLoad> {
  await removeStaleTempFiles(path);
  const maxBytes = options.maxBytes ?? defaultMaxTreeFileBytes;
  let bytes: Uint8Array;
  try {
    const size = (await stat(path)).size;
    if (size > maxBytes) {
      throw new OmaDmError(
        "TREE_FILE_INVALID",
        `tree file ${path}: ${size} bytes, more than the limit of ${maxBytes}`,
      );
    }
    bytes = await readFile(path);
  } catch (e) {
    if (isErrno(e, "ENOENT")) return { kind: "not-found", path };
    throw e;
  }
  try {
    return { kind: "loaded", state: decodeTreeFile(bytes), bytes: bytes.length };
  } catch (e) {
    if (e instanceof OmaDmError) throw new OmaDmError(e.code, `${path}: ${e.message}`, { cause: e.cause });
    throw e;
  }
}
