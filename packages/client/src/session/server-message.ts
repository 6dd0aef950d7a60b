/**
 * Reading a server message: which commands ask for an answer, which Status answers our SyncHdr,
 * and the Status the client gives the server's SyncHdr.
 */
import type { Command, Status, SyncHdr } from "@omadm/protocol";
import type { DraftStatus } from "./reply-drafts.js";
import { statusDraft } from "./reply-drafts.js";
import type { ServerVerdict } from "./server-auth.js";

/** Commands that ask something of the client (everything but Status and Results). */
export function isRequest(c: Command): boolean {
  return c.kind !== "Status" && c.kind !== "Results";
}

/** True when the message's SyncBody holds Alert `code` directly. */
export function hasAlert(body: readonly Command[], code: number): boolean {
  return body.some((c) => c.kind === "Alert" && c.data === code);
}

/** The server's Status for our SyncHdr: the one naming our last MsgID, else any SyncHdr Status. */
export function headerStatusOf(body: readonly Command[], ourMsgId: number): Status | undefined {
  let fallback: Status | undefined;
  for (const c of body) {
    if (c.kind !== "Status" || c.cmdRef !== 0) continue;
    if (c.msgRef === ourMsgId) return c;
    if (c.cmd === "SyncHdr") fallback ??= c;
  }
  return fallback;
}

/**
 * The Status for the server's SyncHdr, first in our body: CmdRef 0, echoing its Target and
 * Source [TR-PRO §2.4.4], with our Chal when we challenge.
 */
export function headerStatusFor(h: SyncHdr, verdict: ServerVerdict): DraftStatus {
  return statusDraft(h.msgId, 0, "SyncHdr", verdict.code, {
    targetRefs: [h.target.locUri],
    sourceRefs: [h.source.locUri],
    ...(verdict.chal !== undefined && { chal: verdict.chal }),
  });
}

/** A client-chosen SessionID: 32 random bits in hex, no leading zeros. [TR-PRO §2.3.3] */
export function freshSessionId(random: (n: number) => Uint8Array): string {
  const b = random(4);
  const n = (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
  return n.toString(16).toUpperCase();
}
