/**
 * A UserInterface with no user: it answers every UI alert from a policy (the device config).
 * The default policy behaves like an unattended device: the alert is shown, and a question is
 * answered with the server's default response (DR) when it gave one, or times out. [TR-PRO §2.5]
 */
import type { HeadlessUiPolicy, UiChoicePrompt, UiPrompt, UiResponse, UserInterface } from "./session-api.js";
import { choiceIndexes } from "./ui-options.js";

const timeout = { kind: "timeout" } as const;
const cancel = { kind: "cancel" } as const;

function answer<T>(value: T): UiResponse<T> {
  return { kind: "answer", value };
}

/** The UserInterface that answers by `policy` (see HeadlessUiPolicy for the defaults). */
export function headlessUi(policy: HeadlessUiPolicy = {}): UserInterface {
  return {
    display(): UiResponse<true> {
      const p = policy.display ?? "shown";
      return p === "shown" ? answer(true) : { kind: p };
    },
    confirm(prompt: UiPrompt): UiResponse<boolean> {
      const p = policy.confirm ?? "default";
      switch (p) {
        case "yes":
          return answer(true);
        case "no":
          return answer(false);
        case "timeout":
          return timeout;
        case "cancel":
          return cancel;
        case "default": {
          // DR=1: accept highlighted, DR=0: reject highlighted. [TR-PRO §2.5]
          const dr = prompt.options.defaultResponse?.trim();
          return dr === "1" ? answer(true) : dr === "0" ? answer(false) : timeout;
        }
      }
    },
    textInput(prompt: UiPrompt): UiResponse<string> {
      const p = policy.textInput ?? "default";
      if (typeof p === "object") return answer(p.text);
      switch (p) {
        case "timeout":
          return timeout;
        case "cancel":
          return cancel;
        case "default": {
          const dr = prompt.options.defaultResponse;
          if (dr === undefined) return timeout;
          const max = prompt.options.maxLength;
          return answer(max !== undefined && max > 0 ? [...dr].slice(0, max).join("") : dr);
        }
      }
    },
    singleChoice(prompt: UiChoicePrompt): UiResponse<number> {
      const p = policy.singleChoice ?? "default";
      if (typeof p === "number") return answer(p);
      switch (p) {
        case "timeout":
          return timeout;
        case "cancel":
          return cancel;
        case "default": {
          const first = choiceIndexes(prompt.options.defaultResponse ?? "", prompt.choices.length)[0];
          return first === undefined ? timeout : answer(first);
        }
      }
    },
    multipleChoice(prompt: UiChoicePrompt): UiResponse<readonly number[]> {
      const p = policy.multipleChoice ?? "default";
      if (Array.isArray(p)) return answer(p as readonly number[]);
      switch (p) {
        case "timeout":
          return timeout;
        case "cancel":
          return cancel;
        case "default": {
          const dr = prompt.options.defaultResponse;
          if (dr === undefined) return timeout;
          return answer(choiceIndexes(dr, prompt.choices.length));
        }
        default:
          return timeout;
      }
    },
  };
}
