import { parseArgs } from "node:util";
import { oneDeviceId } from "../usage-error.js";
import { apiClientOf, apiFlags, apiFlagsUsage, runApi, segment } from "./api-client.js";

export const notifyUsage = `omadm notify ID [--ui-mode background|informative|user-interaction|not-specified]
    [--initiator server|user] [--json]
  Asks a running server to send the device a notification (Package 0) over its channel (WAP Push
  through the PPG, HTTP or UDP), so that it opens a session. Exit 1 when it could not be sent.
${apiFlagsUsage}`;

const options = {
  ...apiFlags,
  "ui-mode": { type: "string" },
  initiator: { type: "string" },
  json: { type: "boolean" },
} as const;

export async function notifyCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options,
    allowPositionals: true,
    strict: true,
  });
  const id = oneDeviceId(positionals, "notify");
  const api = apiClientOf(values);
  const body = {
    ...(values["ui-mode"] === undefined ? {} : { uiMode: values["ui-mode"] }),
    ...(values.initiator === undefined ? {} : { initiator: values.initiator }),
  };
  return runApi(async () => {
    const r = await api.request<{ outcome?: string; channel?: string; attempts?: number; detail?: string }>(
      "POST",
      `/api/devices/${segment(id)}/notify`,
      body,
    );
    if (values.json === true) process.stdout.write(JSON.stringify(r, null, 2) + "\n");
    else {
      process.stdout.write(
        `notification ${r.outcome ?? "?"}${r.channel === undefined ? "" : ` via ${r.channel}`}` +
          `${r.attempts === undefined ? "" : ` after ${r.attempts} attempt(s)`}${r.detail === undefined ? "" : `: ${r.detail}`}\n`,
      );
    }
    return r.outcome === "failed" ? 1 : 0;
  });
}
