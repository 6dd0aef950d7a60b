/**
 * A whole SyncML DM message <-> element tree. This mapping is written once and serves both
 * encodings (ARCHITECTURE idea 1): the XML and WBXML codecs only spell the tree.
 */
import type { Child, Element } from "../../element.js";
import { el, isElement } from "../../element.js";
import type { SyncMLNamespace } from "../media-types.js";
import { syncmlNamespaces } from "../media-types.js";
import type { Command, SyncMLMessage } from "../model.js";
import { commandFromElement, commandToElement } from "./commands.js";
import type { MappingOptions } from "./fields.js";
import { invalid, missing, pushFlag } from "./fields.js";
import { headerFromElement, headerToElement } from "./header.js";

/**
 * Reads a SyncML message from its element tree. The root may have any SyncML namespace or none
 * (libwbxml samples name it by DOCTYPE only); children are matched by local name in any order.
 * Throws DecodeError "SYNCML_INVALID" at the offending element's offset.
 */
export function syncmlFromElement(root: Element): SyncMLMessage {
  return mapSyncML(root, {});
}

/** syncmlFromElement with the hooks decodeSyncML needs (embedded WBXML documents). */
export function mapSyncML(root: Element, options: MappingOptions): SyncMLMessage {
  if (root.name !== "SyncML") throw invalid(`root element is ${root.name}, not SyncML`, root);
  let hdr: Element | undefined;
  let body: Element | undefined;
  for (const c of root.children) {
    if (!isElement(c)) continue;
    if (c.name === "SyncHdr") hdr ??= c;
    else if (c.name === "SyncBody") body ??= c;
  }
  if (hdr === undefined) throw missing("SyncHdr", root);
  if (body === undefined) throw missing("SyncBody", root);
  const header = headerFromElement(hdr);
  const commands: Command[] = [];
  let final = false;
  for (const c of body.children) {
    if (!isElement(c)) continue;
    if (c.name === "Final") final = true;
    else commands.push(commandFromElement(c, 3, options));
  }
  return { header, body: commands, final };
}

/**
 * Reads one command element on its own, e.g. a Windows MDM command snippet without envelope.
 * Elements DM does not define give an `Unknown` command.
 */
export function syncmlCommandFromElement(e: Element): Command {
  return commandFromElement(e, 1, {});
}

export interface SyncMLToElementOptions {
  /** Namespace of the SyncML elements; default SYNCML:SYNCML1.1 when VerDTD is "1.1", else 1.2. */
  readonly ns?: SyncMLNamespace;
}

/** The namespace a message is written in (see SyncMLToElementOptions.ns). */
export function messageNamespace(msg: SyncMLMessage, options?: SyncMLToElementOptions): SyncMLNamespace {
  if (options?.ns !== undefined) return options.ns;
  return msg.header.verDtd.trim() === "1.1" ? syncmlNamespaces.syncml11 : syncmlNamespaces.syncml12;
}

/**
 * Writes a message as an element tree, children in the content-model order of the fact sheet
 * §2.2; MetInf children go in syncml:metinf. Item Data is written as it is held (text, bytes or
 * an element); encodeSyncML prepares it for a given encoding first.
 */
export function syncmlToElement(msg: SyncMLMessage, options?: SyncMLToElementOptions): Element {
  const ns = messageNamespace(msg, options);
  const body: Child[] = msg.body.map((c) => commandToElement(c, ns));
  pushFlag(body, "Final", ns, msg.final);
  return el("SyncML", ns, [headerToElement(msg.header, ns), el("SyncBody", ns, body)]);
}
