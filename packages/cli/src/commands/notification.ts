import { parseArgs } from "node:util";
import {
  decodeNonce,
  encodePackage0,
  initiators,
  uiModes,
  type Initiator,
  type UiMode,
} from "@omadm/protocol";
import { writeOutput } from "../io.js";
import { UsageError } from "../usage-error.js";

export const notificationUsage = `omadm notification --server-id ID --secret S [--nonce B64] --session-id HEX
    [--ui-mode unspecified|background|informative|interactive] [--initiator server|user] [-o FILE]
  Writes a Package 0 (DM 1.2 notification, version 1.1) whose digest uses the server's secret
  and the device's current server nonce (base64; default: the resync nonce, 4 zero bytes).`;

// The command's short names for the spec's ui-modes. [TR-NOT §6.2.2.7]
const uiModeNames: Readonly<Record<string, UiMode>> = {
  unspecified: "not-specified",
  background: "background",
  informative: "informative",
  interactive: "user-interaction",
};

export async function notificationCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      "server-id": { type: "string" },
      secret: { type: "string" },
      nonce: { type: "string" },
      "session-id": { type: "string" },
      "ui-mode": { type: "string" },
      initiator: { type: "string" },
      output: { type: "string", short: "o" },
    },
  });
  if (positionals.length > 0) throw new UsageError("notification takes no positional arguments");
  const serverId = required(values["server-id"], "--server-id");
  const secret = required(values.secret, "--secret");
  const sessionText = required(values["session-id"], "--session-id");
  if (!/^[0-9A-Fa-f]{1,4}$/.test(sessionText)) throw new UsageError("--session-id must be 1 to 4 hex digits");
  const uiMode = uiModeNames[values["ui-mode"] ?? "unspecified"];
  if (uiMode === undefined || !uiModes.includes(uiMode)) {
    throw new UsageError(`--ui-mode must be one of ${Object.keys(uiModeNames).join(", ")}`);
  }
  const initiator = (values.initiator ?? "server") as Initiator;
  if (!initiators.includes(initiator)) throw new UsageError("--initiator must be server or user");
  // [TR-NOT §6.2] with no nonce stored yet, the resync nonce lets the device verify the digest.
  const nonce = values.nonce === undefined ? new Uint8Array(4) : decodeNonce(values.nonce);
  const bytes = encodePackage0(
    { uiMode, initiator, sessionId: parseInt(sessionText, 16), serverId },
    { serverPassword: secret, nonce },
  );
  await writeOutput(bytes, values.output);
  return 0;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === "") throw new UsageError(`${flag} is required`);
  return value;
}
