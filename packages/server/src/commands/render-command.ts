/**
 * Rendering of protocol-neutral commands as SyncML DM commands [TR-REP §4.1.6]: one Item with the
 * Target (and Source for Copy), Meta Format/Type when given, Data as text, bytes (the encoder
 * writes them as b64 text with Format b64 over XML and as OPAQUE over WBXML [TR-TND §8.3.7.2]) or
 * an embedded TNDS element (Type application/vnd.syncml.dmtnds+xml, re-spelled +wbxml by the
 * encoder [TR-TNDS §9]). CmdIDs come from the message being built (unique within it [TR-REP]).
 */
import type { Command, Data, Item, Meta } from "@omadm/protocol";
import type { CommandData, DmCommand } from "../store/store-api.js";
import { tndsItemMeta, tndsPayloadElement } from "./tnds-payload.js";

/** Where a CmdID of a rendered command sits in the DmCommand: [] the command, [i] child i, [i, j] ... */
export type CommandPath = readonly number[];

export interface RenderedCommand {
  readonly command: Command;
  /** Every CmdID used, with the path of the (sub)command it names, parents first. */
  readonly refs: readonly { readonly cmdId: number; readonly path: CommandPath }[];
}

export interface RenderOptions {
  /** The next CmdID of the message. */
  readonly nextCmdId: () => number;
  /** The Correlator for Exec commands (a Generic Alert that reports the result echoes it [TR-PRO §2.3.7]). */
  readonly correlator?: string;
}

/**
 * Renders `command`. Throws DecodeError for a TNDS payload that is not a MgmtTree (validate first
 * with validateDmCommand) and OmaDmError INVALID_ARGUMENT for an unknown kind.
 */
export function renderDmCommand(command: DmCommand, options: RenderOptions): RenderedCommand {
  const refs: { cmdId: number; path: CommandPath }[] = [];
  const rendered = render(command, [], options, refs);
  return { command: rendered, refs };
}

function render(
  c: DmCommand,
  path: CommandPath,
  options: RenderOptions,
  refs: { cmdId: number; path: CommandPath }[],
): Command {
  const cmdId = options.nextCmdId();
  refs.push({ cmdId, path });
  switch (c.kind) {
    case "Get":
    case "Delete":
      return { kind: c.kind, cmdId, items: [{ target: { locUri: c.uri } }] };
    case "Copy":
      // [TR-REP §4.1.6.4] Target is the destination leaf, Source the leaf copied.
      return { kind: "Copy", cmdId, items: [{ target: { locUri: c.uri }, source: { locUri: c.source } }] };
    case "Add":
    case "Replace":
      return { kind: c.kind, cmdId, items: [dataItem(c.uri, c.format, c.type, c.data)] };
    case "Exec": {
      // [TR-REP §4.1.6.6] one Item: Target the executable node, Data the optional argument.
      const item = dataItem(c.uri, c.format, c.type, c.data);
      return options.correlator === undefined
        ? { kind: "Exec", cmdId, item }
        : { kind: "Exec", cmdId, correlator: options.correlator, item };
    }
    case "Atomic":
    case "Sequence": {
      const commands = c.commands.map((child, i) => render(child, [...path, i], options, refs));
      return { kind: c.kind, cmdId, commands };
    }
  }
}

/** An Item with Target `uri`, the given Meta, and the data spelled as the model carries it. */
export function dataItem(
  uri: string,
  format: string | undefined,
  type: string | undefined,
  data: CommandData | undefined,
): Item {
  const target = { locUri: uri };
  if (data !== undefined && "tnds" in data) {
    return {
      target,
      meta: { ...tndsItemMeta, ...(type === undefined ? {} : { type }) },
      data: tndsPayloadElement(data.tnds).element,
    };
  }
  let value: Data | undefined;
  let fmt = format;
  if (data !== undefined && "base64" in data) {
    value = new Uint8Array(Buffer.from(data.base64, "base64"));
    // Bytes are a bin node [TR-TND §8.3.7.2]; over XML the encoder writes Format b64.
    fmt ??= "bin";
  } else if (data !== undefined) {
    value = data.text;
  }
  const meta: Meta = {
    ...(fmt === undefined ? {} : { format: fmt }),
    ...(type === undefined ? {} : { type }),
  };
  const item: Item = Object.keys(meta).length === 0 ? { target } : { target, meta };
  return value === undefined ? item : { ...item, data: value };
}

/** The CmdIDs a rendered command uses (1 + its descendants). */
export function cmdIdCount(c: DmCommand): number {
  return c.kind === "Atomic" || c.kind === "Sequence"
    ? 1 + c.commands.reduce((n, child) => n + cmdIdCount(child), 0)
    : 1;
}
