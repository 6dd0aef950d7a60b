import { parseArgs } from "node:util";
import {
  decodeAny,
  encodeCp,
  encodeSyncML,
  encodeTnds,
  encodeWbxml,
  encodeXml,
  type DecodedMessage,
} from "@omadm/protocol";
import { readInput, writeOutput } from "../io.js";
import { UsageError } from "../usage-error.js";

export const encodeUsage = `omadm encode --to wbxml|xml [--wbxml-version 1.1|1.2|1.3] [--string-table] [-o OUT] [FILE|-]
  Converts a SyncML DM message, a TNDS/DDF tree or a CP document between XML and WBXML.
  Embedded TNDS documents are re-encoded too, and their Type follows the encoding.`;

const versions = { "1.1": 1, "1.2": 2, "1.3": 3 } as const;

export async function encodeCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      to: { type: "string" },
      "wbxml-version": { type: "string" },
      "string-table": { type: "boolean" },
      lenient: { type: "boolean" },
      output: { type: "string", short: "o" },
    },
  });
  const to = values.to;
  if (to !== "xml" && to !== "wbxml") throw new UsageError("--to must be xml or wbxml");
  const versionText = values["wbxml-version"] ?? "1.2";
  if (!(versionText in versions)) throw new UsageError("--wbxml-version must be 1.1, 1.2 or 1.3");
  const wbxmlVersion = versions[versionText as keyof typeof versions];
  if (positionals.length > 1) throw new UsageError("encode takes one input");
  const decoded = decodeAny(await readInput(positionals[0]), { lenient: values.lenient === true });
  const stringTable = values["string-table"] === true;
  await writeOutput(encode(decoded, to, wbxmlVersion, stringTable), values.output);
  return 0;
}

function encode(
  decoded: DecodedMessage,
  to: "xml" | "wbxml",
  wbxmlVersion: 1 | 2 | 3,
  stringTable: boolean,
): Uint8Array {
  switch (decoded.kind) {
    case "syncml":
      return encodeSyncML(decoded.message, { encoding: to, wbxmlVersion, stringTable });
    case "tnds":
      return encodeTnds(decoded.tree, { encoding: to, wbxmlVersion, stringTable });
    case "cp":
      return encodeCp(decoded.document, { encoding: to, wbxmlVersion });
    case "element":
      return to === "xml"
        ? encodeXml(decoded.root)
        : encodeWbxml(decoded.root, { version: wbxmlVersion, stringTable });
    case "package0":
    case "dm2-notification":
    case "dm2-commands":
    case "dm2-status":
    case "tnds20":
    case "wsp-push":
    case "sms":
      throw new UsageError(`encode converts XML and WBXML documents; the input is ${decoded.kind}`);
  }
}
