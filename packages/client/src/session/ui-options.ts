/**
 * The option string of a UI alert (Item 1): URL-encoded `key=value` pairs joined by `&`.
 * [TR-PRO §2.5], fact sheet §1.11. Unknown keys are ignored silently (the spec says so); a value
 * that does not parse (`MAXDT=15DR=1`, a real server's missing `&`) is ignored the same way, so
 * the alert is still shown with the options that did parse.
 */
import type { UiAlertOptions, UiEchoType, UiInputType } from "./session-api.js";
import { uiEchoTypes, uiInputTypes } from "./session-api.js";

/** Parses a UI alert option string; never throws. */
export function parseUiOptions(text: string): UiAlertOptions {
  const out: {
    minDisplaySeconds?: number;
    maxDisplaySeconds?: number;
    defaultResponse?: string;
    maxLength?: number;
    inputType?: UiInputType;
    echoType?: UiEchoType;
  } = {};
  for (const pair of text.trim().split("&")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    const key = pair.slice(0, eq).trim().toUpperCase();
    const value = formDecode(pair.slice(eq + 1));
    switch (key) {
      case "MINDT": {
        const n = seconds(value);
        if (n !== undefined) out.minDisplaySeconds = n;
        break;
      }
      case "MAXDT": {
        const n = seconds(value);
        if (n !== undefined) out.maxDisplaySeconds = n;
        break;
      }
      case "DR":
        out.defaultResponse = value;
        break;
      case "MAXLEN": {
        const n = seconds(value);
        if (n !== undefined) out.maxLength = n;
        break;
      }
      case "IT": {
        const t = value.trim().toUpperCase();
        if (isOneOf(uiInputTypes, t)) out.inputType = t;
        break;
      }
      case "ET": {
        const t = value.trim().toUpperCase();
        if (isOneOf(uiEchoTypes, t)) out.echoType = t;
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/**
 * The 1-based choice indexes a DR value names, in range and without repeats. The spec separates
 * indexes with `-` (`DR=2-3`); `,` is accepted too, as real servers write `1-3,6`. [TR-PRO §2.5]
 */
export function choiceIndexes(dr: string, count: number): number[] {
  const out: number[] = [];
  for (const part of dr.split(/[-,]/)) {
    const t = part.trim();
    if (!/^\d{1,9}$/.test(t)) continue;
    const n = Number(t);
    if (n >= 1 && n <= count && !out.includes(n)) out.push(n);
  }
  return out;
}

/** application/x-www-form-urlencoded value: `+` is a space, `%XX` an octet; bad escapes stay as written. */
function formDecode(value: string): string {
  const spaced = value.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

function seconds(value: string): number | undefined {
  const t = value.trim();
  return /^\d{1,9}$/.test(t) ? Number(t) : undefined;
}

function isOneOf<T extends string>(table: readonly T[], value: string): value is T {
  return (table as readonly string[]).includes(value);
}
