/**
 * Crash-safe replacement of a whole file: the new bytes go to `<path>.tmp-<random>` in the same
 * directory, are fsynced, and are renamed over `<path>`; then the directory is fsynced so the
 * rename itself is durable. rename(2) within one file system is atomic, so a reader (or the
 * process after a crash) sees either the old file or the new one, never a mixture. The file is
 * never written in place.
 *
 * A crash between creating the temp file and the rename leaves the temp file behind; the next
 * save or load of the same path removes it (`removeStaleTempFiles`).
 */
import { randomBytes } from "node:crypto";
import { open, readdir, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Options of `writeFileAtomic`. */
export interface AtomicWriteOptions {
  /**
   * false: skip both fsyncs (the rename stays atomic for readers and after a process crash, but
   * an OS crash or power loss may lose the write). For simulators that save many trees. Default true.
   */
  readonly fsync?: boolean;
  /** File mode of the new file. Default: the mode of the file it replaces, else 0o600 (tree files hold secrets). */
  readonly mode?: number;
}

const tempMarker = ".tmp-";
const tempSuffix = /^[0-9a-f]{16}$/;

/**
 * Temp files this process is writing right now: a concurrent save of the same path must not
 * remove them as leftovers.
 */
const inFlight = new Set<string>();

/** The temp file name for one write of `path`: `<path>.tmp-<16 hex digits>`. */
export function tempPathFor(path: string): string {
  return `${path}${tempMarker}${randomBytes(8).toString("hex")}`;
}

/** True when `name` (a file name, no directory) is a temp file of a write of `target` (a file name). */
export function isTempFileOf(name: string, target: string): boolean {
  return (
    name.startsWith(target + tempMarker) && tempSuffix.test(name.slice(target.length + tempMarker.length))
  );
}

/** Replaces `path` with `data`, crash-safely (see the file comment). */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const durable = options.fsync ?? true;
  const mode = options.mode ?? (await existingMode(path)) ?? 0o600;
  await removeStaleTempFiles(path);
  const temp = tempPathFor(path);
  inFlight.add(temp);
  try {
    // "wx": O_CREAT | O_EXCL, so a name collision fails instead of sharing a file.
    const handle = await open(temp, "wx", mode);
    try {
      // open() applies the umask; the mode must be exact (0o600 keeps DMAcc secrets private).
      await handle.chmod(mode);
      await handle.writeFile(data);
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  } finally {
    inFlight.delete(temp);
  }
  if (durable) await syncDirectory(dirname(path));
}

/**
 * Removes the temp files a crashed write of `path` left behind (not those this process is
 * writing right now). Returns how many it removed. A missing directory has none.
 */
export async function removeStaleTempFiles(path: string): Promise<number> {
  const dir = dirname(path);
  const target = basename(path);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if (isErrno(e, "ENOENT") || isErrno(e, "ENOTDIR")) return 0;
    throw e;
  }
  let removed = 0;
  for (const name of names) {
    const full = join(dir, name);
    if (!isTempFileOf(name, target) || inFlight.has(full)) continue;
    try {
      await unlink(full);
      removed++;
    } catch (e) {
      if (!isErrno(e, "ENOENT")) throw e;
    }
  }
  return removed;
}

/** Makes a rename in `dir` durable. Platforms that cannot fsync a directory (Windows) skip it. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, "r");
  } catch (e) {
    if (isErrno(e, "EISDIR") || isErrno(e, "EPERM") || isErrno(e, "EACCES")) return;
    throw e;
  }
  try {
    await handle.sync();
  } catch (e) {
    // Some file systems refuse fsync on a directory; the rename is still atomic there.
    if (!isErrno(e, "EINVAL") && !isErrno(e, "EPERM") && !isErrno(e, "EBADF") && !isErrno(e, "EISDIR"))
      throw e;
  } finally {
    await handle.close();
  }
}

async function existingMode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o777;
  } catch (e) {
    if (isErrno(e, "ENOENT")) return undefined;
    throw e;
  }
}

/** True for a Node.js system error with that errno code. */
export function isErrno(e: unknown, code: string): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === code;
}
