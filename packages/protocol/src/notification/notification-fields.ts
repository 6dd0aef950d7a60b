/**
 * Fields Package 0 and the DM 2.0 notification share: ui-mode (2 bits) and initiator (1 bit).
 * The value on the wire is the index in each table. [TR-NOT §6.2.2.7-6.2.2.8], seed 004 §5.3
 */
export const uiModes = ["not-specified", "background", "informative", "user-interaction"] as const;

export type UiMode = (typeof uiModes)[number];

/** 0: the end user caused the notification; 1: the server did. [TR-NOT §6.2.2.8] */
export const initiators = ["user", "server"] as const;

export type Initiator = (typeof initiators)[number];

/** The 2-bit wire value of a ui-mode. */
export function uiModeBits(mode: UiMode): number {
  return uiModes.indexOf(mode);
}

/** The ui-mode of a 2-bit wire value (any 0..3). */
export function uiModeOf(bits: number): UiMode {
  return uiModes[bits & 3] ?? "not-specified";
}
