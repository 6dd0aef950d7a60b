/** Reading the command's input and writing its output: files, or stdin/stdout for "-". */
import { readFile, writeFile } from "node:fs/promises";

/** Reads FILE, or standard input when `path` is "-" or absent. */
export async function readInput(path: string | undefined): Promise<Uint8Array> {
  if (path === undefined || path === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return new Uint8Array(Buffer.concat(chunks));
  }
  return new Uint8Array(await readFile(path));
}

/** Writes bytes to OUT, or to standard output when `path` is absent or "-". */
export async function writeOutput(bytes: Uint8Array | string, path: string | undefined): Promise<void> {
  if (path === undefined || path === "-") {
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(bytes, (err) => (err ? reject(err) : resolve())),
    );
    return;
  }
  await writeFile(path, bytes);
}
