/**
 * What the client still has to send in its current package, and what it sent: the queue of
 * Statuses/Results/Alerts, the unit behind every CmdID of every message (to match the server's
 * Statuses), and the last message's content (to send it again after a challenge [TR-PRO §2.4]).
 */
import type { Status, SyncHdr, SyncMLEncoding, SyncMLMessage } from "@omadm/protocol";
import type { PackedMessage, SentRef } from "./message-packer.js";
import { packMessage } from "./message-packer.js";
import type { DraftCommand, ReplyUnit } from "./reply-drafts.js";

/** What the last message held. */
export interface LastSent {
  readonly queue: readonly ReplyUnit[];
  readonly trailing: readonly DraftCommand[];
  readonly mayFinal: boolean;
}

/** The server's Statuses for what the client sent. */
export interface StatusReading {
  /** Client alerts the server took (200 or 202). [TR-PRO §2.3.7] */
  readonly acknowledged: readonly string[];
  /** Statuses refusing a client alert or other command (kept for the log). */
  readonly refused: readonly Status[];
}

export class Outbox {
  queue: ReplyUnit[] = [];
  lastSent: LastSent | undefined;
  /** The last message carried Final. */
  lastFinal = false;
  readonly #sent = new Map<string, SentRef>();

  /**
   * Queues units. While a chunked object is being sent, Statuses go before its next chunk
   * (nothing but Statuses may come between chunks [TR-PRO §2.2]); everything else after it.
   */
  enqueue(units: readonly ReplyUnit[]): void {
    const head = this.queue[0];
    if (head?.kind === "chunk" && head.offset > 0) {
      const statuses = units.filter(isStatusUnit);
      const others = units.filter((u) => !isStatusUnit(u));
      this.queue = [...statuses, ...this.queue, ...others];
    } else {
      this.queue = [...this.queue, ...units];
    }
  }

  /** Packs message `header.msgId` from `queue` (which becomes the outbox's queue) and records it. */
  pack(
    header: SyncHdr,
    leading: readonly DraftCommand[],
    queue: readonly ReplyUnit[],
    trailing: readonly DraftCommand[],
    mayFinal: boolean,
    limit: number,
    encoding: SyncMLEncoding,
  ): PackedMessage {
    const packed = packMessage({ header, leading, queue, trailing, mayFinal, limit, encoding });
    this.lastSent = { queue: [...queue], trailing, mayFinal };
    this.queue = packed.rest;
    for (const ref of packed.sent) this.#sent.set(`${header.msgId}:${ref.cmdId}`, ref);
    this.lastFinal = packed.message.final;
    return packed;
  }

  /** Drops every chunked object still to send (the server sent Alert 1225). [TR-PRO §2.2] */
  dropChunks(): void {
    this.queue = this.queue.filter((u) => u.kind !== "chunk");
  }

  /**
   * Reads the server's Statuses for what we sent: client alerts answered 200/202 are
   * acknowledged; a chunk answered other than 213/200 stops the rest of its object.
   */
  readStatuses(msg: SyncMLMessage): StatusReading {
    const acknowledged: string[] = [];
    const refused: Status[] = [];
    for (const c of msg.body) {
      if (c.kind !== "Status" || c.cmdRef === 0) continue;
      const u = this.#sent.get(`${c.msgRef}:${c.cmdRef}`)?.unit;
      if (u === undefined) continue;
      if (u.kind === "command" && u.alertId !== undefined) {
        if (c.data === 200 || c.data === 202) acknowledged.push(u.alertId);
        else refused.push(c);
      } else if (u.kind === "chunk" && c.data !== 213 && c.data !== 200) {
        refused.push(c);
        const { cmdRef, msgRef } = u.results;
        this.queue = this.queue.filter(
          (q) => !(q.kind === "chunk" && q.results.cmdRef === cmdRef && q.results.msgRef === msgRef),
        );
      } else if (c.data >= 300) {
        refused.push(c);
      }
    }
    return { acknowledged, refused };
  }
}

export function isStatusUnit(u: ReplyUnit): boolean {
  return u.kind === "command" && u.command.kind === "Status";
}
