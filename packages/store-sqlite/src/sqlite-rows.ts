import { isRowId } from "@omadm/store-sql";

/** A store id ("17") as the INTEGER key, or undefined when it cannot be one (no row has it). */
export function rowId(id: string): number | undefined {
  return isRowId(id) ? Number(id) : undefined;
}
