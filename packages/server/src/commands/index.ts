export { listForms, maxUriLength, replaceableProperties, uriProblem, uriProperties } from "./command-uri.js";
export type { UriQueryAllowance } from "./command-uri.js";
export { maxGroupCommands, validateDmCommand } from "./validate-command.js";
export type { CommandProblem } from "./validate-command.js";
export { maxTndsTextLength, tndsItemMeta, tndsPayloadElement } from "./tnds-payload.js";
export { cmdIdCount, dataItem, renderDmCommand } from "./render-command.js";
export type { CommandPath, RenderedCommand, RenderOptions } from "./render-command.js";
export { chunkCommand, isChunkable, isComplete, nextChunk, objectPayload } from "./large-object.js";
export type { ChunkCursor, ObjectPayload } from "./large-object.js";
export { commandDataOf, resultItemOf } from "./result-items.js";
export {
  applyResults,
  applyStatus,
  emptyOutcome,
  finalState,
  outcomeAt,
  toCommandOutcome,
} from "./command-outcomes.js";
export type { PendingOutcome } from "./command-outcomes.js";
export { addChunk, continues, finishObject, startObject } from "./results-assembly.js";
export type { IncomingObject } from "./results-assembly.js";
