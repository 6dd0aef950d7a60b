/**
 * User-interaction alerts 1100-1104 [TR-PRO §2.5], fact sheet §1.11: Item 1 holds the options,
 * Item 2 the text, Items 3..n the choices (numbered from 1 in the order sent). The answer becomes
 * the Alert's Status: 200 (with Items for input and choices), 304 (confirm answered No), 214
 * (cancelled), 408 (timed out), 416 (cannot be shown), 412 (Items missing).
 */
import type { Alert, Data, Item } from "@omadm/protocol";
import type { UiChoicePrompt, UiPrompt, UiResponse, UserInterface } from "./session-api.js";
import { parseUiOptions } from "./ui-options.js";

export interface UiAlertResult {
  readonly status: number;
  readonly items: readonly Item[];
}

const statusOf = { cancel: 214, timeout: 408, "cannot-display": 416 } as const;

/** Runs one UI alert through the UI; a UI that throws or answers nonsense gives 500. */
export async function runUiAlert(
  alert: Alert,
  code: number,
  ui: UserInterface,
  serverId: string,
): Promise<UiAlertResult> {
  const items = alert.items;
  // [TR-PRO §2.5] every UI alert has at least the options Item and the text Item.
  if (items.length < 2) return { status: 412, items: [] };
  const prompt: UiPrompt = {
    serverId,
    text: dataText(items[1]?.data),
    options: parseUiOptions(dataText(items[0]?.data)),
  };
  const choices = items.slice(2).map((i) => dataText(i.data));
  try {
    switch (code) {
      case 1100:
        return outcome(await ui.display(prompt), () => ok([]));
      case 1101:
        return outcome(await ui.confirm(prompt), (yes) => (yes ? ok([]) : { status: 304, items: [] }));
      case 1102:
        return outcome(await ui.textInput(prompt), (text) =>
          typeof text === "string" ? ok([{ data: text }]) : failed,
        );
      case 1103: {
        if (choices.length === 0) return { status: 412, items: [] };
        const p: UiChoicePrompt = { ...prompt, choices };
        return outcome(await ui.singleChoice(p), (n) =>
          validIndex(n, choices.length) ? ok([{ data: String(n) }]) : failed,
        );
      }
      case 1104: {
        if (choices.length === 0) return { status: 412, items: [] };
        const p: UiChoicePrompt = { ...prompt, choices };
        return outcome(await ui.multipleChoice(p), (ns) => {
          if (!Array.isArray(ns) || !ns.every((n) => validIndex(n, choices.length))) return failed;
          const unique = [...new Set(ns as readonly number[])];
          return ok(unique.map((n) => ({ data: String(n) })));
        });
      }
      default:
        return { status: 406, items: [] };
    }
  } catch {
    return failed;
  }
}

const failed: UiAlertResult = { status: 500, items: [] };

function ok(items: readonly Item[]): UiAlertResult {
  return { status: 200, items };
}

function outcome<T>(r: UiResponse<T>, onAnswer: (value: T) => UiAlertResult): UiAlertResult {
  // A UI written in JavaScript may answer anything; only the four shapes are understood.
  if (typeof r !== "object" || r === null) return failed;
  switch (r.kind) {
    case "answer":
      return onAnswer(r.value);
    case "cancel":
    case "timeout":
    case "cannot-display":
      return { status: statusOf[r.kind], items: [] };
    default:
      return failed;
  }
}

function validIndex(n: unknown, count: number): boolean {
  return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= count;
}

/** Item Data as text: bytes are read as UTF-8; an element (not expected here) as empty. */
export function dataText(data: Data | undefined): string {
  if (data === undefined) return "";
  if (typeof data === "string") return data;
  if (data instanceof Uint8Array) return Buffer.from(data).toString("utf8");
  return "";
}
