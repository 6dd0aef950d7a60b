/** The omadm command. Each subcommand lives in its own file under commands/. */
export function main(_argv: readonly string[]): Promise<number> {
  process.stderr.write("omadm: no commands yet\n");
  return Promise.resolve(2);
}
