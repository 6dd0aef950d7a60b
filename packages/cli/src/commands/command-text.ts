/** Commands, statuses and results as the admin commands print them. */

/** Item data as the API returns it. */
export type DataJson = { text: string } | { base64: string } | { tnds: string };

/** A command as the REST API returns it (the fields the CLI prints). */
export interface CommandJson {
  readonly id: string;
  readonly deviceId: string;
  readonly seq: number;
  readonly command: { kind: string; uri?: string; source?: string; commands?: CommandJson["command"][] };
  readonly state: string;
  readonly attempts: number;
  readonly resent: boolean;
  readonly status?: number;
  readonly results?: readonly { uri: string; format?: string; type?: string; data?: DataJson }[];
  readonly children?: readonly { status?: number }[];
  readonly correlator?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** `Get ./DevInfo/Mod`, `Copy ./A <- ./B`, `Atomic [Add ./X, Replace ./Y]`. */
export function formatCommand(c: CommandJson["command"]): string {
  if (c.commands !== undefined) return `${c.kind} [${c.commands.map(formatCommand).join(", ")}]`;
  if (c.source !== undefined) return `${c.kind} ${c.uri ?? ""} <- ${c.source}`;
  return `${c.kind} ${c.uri ?? ""}`;
}

/** One line for the command's outcome and one per result item. */
export function formatResultLines(c: CommandJson): string {
  const flags = [
    c.resent ? "resent" : undefined,
    c.correlator === undefined ? undefined : `correlator ${c.correlator}`,
  ]
    .filter((f) => f !== undefined)
    .join(", ");
  const lines = [
    `#${c.seq} ${formatCommand(c.command)}: ${c.state}${c.status === undefined ? "" : ` ${c.status}`}${flags === "" ? "" : ` (${flags})`}`,
  ];
  c.children?.forEach((child, i) => {
    const sub = c.command.commands?.[i];
    lines.push(`  ${sub === undefined ? `[${i}]` : formatCommand(sub)}: ${child.status ?? "no status"}`);
  });
  for (const r of c.results ?? []) lines.push(`  ${r.uri} = ${dataText(r.data)}`);
  return lines.join("\n") + "\n";
}

function dataText(data: DataJson | undefined): string {
  if (data === undefined) return "(no data)";
  if ("text" in data) return data.text;
  if ("base64" in data)
    return `base64:${data.base64.length > 80 ? `${data.base64.slice(0, 80)}...` : data.base64}`;
  return data.tnds;
}
