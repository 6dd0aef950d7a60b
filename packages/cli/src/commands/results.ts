import { parseArgs } from "node:util";
import { oneDeviceId } from "../usage-error.js";
import { apiClientOf, apiFlags, apiFlagsUsage, runApi, segment } from "./api-client.js";
import { formatResultLines, type CommandJson } from "./command-text.js";

export const resultsUsage = `omadm results ID [--state queued,sent,done,failed,cancelled] [--json]
  Prints the device's commands in queue order with their Status and Results.
${apiFlagsUsage}`;

const options = { ...apiFlags, json: { type: "boolean" }, state: { type: "string" } } as const;

export async function resultsCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options,
    allowPositionals: true,
    strict: true,
  });
  const id = oneDeviceId(positionals, "results");
  const api = apiClientOf(values);
  return runApi(async () => {
    const all: CommandJson[] = [];
    let cursor: string | undefined;
    do {
      const q = new URLSearchParams({ limit: "1000" });
      if (values.state !== undefined) q.set("state", values.state);
      if (cursor !== undefined) q.set("cursor", cursor);
      const page = await api.request<{ items: CommandJson[]; nextCursor?: string }>(
        "GET",
        `/api/devices/${segment(id)}/commands?${q.toString()}`,
      );
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    if (values.json === true) process.stdout.write(JSON.stringify(all, null, 2) + "\n");
    else process.stdout.write(all.length === 0 ? "no commands\n" : all.map(formatResultLines).join(""));
    return 0;
  });
}
