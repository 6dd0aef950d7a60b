import { describe, expect, it } from "vitest";
import { headlessUi } from "./headless-ui.js";
import type { HeadlessUiPolicy, UiAlertOptions } from "./session-api.js";

const prompt = (options: UiAlertOptions) => ({ serverId: "s", text: "t", options });
const choices = (options: UiAlertOptions) => ({ ...prompt(options), choices: ["a", "b", "c"] });

describe("headlessUi", () => {
  it("by default shows alerts and answers questions with the server's default response, or times out without one", () => {
    const ui = headlessUi();
    expect(ui.display(prompt({}))).toEqual({ kind: "answer", value: true });
    expect(ui.confirm(prompt({ defaultResponse: "1" }))).toEqual({ kind: "answer", value: true });
    expect(ui.confirm(prompt({ defaultResponse: "0" }))).toEqual({ kind: "answer", value: false });
    expect(ui.confirm(prompt({}))).toEqual({ kind: "timeout" });
    expect(ui.textInput(prompt({ defaultResponse: "abcdef", maxLength: 3 }))).toEqual({
      kind: "answer",
      value: "abc",
    });
    expect(ui.textInput(prompt({}))).toEqual({ kind: "timeout" });
    expect(ui.singleChoice(choices({ defaultResponse: "3" }))).toEqual({ kind: "answer", value: 3 });
    expect(ui.singleChoice(choices({ defaultResponse: "9" }))).toEqual({ kind: "timeout" });
    expect(ui.multipleChoice(choices({ defaultResponse: "1-3" }))).toEqual({ kind: "answer", value: [1, 3] });
    expect(ui.multipleChoice(choices({}))).toEqual({ kind: "timeout" });
  });

  const table: [HeadlessUiPolicy, string, unknown][] = [
    [{ display: "cancel" }, "display", { kind: "cancel" }],
    [{ display: "cannot-display" }, "display", { kind: "cannot-display" }],
    [{ confirm: "yes" }, "confirm", { kind: "answer", value: true }],
    [{ confirm: "no" }, "confirm", { kind: "answer", value: false }],
    [{ confirm: "cancel" }, "confirm", { kind: "cancel" }],
    [{ textInput: { text: "typed" } }, "textInput", { kind: "answer", value: "typed" }],
    [{ textInput: "timeout" }, "textInput", { kind: "timeout" }],
    [{ singleChoice: 2 }, "singleChoice", { kind: "answer", value: 2 }],
    [{ singleChoice: "cancel" }, "singleChoice", { kind: "cancel" }],
    [{ multipleChoice: [1, 2] }, "multipleChoice", { kind: "answer", value: [1, 2] }],
    [{ multipleChoice: "timeout" }, "multipleChoice", { kind: "timeout" }],
  ];
  for (const [policy, method, expected] of table) {
    it(`answers ${method} with ${JSON.stringify(expected)} for policy ${JSON.stringify(policy)}`, () => {
      const ui = headlessUi(policy);
      const p = choices({ defaultResponse: "1" });
      const answer =
        method === "display"
          ? ui.display(p)
          : method === "confirm"
            ? ui.confirm(p)
            : method === "textInput"
              ? ui.textInput(p)
              : method === "singleChoice"
                ? ui.singleChoice(p)
                : ui.multipleChoice(p);
      expect(answer).toEqual(expected);
    });
  }
});
