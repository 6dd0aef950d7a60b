/**
 * The omadm command. Each subcommand lives in commands/; this file only dispatches and turns
 * errors into exit codes: 0 done, 1 the input could not be decoded (DecodeError, with its code
 * and byte offset), 2 a usage error.
 */
import { DecodeError, OmaDmError } from "@omadm/protocol";
import { bootstrapCommand, bootstrapUsage } from "./commands/bootstrap.js";
import { clientCommand, clientUsage } from "./commands/client.js";
import { decodeCommand, decodeUsage } from "./commands/decode.js";
import { encodeCommand, encodeUsage } from "./commands/encode.js";
import { deviceCommand, deviceUsage } from "./commands/device.js";
import { manageCommands } from "./commands/manage.js";
import { notificationCommand, notificationUsage } from "./commands/notification.js";
import { notifyCommand, notifyUsage } from "./commands/notify.js";
import { resultsCommand, resultsUsage } from "./commands/results.js";
import { serverCommand, serverUsage } from "./commands/server.js";
import { UsageError } from "./usage-error.js";

const commands: Readonly<
  Record<string, { run: (args: readonly string[]) => Promise<number>; usage: string }>
> = {
  decode: { run: decodeCommand, usage: decodeUsage },
  encode: { run: encodeCommand, usage: encodeUsage },
  notification: { run: notificationCommand, usage: notificationUsage },
  client: { run: clientCommand, usage: clientUsage },
  server: { run: serverCommand, usage: serverUsage },
  device: { run: deviceCommand, usage: deviceUsage },
  ...manageCommands,
  results: { run: resultsCommand, usage: resultsUsage },
  notify: { run: notifyCommand, usage: notifyUsage },
  bootstrap: { run: bootstrapCommand, usage: bootstrapUsage },
};

const usage = `usage: omadm <command> [options]

${Object.values(commands)
  .map((c) => c.usage)
  .join("\n\n")}
`;

/** Runs the command line `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(usage);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    process.stderr.write(`omadm: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(command.usage + "\n");
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    return report(e, command.usage);
  }
}

function report(e: unknown, commandUsage: string): number {
  if (
    e instanceof UsageError ||
    (e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))
  ) {
    process.stderr.write(`omadm: ${e.message}\n\n${commandUsage}\n`);
    return 2;
  }
  if (e instanceof DecodeError) {
    process.stderr.write(`omadm: cannot decode: ${e.code} at byte ${e.offset}: ${e.message}\n`);
    return 1;
  }
  if (e instanceof OmaDmError) {
    process.stderr.write(`omadm: ${e.code}: ${e.message}\n`);
    return 1;
  }
  // A file that cannot be read or written (ENOENT, EACCES, EISDIR, ...): say so, no stack trace.
  if (e instanceof Error && "code" in e && typeof e.code === "string" && "syscall" in e) {
    process.stderr.write(`omadm: ${e.message}\n`);
    return 1;
  }
  throw e;
}
