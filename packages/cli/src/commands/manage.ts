import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { UsageError } from "../usage-error.js";
import { apiClientOf, apiFlags, apiFlagsUsage, runApi, segment, type ApiClient } from "./api-client.js";
import { formatCommand, formatResultLines, type CommandJson } from "./command-text.js";
import { startSpinner } from "./spinner.js";

const kinds = {
  get: "Get",
  replace: "Replace",
  add: "Add",
  delete: "Delete",
  exec: "Exec",
  copy: "Copy",
} as const;
type Verb = keyof typeof kinds;

const options = {
  ...apiFlags,
  notify: { type: "boolean" },
  wait: { type: "string" },
  json: { type: "boolean" },
  format: { type: "string" },
  type: { type: "string" },
  base64: { type: "boolean" },
  tnds: { type: "string" },
  async: { type: "boolean" },
} as const;

const shape: Readonly<Record<Verb, string>> = {
  get: "ID URI",
  replace: "ID URI VALUE",
  add: "ID URI [VALUE]",
  delete: "ID URI",
  exec: "ID URI [VALUE] [--async]",
  copy: "ID URI SOURCE",
};

function usageOf(verb: Verb): string {
  return `omadm ${verb} ${shape[verb]} [--notify] [--wait SECONDS] [--json]${
    verb === "replace" || verb === "add" || verb === "exec"
      ? "\n    [--format F] [--type T] [--base64] [--tnds FILE]"
      : ""
  }
  Queues a ${kinds[verb]} for the device's next session on a running server.${
    verb === "copy" ? " SOURCE is the leaf copied onto URI." : ""
  }
  --notify        also send the device a notification (Package 0) so it calls now
  --wait SECONDS  wait for the device's Status (and Results) and print them; exit 1 when the
                  command failed or did not finish in time${
                    verb === "get"
                      ? ""
                      : "\n  --base64        VALUE is base64 bytes; --tnds FILE sends a TNDS document (format xml)"
                  }
${apiFlagsUsage}`;
}

/** The commands that queue one management command each: get, replace, add, delete, exec, copy. */
export const manageCommands: Readonly<
  Record<Verb, { run: (args: readonly string[]) => Promise<number>; usage: string }>
> = Object.fromEntries(
  (Object.keys(kinds) as Verb[]).map((verb) => [
    verb,
    { run: (args: readonly string[]) => manage(verb, args), usage: usageOf(verb) },
  ]),
) as Record<Verb, { run: (args: readonly string[]) => Promise<number>; usage: string }>;

async function manage(verb: Verb, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options,
    allowPositionals: true,
    strict: true,
  });
  const [id, uri, value, ...extra] = positionals;
  if (id === undefined || uri === undefined) throw new UsageError(`${verb} needs ${shape[verb]}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const wait = values.wait === undefined ? undefined : Number(values.wait);
  if (wait !== undefined && !(Number.isFinite(wait) && wait > 0))
    throw new UsageError("--wait takes a number of seconds");
  const command = await commandOf(verb, uri, value, values);
  const api = apiClientOf(values);
  return runApi(async () => {
    let queued = await api.request<CommandJson>("POST", `/api/devices/${segment(id)}/commands`, command);
    if (values.json !== true)
      process.stdout.write(`queued command ${queued.id}: ${formatCommand(queued.command)}\n`);
    if (values.notify === true) {
      const outcome = await api.request<{ outcome?: string; detail?: string }>(
        "POST",
        `/api/devices/${segment(id)}/notify`,
        {},
      );
      if (values.json !== true) {
        process.stdout.write(
          `notification ${outcome.outcome ?? "sent"}${outcome.detail === undefined ? "" : `: ${outcome.detail}`}\n`,
        );
      }
    }
    if (wait === undefined) {
      if (values.json === true) process.stdout.write(JSON.stringify(queued, null, 2) + "\n");
      return 0;
    }
    queued = await waitFor(api, queued, wait * 1000, id);
    if (values.json === true) process.stdout.write(JSON.stringify(queued, null, 2) + "\n");
    else process.stdout.write(describeOutcome(queued));
    return queued.state === "done" ? 0 : 1;
  });
}

async function commandOf(
  verb: Verb,
  uri: string,
  value: string | undefined,
  values: { format?: string; type?: string; base64?: boolean; tnds?: string; async?: boolean },
): Promise<Record<string, unknown>> {
  const kind = kinds[verb];
  switch (verb) {
    case "get":
    case "delete":
      if (value !== undefined) throw new UsageError(`${verb} takes no VALUE`);
      return { kind, uri };
    case "copy":
      if (value === undefined) throw new UsageError("copy needs ID URI SOURCE");
      return { kind, uri, source: value };
    case "replace":
    case "add":
    case "exec": {
      if (verb === "replace" && value === undefined && values.tnds === undefined) {
        throw new UsageError("replace needs a VALUE (or --tnds FILE)");
      }
      if (value !== undefined && values.tnds !== undefined)
        throw new UsageError("give VALUE or --tnds, not both");
      const data =
        values.tnds !== undefined
          ? { tnds: await readFile(values.tnds, "utf8") }
          : value === undefined
            ? undefined
            : values.base64 === true
              ? { base64: value }
              : { text: value };
      const format = values.format ?? (values.tnds !== undefined ? "xml" : undefined);
      const type =
        values.type ?? (values.tnds !== undefined ? "application/vnd.syncml.dmtnds+xml" : undefined);
      return {
        kind,
        uri,
        ...(format === undefined ? {} : { format }),
        ...(type === undefined ? {} : { type }),
        ...(data === undefined ? {} : { data }),
        ...(verb === "exec" && values.async === true ? { async: true } : {}),
      };
    }
  }
}

const finalStates = new Set(["done", "failed", "cancelled"]);

/** Polls the command until it has a final state or `ms` passed. */
async function waitFor(
  api: ApiClient,
  command: CommandJson,
  ms: number,
  deviceId: string,
): Promise<CommandJson> {
  const spinner = startSpinner(`waiting for ${deviceId}`);
  const deadline = Date.now() + ms;
  let current = command;
  try {
    while (!finalStates.has(current.state) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, Math.min(500, Math.max(0, deadline - Date.now()))));
      current = await api.request<CommandJson>("GET", `/api/commands/${segment(command.id)}`);
    }
  } finally {
    spinner.stop();
  }
  return current;
}

function describeOutcome(c: CommandJson): string {
  if (!finalStates.has(c.state)) {
    return `no Status yet: command ${c.id} is ${c.state}${c.attempts > 0 ? ` (sent ${c.attempts}x)` : ""}\n`;
  }
  return formatResultLines(c);
}
