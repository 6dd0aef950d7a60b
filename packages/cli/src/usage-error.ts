/** A command line the command cannot run: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The single device ID a command takes as its only positional argument. */
export function oneDeviceId(positionals: readonly string[], command: string): string {
  const [id, ...extra] = positionals;
  if (id === undefined) throw new UsageError(`${command} needs a device ID`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  return id;
}
