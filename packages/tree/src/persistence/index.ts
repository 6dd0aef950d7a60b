// Crash-safe tree files; re-exported from ../index.ts. See docs/decisions/tree-persistence.md.
export { decodeTreeFile, encodeTreeFile, treeFileFormat } from "./tree-file-format.js";
export type { AtomicWriteOptions } from "./atomic-file.js";
export { removeStaleTempFiles, writeFileAtomic } from "./atomic-file.js";
export type {
  LoadTreeFileOptions,
  LoadTreeOptions,
  SaveTreeOptions,
  TreeFileLoad,
  TreeStateLoad,
} from "./tree-file.js";
export {
  defaultMaxTreeFileBytes,
  loadTreeFile,
  loadTreeState,
  saveTreeFile,
  saveTreeState,
} from "./tree-file.js";
export type { TreeFileWriter, TreeFileWriterOptions } from "./tree-file-writer.js";
export { createTreeFileWriter } from "./tree-file-writer.js";
