/**
 * The commands the client writes, before a message gives them CmdIDs (CmdIDs restart at 1 in
 * every message, as libdmclient does; fact sheet §1.2), and the units the outgoing queue holds.
 */
import type { Alert, Chal, Command, Item, Replace, Results, Status } from "@omadm/protocol";

export type DraftStatus = Omit<Status, "cmdId">;
export type DraftResults = Omit<Results, "cmdId">;
export type DraftAlert = Omit<Alert, "cmdId">;
export type DraftReplace = Omit<Replace, "cmdId">;
export type DraftCommand = DraftStatus | DraftResults | DraftAlert | DraftReplace;

/** A command waiting in the outgoing queue; `alertId` ties a client alert to its AlertQueue entry. */
export interface CommandUnit {
  readonly kind: "command";
  readonly command: DraftCommand;
  readonly alertId?: string;
}

/**
 * A Results item too large for one message, sent in chunks [TR-PRO §2.2]: `data` is the whole
 * value as it goes on the wire (b64 text over XML), `offset` how much was sent, `totalSize` the
 * Meta Size of the first chunk.
 */
export interface ChunkUnit {
  readonly kind: "chunk";
  readonly results: Omit<DraftResults, "items">;
  /** The item without Data/MoreData; its Meta carries Format and Type. */
  readonly item: Item;
  readonly data: string | Uint8Array;
  readonly offset: number;
  readonly totalSize: number;
}

export type ReplyUnit = CommandUnit | ChunkUnit;

/** Gives drafts CmdIDs 1..n in order. */
export function numbered(drafts: readonly DraftCommand[], first = 1): Command[] {
  return drafts.map((d, i) => ({ ...d, cmdId: first + i }));
}

/** A Status for a server command (or for the SyncHdr with cmdRef 0). */
export function statusDraft(
  msgRef: number,
  cmdRef: number,
  cmd: string,
  data: number,
  extra?: {
    readonly targetRefs?: readonly string[];
    readonly sourceRefs?: readonly string[];
    readonly items?: readonly Item[];
    readonly chal?: Chal;
  },
): DraftStatus {
  const s: DraftStatus = {
    kind: "Status",
    msgRef,
    cmdRef,
    cmd,
    targetRefs: extra?.targetRefs ?? [],
    sourceRefs: extra?.sourceRefs ?? [],
    data,
    items: extra?.items ?? [],
  };
  return extra?.chal === undefined ? s : { ...s, chal: extra.chal };
}

/** An Alert the client sends (1222, 1223, 1225, 1226, ...). */
export function alertDraft(code: number, items: readonly Item[] = [], correlator?: string): DraftAlert {
  const a: DraftAlert = { kind: "Alert", data: code, items };
  return correlator === undefined ? a : { ...a, correlator };
}

export function unit(command: DraftCommand, alertId?: string): CommandUnit {
  return alertId === undefined ? { kind: "command", command } : { kind: "command", command, alertId };
}
