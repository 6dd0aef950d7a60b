/**
 * The TStamp property: UTC, ISO 8601 basic format, e.g. `20010711T163817Z`. [TR-TND §8.3]
 * Nodes keep milliseconds since the epoch (0 = unknown); the text is made on demand.
 */

/** `YYYYMMDDTHHMMSSZ` for a time in milliseconds; "" for 0 (unknown). */
export function formatTStamp(ms: number): string {
  if (ms === 0 || !Number.isFinite(ms)) return "";
  const d = new Date(ms);
  return (
    pad(d.getUTCFullYear(), 4) +
    pad(d.getUTCMonth() + 1, 2) +
    pad(d.getUTCDate(), 2) +
    "T" +
    pad(d.getUTCHours(), 2) +
    pad(d.getUTCMinutes(), 2) +
    pad(d.getUTCSeconds(), 2) +
    "Z"
  );
}

/**
 * Milliseconds for a TStamp text in basic (`20010711T163817Z`) or extended
 * (`2001-07-11T16:38:17Z`) form; undefined for anything else.
 */
export function parseTStamp(text: string): number | undefined {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})Z$/.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  // Reject dates that Date.UTC silently rolls over (Feb 30, hour 25).
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h) return undefined;
  return ms;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}
