import { existsSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";

/**
 * node-sqlite3-wasm locks a database file by creating the directory `<file>.lock` (its VFS has no
 * POSIX locks) and removes it when the connection closes. A process killed while holding it
 * leaves the directory behind, and the file stays locked for good. So we note the owner next
 * to it (`<file>.owner`: pid and host), and an open finding a lock whose owner on this host is no
 * longer running removes it.
 */
export interface FileOwnership {
  /** Records this process as the owner; call once the lock is held. */
  claim(): void;
  /** Forgets the owner note; call after the connection closed (which removed the lock). */
  release(): void;
}

interface Owner {
  readonly pid: number;
  readonly host: string;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(path: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, "utf8")) as Partial<Owner>;
    return typeof owner.pid === "number" && typeof owner.host === "string"
      ? { pid: owner.pid, host: owner.host }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Removes a lock left by a dead omadm process on this host; returns the ownership handle. */
export function databaseFileOwnership(file: string): FileOwnership {
  const lockDir = `${file}.lock`;
  const ownerFile = `${file}.owner`;
  if (existsSync(lockDir)) {
    const owner = readOwner(ownerFile);
    if (
      owner !== undefined &&
      owner.host === hostname() &&
      owner.pid !== process.pid &&
      !isRunning(owner.pid)
    ) {
      try {
        rmdirSync(lockDir);
        unlinkSync(ownerFile);
      } catch {
        // Someone else cleaned up first; opening will tell whether the file is free.
      }
    }
  }
  let claimed = false;
  return {
    claim() {
      writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, host: hostname() }));
      claimed = true;
    },
    release() {
      if (!claimed) return;
      claimed = false;
      const owner = readOwner(ownerFile);
      if (owner?.pid === process.pid && owner.host === hostname()) {
        try {
          unlinkSync(ownerFile);
        } catch {
          // Already gone.
        }
      }
    },
  };
}
