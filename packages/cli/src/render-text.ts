/**
 * The human-readable form of a decoded message: XML for XML-family documents (pretty-printed),
 * the document text for DM 2.0 text documents, and a field listing for binary messages, with the
 * content of containers (SMS, WSP push) rendered after their own fields.
 */
import {
  encodeCp,
  encodeDm2Commands,
  encodeDm2Status,
  encodeSyncML,
  encodeTnds,
  encodeTnds20,
  encodeXmlString,
  decodeXml,
  isElement,
  sessionIdHex,
  type Child,
  type DecodedMessage,
  type Element,
} from "@omadm/protocol";

const indent = "  ";
const utf8 = new TextDecoder("utf-8", { fatal: true });
const text = new TextDecoder();

export function renderText(decoded: DecodedMessage): string {
  switch (decoded.kind) {
    case "syncml":
      return pretty(encodeSyncML(decoded.message, { encoding: "xml" }));
    case "tnds":
      return pretty(encodeTnds(decoded.tree, { encoding: "xml" }));
    case "cp":
      return pretty(encodeCp(decoded.document, { encoding: "xml" }));
    case "element":
      return encodeXmlString(displayable(decoded.root), { indent }) + "\n";
    case "dm2-commands":
      return text.decode(encodeDm2Commands(decoded.document));
    case "dm2-status":
      return text.decode(encodeDm2Status(decoded.document));
    case "tnds20":
      return text.decode(encodeTnds20(decoded.document)) + "\n";
    case "package0": {
      const p = decoded.package0;
      return fields("Package 0 (DM 1.2 notification)", [
        ["version", `${p.version} (${Math.floor(p.version / 10)}.${p.version % 10})`],
        ["ui-mode", p.uiMode],
        ["initiator", p.initiator],
        ["session id", `${p.sessionId} (SessionID "${sessionIdHex(p.sessionId)}")`],
        ["server id", p.serverId],
        ["digest", hex(p.digest)],
        ["vendor", p.vendor.length === 0 ? "(none)" : hex(p.vendor)],
      ]);
    }
    case "dm2-notification": {
      const n = decoded.notification;
      return fields("DM 2.0 notification", [
        ["version", String(n.version)],
        ["ui-mode", n.uiMode],
        ["initiator", n.initiator],
        ["send-devdetail", String(n.sendDevDetail)],
        ["send-supported-mo", String(n.sendSupportedMos)],
        ["send-all-mo-instances", String(n.sendAllMoInstances)],
        ["url", n.url],
      ]);
    }
    case "wsp-push": {
      const p = decoded.push;
      const head = fields("WSP push PDU", [
        ["transaction id", String(p.transactionId)],
        ["content type", p.contentType.mediaType ?? `0x${(p.contentType.code ?? 0).toString(16)}`],
        ["application id", p.applicationId === undefined ? "(none)" : String(p.applicationId)],
        ["body", `${p.body.length} bytes`],
      ]);
      return head + (decoded.content === undefined ? "" : "\n" + renderText(decoded.content));
    }
    case "sms": {
      const { header } = decoded;
      const rows: [string, string][] = [];
      if (header.ports !== undefined) {
        rows.push([
          "ports",
          `${header.ports.source} -> ${header.ports.destination} (${header.ports.bits}-bit)`,
        ]);
      }
      if (header.concat !== undefined) {
        rows.push(["part", `${header.concat.seq} of ${header.concat.total} (ref ${header.concat.ref})`]);
      }
      rows.push(["payload", `${decoded.payload.length} bytes`]);
      const head = fields("SMS user data (WDP)", rows);
      return head + (decoded.content === undefined ? "" : "\n" + renderText(decoded.content));
    }
  }
}

function pretty(xml: Uint8Array): string {
  return encodeXmlString(decodeXml(xml), { indent }) + "\n";
}

function fields(title: string, rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${title}\n` + rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}\n`).join("");
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/** OPAQUE children that are not UTF-8 text are shown as base64 so the tree prints as XML. */
function displayable(e: Element): Element {
  const children: Child[] = e.children.map((c) => {
    if (isElement(c)) return displayable(c);
    if (c instanceof Uint8Array) {
      try {
        return utf8.decode(c);
      } catch {
        return Buffer.from(c).toString("base64");
      }
    }
    return c;
  });
  return { ...e, children };
}
