import type { SyncMLMessage } from "@omadm/protocol";

/** One generated corpus message: a file-name slug, what it covers, and the typed message. */
export interface CorpusMessage {
  /** kebab-case slug; the file is `NN-<name>.xml`. */
  readonly name: string;
  /** One line for fixtures/generated/README.md: what protocol shape the message covers. */
  readonly covers: string;
  readonly message: SyncMLMessage;
}
