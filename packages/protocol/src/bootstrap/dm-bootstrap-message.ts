import type { SyncMLMessage } from "../syncml/model.js";
import { encodeSyncML } from "../syncml/index.js";
import type { TndsNode } from "../tnds/mgmt-tree.js";
import { tndsToElement } from "../tnds/index.js";
import type { DmAccount } from "./dm-account.js";
import { dmAccountTnds } from "./dm-account-tnds.js";

/** What a DM-profile bootstrap message is built from. */
export interface DmBootstrapInput {
  readonly account: DmAccount;
  /** The account's node name: the `<X>` the device is asked to create (it may rename it). */
  readonly accountName: string;
  /** SyncHdr Target: the device id (./DevInfo/DevId, e.g. "IMEI:493005100592800"). */
  readonly deviceId: string;
  /** SyncHdr Source: the bootstrap server's URI. */
  readonly serverUri: string;
  /** Other objects of the same TNDS (a ConnMO the account's PrefConRef names as ./Inbox/...). */
  readonly extraNodes?: readonly TndsNode[];
  /**
   * MsgID; default 1, the first value of SyncML's message counter. Funambol sends 0; a bootstrap
   * message is outside any session, so nothing refers to it either way.
   */
  readonly msgId?: number;
}

/** The Inbox, where a bootstrap adds objects for the device to place by their Type. [TR-STD §7.1.3.4] */
export const bootstrapInbox = "./Inbox";

/**
 * The DM-profile bootstrap message [TR-BOOT §3.1.4]: SyncHdr VerDTD 1.2, VerProto DM/1.2,
 * SessionID 0 (it belongs to no session, as Funambol sends it), no Cred; one Add (CmdID 1) of
 * one Item targeting ./Inbox whose Data is the TNDS (Meta Format xml, Type dmtnds), and Final.
 * The device sends no response. docs/decisions/notification-and-bootstrap.md
 */
export function dmBootstrapMessage(input: DmBootstrapInput): SyncMLMessage {
  const tree = dmAccountTnds(input.account, input.accountName, input.extraNodes);
  return {
    header: {
      verDtd: "1.2",
      verProto: "DM/1.2",
      sessionId: "0",
      msgId: input.msgId ?? 1,
      target: { locUri: input.deviceId },
      source: { locUri: input.serverUri },
    },
    body: [
      {
        kind: "Add",
        cmdId: 1,
        items: [
          {
            target: { locUri: bootstrapInbox },
            meta: { format: "xml", type: "application/vnd.syncml.dmtnds+wbxml" },
            data: tndsToElement(tree),
          },
        ],
      },
    ],
    final: true,
  };
}

/**
 * The DM-profile bootstrap message as WBXML: always WBXML [TR-BOOT §3.1.4], with the TNDS as an
 * embedded WBXML document in OPAQUE Data. These bytes are what the bootstrap MAC covers.
 */
export function buildDmBootstrapMessage(input: DmBootstrapInput): Uint8Array {
  return encodeSyncML(dmBootstrapMessage(input), { encoding: "wbxml" });
}
