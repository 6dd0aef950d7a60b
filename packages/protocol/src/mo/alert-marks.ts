/**
 * Generic Alert Mark values, most to least important [TR-PRO §2.3.7]; the default is
 * "informational". FUMO failures should be marked above informational [TR-FUMO §10.2.2].
 */
export const alertMarks = [
  "fatal",
  "critical",
  "minor",
  "warning",
  "informational",
  "harmless",
  "indeterminate",
] as const;

export type AlertMark = (typeof alertMarks)[number];

export const defaultAlertMark: AlertMark = "informational";

export function isAlertMark(s: string): s is AlertMark {
  return (alertMarks as readonly string[]).includes(s);
}

/** 0 for "fatal" up to 6 for "indeterminate"; an absent or unknown Mark ranks as the default. */
export function alertMarkRank(mark: string | undefined): number {
  const i = mark === undefined ? -1 : (alertMarks as readonly string[]).indexOf(mark.trim());
  return i === -1 ? alertMarks.indexOf(defaultAlertMark) : i;
}
