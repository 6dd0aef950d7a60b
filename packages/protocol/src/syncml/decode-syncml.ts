import { DecodeError } from "../errors.js";
import type { DecodeLimits } from "../limits.js";
import { resolveLimits } from "../limits.js";
import { decodeWbxmlDocument } from "../wbxml/index.js";
import { decodeXml } from "../xml/index.js";
import { embeddedWbxmlDecoder } from "./embedded-wbxml.js";
import { mapSyncML } from "./mapping/message.js";
import type { SyncMLMessage } from "./model.js";
import { sniffEncoding } from "./sniff-encoding.js";

export interface DecodeSyncMLOptions {
  readonly limits?: Partial<DecodeLimits>;
  /** Accept XML that real devices send but XML forbids (a raw `&` in text); see the xml codec. */
  readonly lenient?: boolean;
}

/**
 * Decodes one SyncML DM message, XML or WBXML (sniffed). In WBXML, OPAQUE Data labelled
 * "+wbxml" that holds a document of a known language (an embedded TNDS) becomes an element tree.
 * Any bytes give a message or a DecodeError with a byte offset.
 */
export function decodeSyncML(bytes: Uint8Array, options?: DecodeSyncMLOptions): SyncMLMessage {
  const limits = resolveLimits(options?.limits);
  if (bytes.length > limits.maxBytes) {
    throw new DecodeError(
      "DECODE_LIMIT",
      `message of ${bytes.length} bytes is over ${limits.maxBytes}`,
      limits.maxBytes,
    );
  }
  switch (sniffEncoding(bytes)) {
    case "xml": {
      const lenient = options?.lenient ?? false;
      return mapSyncML(decodeXml(bytes, { limits, lenient }), {});
    }
    case "wbxml": {
      const doc = decodeWbxmlDocument(bytes, { limits });
      return mapSyncML(doc.root, { opaqueData: embeddedWbxmlDecoder(bytes, limits) });
    }
    case undefined:
      throw new DecodeError("DECODE_UNKNOWN_FORMAT", "neither XML nor WBXML", 0);
  }
}
