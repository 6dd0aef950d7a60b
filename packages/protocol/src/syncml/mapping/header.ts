/**
 * SyncHdr <-> element: VerDTD, VerProto, SessionID, MsgID, Target, Source, RespURI?, NoResp?,
 * Cred?, Meta? (fact sheet §2.2, [TR-PRO §2.3.3]).
 */
import type { Child, Element } from "../../element.js";
import { el, isElement } from "../../element.js";
import type { SyncHdr } from "../model.js";
import type { Mutable } from "./fields.js";
import { integerElement, integerOf, missing, pushFlag, textElement, trimmedText } from "./fields.js";
import { locationFromElement, locationToElement } from "./item.js";
import { credFromElement, credToElement, metaFromElement, metaToElement } from "./meta.js";

export function headerFromElement(e: Element): SyncHdr {
  let verDtd: string | undefined;
  let verProto: string | undefined;
  let sessionId: string | undefined;
  let msgId: number | undefined;
  let target: Element | undefined;
  let source: Element | undefined;
  const rest: Partial<Mutable<SyncHdr>> = {};
  for (const c of e.children) {
    if (!isElement(c)) continue;
    switch (c.name) {
      case "VerDTD":
        verDtd ??= trimmedText(c);
        break;
      case "VerProto":
        verProto ??= trimmedText(c);
        break;
      case "SessionID":
        sessionId ??= trimmedText(c);
        break;
      case "MsgID":
        msgId ??= integerOf(c);
        break;
      case "Target":
        target ??= c;
        break;
      case "Source":
        source ??= c;
        break;
      case "RespURI":
        rest.respUri ??= trimmedText(c);
        break;
      case "NoResp":
        rest.noResp = true;
        break;
      case "Cred":
        rest.cred ??= credFromElement(c);
        break;
      case "Meta":
        rest.meta ??= metaFromElement(c);
        break;
      default:
        break;
    }
  }
  if (verDtd === undefined) throw missing("VerDTD", e);
  if (verProto === undefined) throw missing("VerProto", e);
  if (sessionId === undefined) throw missing("SessionID", e);
  if (msgId === undefined) throw missing("MsgID", e);
  if (target === undefined) throw missing("Target", e);
  if (source === undefined) throw missing("Source", e);
  return {
    verDtd,
    verProto,
    sessionId,
    msgId,
    target: locationFromElement(target),
    source: locationFromElement(source),
    ...rest,
  };
}

export function headerToElement(h: SyncHdr, ns: string): Element {
  const out: Child[] = [
    textElement("VerDTD", ns, h.verDtd),
    textElement("VerProto", ns, h.verProto),
    textElement("SessionID", ns, h.sessionId),
    integerElement("MsgID", ns, h.msgId),
    locationToElement("Target", h.target, ns),
    locationToElement("Source", h.source, ns),
  ];
  if (h.respUri !== undefined) out.push(textElement("RespURI", ns, h.respUri));
  pushFlag(out, "NoResp", ns, h.noResp);
  if (h.cred !== undefined) out.push(credToElement(h.cred, ns));
  if (h.meta !== undefined) out.push(metaToElement(h.meta, ns));
  return el("SyncHdr", ns, out);
}
