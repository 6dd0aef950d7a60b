/**
 * The DM 2.0 status document (application/dm20status) the client sends: `MsgID <n>` (the MsgID of
 * the command document it answers), then one `<StatusCode> [Param...]` line per command, in command
 * order. [DM2 §5.6]
 */
export interface Dm2StatusDocument {
  readonly msgId: number;
  readonly statuses: readonly Dm2Status[];
}

/** One command's result: e.g. `{ code: 200, params: ["oma:mo:oma-connmo:1.0/MMS"] }` for a GET without ClientURI. */
export interface Dm2Status {
  readonly code: number;
  readonly params: readonly string[];
}
