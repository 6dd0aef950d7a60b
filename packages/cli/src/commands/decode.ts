import { parseArgs } from "node:util";
import { decodeAny } from "@omadm/protocol";
import { readInput, writeOutput } from "../io.js";
import { renderJson } from "../render-json.js";
import { renderText } from "../render-text.js";
import { UsageError } from "../usage-error.js";

export const decodeUsage = `omadm decode [FILE|-] [--json] [--lenient]
  Recognises any DM message (SyncML DM XML or WBXML, TNDS/DDF, CP document, Package 0, WSP push,
  SMS user data, DM 2.0 notification/commands/status/JSON TNDS) and prints its XML form, or the
  typed model as JSON with --json. --lenient accepts the XML defects real peers produce.`;

export async function decodeCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      lenient: { type: "boolean" },
      output: { type: "string", short: "o" },
    },
  });
  if (positionals.length > 1) throw new UsageError("decode takes one input");
  const bytes = await readInput(positionals[0]);
  const decoded = decodeAny(bytes, { lenient: values.lenient === true });
  await writeOutput(values.json === true ? renderJson(decoded) : renderText(decoded), values.output);
  return 0;
}
