/**
 * The device's AlertQueue, kept in a file next to the tree: Generic Alerts and Client Events
 * survive restarts until a server acknowledges them [TR-PRO §2.3.7]. Every change schedules a
 * crash-safe rewrite of the whole file (the tree package's atomic write: temp file, fsync,
 * rename, fsync of the directory); writes never overlap and changes made during a write are
 * written once after it.
 */
import { readFile } from "node:fs/promises";
import { OmaDmError } from "@omadm/protocol";
import { removeStaleTempFiles, writeFileAtomic } from "@omadm/tree";
import type { AlertQueue, PendingAlert } from "../session/session-api.js";
import { decodeAlertFile, encodeAlertFile } from "./alert-file-format.js";

/** An AlertQueue backed by a file. */
export interface PersistedAlertQueue extends AlertQueue {
  /** Every queued alert, oldest first. */
  all(): readonly PendingAlert[];
  /**
   * Resolves when the file holds every change made before the call; rejects with the file
   * system error when that write failed (the next change or flush tries again).
   */
  flush(): Promise<void>;
}

/** Options of `openAlertQueue`. */
export interface AlertQueueOptions {
  /** false: skip fsync (simulators with many devices); default true. */
  readonly fsync?: boolean;
  /** Refuse files larger than this (ALERT_FILE_INVALID). Default 16 MiB. */
  readonly maxBytes?: number;
}

/**
 * Opens (or starts) the alert file at `path`. A missing file is an empty queue; a damaged one
 * throws OmaDmError "ALERT_FILE_INVALID" (the caller decides whether to start empty).
 */
export async function openAlertQueue(
  path: string,
  options: AlertQueueOptions = {},
): Promise<PersistedAlertQueue> {
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  await removeStaleTempFiles(path);
  let queue: PendingAlert[] = [];
  let nextId = 1;
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readFile(path);
  } catch (e) {
    if ((e as { code?: unknown }).code !== "ENOENT") throw e;
  }
  if (bytes !== undefined) {
    if (bytes.length > maxBytes)
      throw new OmaDmError("ALERT_FILE_INVALID", `alert file ${path}: larger than ${maxBytes} bytes`);
    const state = decodeAlertFile(bytes);
    queue = [...state.alerts];
    nextId = state.nextId;
    // Never hand out an id that is still queued, whatever the file says.
    for (const a of queue) {
      const n = /^a(\d+)$/.exec(a.id);
      if (n !== null) nextId = Math.max(nextId, Number(n[1]) + 1);
    }
  }

  let dirty = false;
  let running: Promise<void> | undefined;
  let again = false;
  let failure: Error | undefined = undefined;

  const writeOnce = async (): Promise<void> => {
    dirty = false;
    const data = encodeAlertFile({ nextId, alerts: queue });
    try {
      await writeFileAtomic(path, data, options.fsync === undefined ? {} : { fsync: options.fsync });
      failure = undefined;
    } catch (e) {
      dirty = true;
      failure = e instanceof Error ? e : new Error(String(e));
    }
  };
  const run = async (): Promise<void> => {
    do {
      again = false;
      await writeOnce();
    } while (again);
  };
  const schedule = (): void => {
    dirty = true;
    if (running !== undefined) {
      again = true;
      return;
    }
    running = run().finally(() => {
      running = undefined;
    });
  };

  return {
    pending: (serverId) => queue.filter((a) => a.serverId === undefined || a.serverId === serverId),
    all: () => [...queue],
    add(alert) {
      const stored: PendingAlert = { ...alert, id: `a${nextId++}` };
      queue = [...queue, stored];
      schedule();
      return stored;
    },
    acknowledge(ids) {
      const gone = new Set(ids);
      const kept = queue.filter((a) => !gone.has(a.id));
      if (kept.length === queue.length) return;
      queue = kept;
      schedule();
    },
    async flush() {
      if (running === undefined && dirty) schedule();
      while (running !== undefined) await running;
      if (failure !== undefined) throw failure;
    },
  };
}
