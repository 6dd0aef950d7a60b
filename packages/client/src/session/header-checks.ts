/**
 * Checks of the server's SyncHdr before anything in the message is believed: protocol versions
 * [TR-REP §4.1.1.24-25] (505, 513), the SessionID of this session and a MsgID that increases
 * [TR-PRO §2.3.3] (neither has a status of its own in the spec: 400, see
 * docs/decisions/client-session.md), and our MaxMsgSize (413).
 */
import type { SyncHdr } from "@omadm/protocol";

export interface HeaderProblem {
  readonly code: number;
  readonly reason: string;
}

export function checkHeader(
  h: SyncHdr,
  sessionId: string,
  lastServerMsgId: number,
): HeaderProblem | undefined {
  if (h.verDtd.trim() !== "1.2") return { code: 505, reason: `unsupported VerDTD ${h.verDtd}` };
  if (h.verProto.trim().toUpperCase() !== "DM/1.2")
    return { code: 513, reason: `unsupported VerProto ${h.verProto}` };
  if (!sameSessionId(h.sessionId, sessionId))
    return { code: 400, reason: `SessionID ${h.sessionId} is not ${sessionId}` };
  if (!(h.msgId > lastServerMsgId)) {
    return { code: 400, reason: `MsgID ${h.msgId} does not follow ${lastServerMsgId}` };
  }
  return undefined;
}

/**
 * SessionIDs compare as written, ignoring surrounding space, letter case and leading zeros, so
 * `00AB`, `ab` and `AB` name the same session (the id is hex when it comes from Package 0).
 */
export function sameSessionId(a: string, b: string): boolean {
  const norm = (s: string): string => {
    const t = s
      .trim()
      .toUpperCase()
      .replace(/^0+(?=.)/, "");
    return t;
  };
  return norm(a) === norm(b);
}
