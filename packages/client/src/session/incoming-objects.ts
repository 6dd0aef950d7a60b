/**
 * Large objects the server sends in chunks [TR-PRO §2.2], fact sheet §1.6: every chunk but the
 * last ends with MoreData and is answered 213; Meta Size (the total) comes only with the first
 * chunk; the reassembled size must equal it (else 424, nothing committed); a new command before
 * the last chunk ends the object with Alert 1225. A chunked command is implicitly atomic: nothing
 * reaches the tree until the last chunk is in.
 */
import type { Data, Item, Meta } from "@omadm/protocol";

/** An object being received. `rejected` answers every further chunk (411 or 413) until the last. */
export interface IncomingObject {
  readonly kind: "Add" | "Replace";
  readonly cmdId: number;
  readonly target: string;
  readonly source?: string;
  readonly meta: Meta;
  readonly declaredSize: number;
  readonly parts: (string | Uint8Array)[];
  received: number;
  readonly rejected?: number;
}

/** The byte length a chunk adds (UTF-8 for text, as Meta Size counts octets), or -1 for an element. */
export function chunkLength(data: Data | undefined): number {
  if (data === undefined) return 0;
  if (typeof data === "string") return Buffer.byteLength(data, "utf8");
  if (data instanceof Uint8Array) return data.byteLength;
  return -1;
}

/** The reassembled value: text when every chunk was text, bytes otherwise. */
export function assemble(parts: readonly (string | Uint8Array)[]): string | Uint8Array {
  if (parts.every((p) => typeof p === "string")) return parts.join("");
  return Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : p)));
}

/** Item Meta over command Meta: the Item's own fields win. [TR-PRO §2.3.4] */
export function mergedMeta(command: Meta | undefined, item: Meta | undefined): Meta {
  if (command === undefined) return item ?? {};
  if (item === undefined) return command;
  return { ...command, ...item };
}

/** True when `item` of a `kind` command continues the object (same command kind and target). */
export function continues(obj: IncomingObject, kind: string, item: Item | undefined): boolean {
  return obj.kind === kind && item?.target?.locUri.trim() === obj.target;
}
