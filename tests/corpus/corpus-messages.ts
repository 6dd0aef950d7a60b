/**
 * The generated corpus in file order. `fixtures/generated/NN-<name>.xml` is written from this
 * list by generate.ts; NN is the 1-based position, so append new messages at the end.
 */
import type { CorpusMessage } from "./corpus-message.js";
import { largeObjectMessages } from "./large-object-messages.js";
import { managementMessages } from "./management-messages.js";
import { payloadMessages } from "./payload-messages.js";
import { replyMessages } from "./reply-messages.js";
import { setupMessages } from "./setup-messages.js";

export const corpusMessages: readonly CorpusMessage[] = [
  ...setupMessages,
  ...managementMessages,
  ...replyMessages,
  ...largeObjectMessages,
  ...payloadMessages,
];

/** `NN-<name>.xml` for the message at `index` (0-based). */
export function corpusFileName(index: number, message: CorpusMessage): string {
  return `${String(index + 1).padStart(2, "0")}-${message.name}.xml`;
}
