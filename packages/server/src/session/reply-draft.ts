/**
 * Our reply message while it is being filled: the SyncHdr, the Statuses (always first, the
 * SyncHdr Status leading [TR-PRO §2.6]), then commands, with CmdIDs unique within the message
 * [TR-REP], and the encoded size measured against the device's MaxMsgSize.
 */
import type {
  Chal,
  Command,
  Cred,
  Meta,
  Status,
  SyncHdr,
  SyncMLEncoding,
  SyncMLMessage,
} from "@omadm/protocol";
import { encodeSyncML } from "@omadm/protocol";

export interface ReplyDraft {
  readonly header: SyncHdr;
  readonly encoding: SyncMLEncoding;
  readonly statuses: Command[];
  readonly commands: Command[];
  final: boolean;
  /** The CmdID the next command gets. */
  nextCmdId: number;
}

export interface ReplyHeaderInput {
  readonly sessionId: string;
  readonly msgId: number;
  readonly deviceId: string;
  readonly serverUrl: string;
  readonly serverId: string;
  readonly respUri?: string;
  readonly cred?: Cred;
  readonly meta?: Meta;
}

/** A draft with its header and no body yet. */
export function newDraft(input: ReplyHeaderInput, encoding: SyncMLEncoding): ReplyDraft {
  const header: SyncHdr = {
    verDtd: "1.2",
    verProto: "DM/1.2",
    sessionId: input.sessionId,
    msgId: input.msgId,
    // [TR-PRO §2] Target = the recipient (the device's DevId), Source = us.
    target: { locUri: input.deviceId },
    source: { locUri: input.serverUrl, locName: input.serverId },
    ...(input.respUri === undefined ? {} : { respUri: input.respUri }),
    ...(input.cred === undefined ? {} : { cred: input.cred }),
    ...(input.meta === undefined ? {} : { meta: input.meta }),
  };
  return { header, encoding, statuses: [], commands: [], final: true, nextCmdId: 1 };
}

/** Takes the next CmdID. */
export function takeCmdId(draft: ReplyDraft): number {
  return draft.nextCmdId++;
}

/** The SyncHdr Status for the device's message [TR-PRO §2.4.4]: CmdRef 0, Cmd SyncHdr, refs echoing the header. */
export function addHeaderStatus(draft: ReplyDraft, received: SyncHdr, code: number, chal?: Chal): void {
  const status: Status = {
    kind: "Status",
    cmdId: takeCmdId(draft),
    msgRef: received.msgId,
    cmdRef: 0,
    cmd: "SyncHdr",
    targetRefs: [received.target.locUri],
    sourceRefs: [received.source.locUri],
    ...(chal === undefined ? {} : { chal }),
    data: code,
    items: [],
  };
  draft.statuses.push(status);
}

/** A Status for one of the device's commands. */
export function addCommandStatus(
  draft: ReplyDraft,
  msgRef: number,
  cmdRef: number,
  cmd: string,
  code: number,
): void {
  draft.statuses.push({
    kind: "Status",
    cmdId: takeCmdId(draft),
    msgRef,
    cmdRef,
    cmd,
    targetRefs: [],
    sourceRefs: [],
    data: code,
    items: [],
  });
}

/** An Alert of ours (1222 next message, 1225 end of data missing) among the reply commands. */
export function addAlert(draft: ReplyDraft, code: number, uri?: string): void {
  draft.statuses.push({
    kind: "Alert",
    cmdId: takeCmdId(draft),
    data: code,
    items: uri === undefined ? [] : [{ target: { locUri: uri } }],
  });
}

/** The message as it stands. */
export function draftMessage(draft: ReplyDraft): SyncMLMessage {
  return { header: draft.header, body: [...draft.statuses, ...draft.commands], final: draft.final };
}

/** The encoded size of the draft, with `extra` commands appended. */
export function draftSize(draft: ReplyDraft, extra: readonly Command[] = []): number {
  const msg = draftMessage(draft);
  return encodeSyncML({ ...msg, body: [...msg.body, ...extra] }, { encoding: draft.encoding }).length;
}
