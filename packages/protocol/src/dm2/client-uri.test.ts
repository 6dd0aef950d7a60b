import { describe, expect, it } from "vitest";
import { parseClientUri, showContinuation } from "./client-uri.js";

describe("parseClientUri", () => {
  it.each([
    ["oma:mo:oma-mms:1.3/1", { path: "oma:mo:oma-mms:1.3/1" }],
    ["oma:mo:oma-mms:1.3/1?Levels=2", { path: "oma:mo:oma-mms:1.3/1", levels: 2 }],
    ["*", { path: "*" }],
    ["*?Levels=1", { path: "*", levels: 1 }],
    ["x?other=1&Levels=0", { path: "x", levels: 0 }],
    ["x?other=1", { path: "x" }],
  ])("splits %s", (uri, parts) => {
    expect(parseClientUri(uri)).toEqual(parts);
  });

  it.each(["x?Levels=", "x?Levels", "x?Levels=-1", "x?Levels=1.5"])("refuses the bad Levels in %s", (uri) => {
    expect(parseClientUri(uri)).toBeUndefined();
  });
});

describe("showContinuation", () => {
  it.each([
    ["https://s/ui?Close=https%3A%2F%2Fs%2Fdone", { action: "Close", url: "https://s/done" }],
    ["https://s/ui?Continue=https://s/next", { action: "Continue", url: "https://s/next" }],
    ["https://s/ui?session=4&Close=https://s/x", { action: "Close", url: "https://s/x" }],
    ["https://s/ui?Close=%E0%A4%A", { action: "Close", url: "%E0%A4%A" }],
  ])("reads %s", (uri, expected) => {
    expect(showContinuation(uri)).toEqual(expected);
  });

  it.each(["https://s/ui", "https://s/ui?Close=", "https://s/ui?close=x", "https://s/ui?Closed=x"])(
    "finds nothing in %s",
    (uri) => {
      expect(showContinuation(uri)).toBeUndefined();
    },
  );
});
