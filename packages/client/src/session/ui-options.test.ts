import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { choiceIndexes, parseUiOptions } from "./ui-options.js";

describe("UI alert options [TR-PRO §2.5]", () => {
  const vectors: [string, ReturnType<typeof parseUiOptions>][] = [
    ["", {}],
    ["MINDT=15", { minDisplaySeconds: 15 }],
    ["MAXDT=15&DR=1", { maxDisplaySeconds: 15, defaultResponse: "1" }],
    [
      "MAXDT=20&DR=hello+andy!&MAXLEN=30&IT=I&ET=P",
      { maxDisplaySeconds: 20, defaultResponse: "hello andy!", maxLength: 30, inputType: "I", echoType: "P" },
    ],
    ["DR=a%26b%3Dc", { defaultResponse: "a&b=c" }],
    ["dr=2&it=n", { defaultResponse: "2", inputType: "N" }],
    // A missing '&' (a real server's bug): MAXDT does not parse and is ignored; there is no DR.
    ["MAXDT=15DR=1", {}],
    ["FOO=1&IT=X&ET=Q&MAXLEN=-3&MINDT=abc", {}],
    ["DR=%E0%A4%A", { defaultResponse: "%E0%A4%A" }],
  ];
  for (const [text, expected] of vectors) {
    it(`parses ${JSON.stringify(text)}`, () => {
      expect(parseUiOptions(text)).toEqual(expected);
    });
  }

  it("never throws, whatever the text", () => {
    fc.assert(fc.property(fc.string(), (s) => void parseUiOptions(s)));
  });

  it("reads DR choice lists separated by '-' (and ',' as servers write), in range, without repeats", () => {
    expect(choiceIndexes("2-3", 6)).toEqual([2, 3]);
    expect(choiceIndexes("1-3,6", 6)).toEqual([1, 3, 6]);
    expect(choiceIndexes("0-7-2-2", 6)).toEqual([2]);
    expect(choiceIndexes("x", 6)).toEqual([]);
  });
});
