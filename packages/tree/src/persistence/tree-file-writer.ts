/**
 * Saves one tree to one file for an engine that saves after every message: saves never overlap,
 * a save asked for while one runs is done once after it (however many were asked for), a tree
 * that has not changed since the last save is not written again, and no save starts while a
 * transaction is open (it waits for commit or rollback, so an Atomic's half-done changes are
 * never durable [TR-REP §4.1.6.3]).
 */
import { OmaDmError } from "@omadm/protocol";
import type { ManagementTree } from "../management-tree.js";
import type { TreeChange } from "../tree-api.js";
import { writeFileAtomic } from "./atomic-file.js";
import type { SaveTreeOptions } from "./tree-file.js";
import { encodeTreeFile } from "./tree-file-format.js";

/** Options of `createTreeFileWriter`. */
export interface TreeFileWriterOptions extends SaveTreeOptions {
  /**
   * Default true: a save when the tree sent no change event since the last save (or since the
   * writer was created, after one first save) writes nothing.
   */
  readonly skipUnchanged?: boolean;
}

/** A coalescing, transaction-aware saver of one tree to one file. */
export interface TreeFileWriter {
  /**
   * Asks for a save. Resolves when the file holds the tree with every change made before the
   * call; rejects with the file system error if that save failed (a later save retries).
   * While a transaction is open the save waits for commit or rollback.
   */
  save(): Promise<void>;
  /** Resolves when every save asked for so far has finished (rejects like the last of them). */
  flush(): Promise<void>;
  /**
   * Stops listening to the tree and waits for the saves asked for (their errors go to their own
   * promises); `save` then rejects.
   */
  close(): Promise<void>;
}

interface Pending {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/** Creates the writer of `tree` to `path`. */
export function createTreeFileWriter(
  path: string,
  tree: ManagementTree,
  options: TreeFileWriterOptions = {},
): TreeFileWriter {
  const skipUnchanged = options.skipUnchanged ?? true;
  let dirty = true;
  let closed = false;
  let running: Promise<void> | undefined;
  let queued: Pending | undefined;
  /** The promise of the save asked for last. */
  let last: Promise<void> = Promise.resolve();

  const unsubscribe = tree.onChange((change: TreeChange) => {
    switch (change.kind) {
      case "change":
        dirty = true;
        break;
      case "begin":
        break;
      case "commit":
      case "rollback":
        // Not inside the caller's commit(): the save serializes the whole tree.
        queueMicrotask(pump);
        break;
    }
  });

  async function write(): Promise<void> {
    if (skipUnchanged && !dirty) return;
    dirty = false;
    try {
      await writeFileAtomic(path, encodeTreeFile(tree.exportState()), options);
    } catch (e) {
      dirty = true;
      throw e;
    }
  }

  function start(p: Pending): void {
    const run = write().then(p.resolve, p.reject);
    running = run;
    void run.finally(() => {
      running = undefined;
      pump();
    });
  }

  function pump(): void {
    if (running !== undefined || queued === undefined || tree.inTransaction) return;
    const p = queued;
    queued = undefined;
    start(p);
  }

  function save(): Promise<void> {
    if (closed) return Promise.reject(new OmaDmError("INVALID_ARGUMENT", "TreeFileWriter: save after close"));
    if (queued !== undefined) return queued.promise;
    const p = deferred();
    queued = p;
    last = p.promise;
    pump();
    return p.promise;
  }

  async function flush(): Promise<void> {
    // Saves asked for while waiting are waited for too.
    for (;;) {
      const awaited = last;
      try {
        await awaited;
      } catch (e) {
        if (awaited === last) throw e;
      }
      if (awaited === last) return;
    }
  }

  async function close(): Promise<void> {
    closed = true;
    unsubscribe();
    // Nothing pumps on commit any more: a save waiting for the transaction could never run.
    if (tree.inTransaction && queued !== undefined) {
      queued.reject(
        new OmaDmError("INVALID_ARGUMENT", "TreeFileWriter: closed while a transaction was open"),
      );
      queued = undefined;
    }
    await flush().catch(() => undefined);
  }

  return { save, flush, close };
}

function deferred(): Pending {
  let resolve: () => void = () => undefined;
  let reject: (e: unknown) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
