/**
 * The process the crash-safety test kills. Usage: crash-child <tree file>.
 *
 * It prints `ready`, waits for a line on stdin, then loops until killed:
 *   load the tree file;
 *   if it holds the tree before the Add: apply the 1,000-node TNDS Add as server S1 and save
 *   (the file goes before -> after);
 *   if it holds the tree after: save the tree before again (after -> before), so every save is
 *   a real change and the next turn has an Add to apply.
 * Before and after each step it prints a marker line `<phase> <turn> <ms>` with a synchronous
 * write, so every marker written before the SIGKILL reaches the parent: the parent knows which
 * save was running when the process died.
 */
import { writeSync } from "node:fs";
import { loadTreeFile, saveTreeFile, saveTreeState } from "@omadm/tree";
import type { CrashPhase } from "./crash-tree.js";
import {
  buildCrashDevice,
  crashAddContent,
  crashAddedRoot,
  crashAddTarget,
  crashServerId,
  crashTree,
  crashTreeOptions,
} from "./crash-tree.js";

function mark(phase: CrashPhase, turn: number): void {
  writeSync(1, `${phase} ${turn} ${performance.now().toFixed(3)}\n`);
}

async function main(path: string): Promise<void> {
  const device = crashTree();
  buildCrashDevice(device);
  const before = device.exportState();
  // The Item as the session engine would hand it over: TNDS XML text, parsed by the Add.
  const content = crashAddContent();
  mark("ready", 0);
  await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
  for (let turn = 0; ; turn++) {
    mark("load", turn);
    const loaded = await loadTreeFile(path, { tree: crashTreeOptions });
    if (loaded.kind !== "loaded") throw new Error(`no tree file at ${path}`);
    const tree = loaded.tree;
    if (tree.get(crashAddedRoot, undefined).status === 404) {
      mark("apply", turn);
      const outcome = tree.add(crashAddTarget, content, crashServerId);
      if (outcome.status !== 200) throw new Error(`the TNDS Add answered ${outcome.status}`);
      mark("save-after", turn);
      await saveTreeFile(path, tree);
      mark("saved-after", turn);
    } else {
      mark("save-before", turn);
      await saveTreeState(path, before);
      mark("saved-before", turn);
    }
  }
}

const path = process.argv[2];
if (path === undefined) {
  process.stderr.write("usage: crash-child <tree file>\n");
  process.exit(2);
}
main(path).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
