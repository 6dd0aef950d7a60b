import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { papOutcome, parsePapResponse } from "./pap-response.js";

const bytes = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));

// What Kannel 1.4.5 answered to a push in /work/shared/kannel.md's set-up.
const kannelAccepted =
  '<?xml version="1.0"?><!DOCTYPE pap PUBLIC "-//WAPFORUM//DTD PAP 1.0//EN" "http://www.wapforum.org/DTD/pap_1.0.dtd">' +
  '<pap><push-response push-id="x1@h" sender-name="vm; WAP/1.3 (Kannel/1.4.5)" reply-time="2026-11-21T22:57:47Z" sender-address="/wappush">' +
  '<response-result code ="1001" desc="The request has been accepted for processing"></response-result></push-response></pap>';

describe("PAP response", () => {
  it("reads Kannel's accepted reply, code written with a space before '='", () => {
    const r = parsePapResponse(bytes(kannelAccepted));
    expect(r).toEqual({
      kind: "push-response",
      code: 1001,
      desc: "The request has been accepted for processing",
      pushId: "x1@h",
    });
    expect(papOutcome(202, r)).toEqual({
      ok: true,
      detail: "PAP 1001 The request has been accepted for processing (push-id x1@h)",
    });
  });

  it("reads a badmessage-response that echoes a binary request", () => {
    const echo = "\u0000\u00ff<push-response code='1001'>";
    const r = parsePapResponse(
      bytes(
        `<pap><badmessage-response code="2000" desc="Not understood" bad-message-fragment="${echo}"/></pap>`,
      ),
    );
    expect(r).toEqual({ kind: "badmessage-response", code: 2000, desc: "Not understood" });
    expect(papOutcome(202, r)).toMatchObject({ ok: false, permanent: true });
  });

  it.each([
    [202, 2002, false, true],
    [202, 2007, false, false], // duplicate push id: a fresh id cures it
    [202, 3000, false, false],
    [202, 4000, false, false],
    [202, 1000, true, undefined],
  ])("HTTP %i with PAP %i: ok %s, permanent %s", (status, code, ok, permanent) => {
    const outcome = papOutcome(status, { kind: "push-response", code });
    expect(outcome.ok).toBe(ok);
    if (!outcome.ok) expect(outcome.permanent).toBe(permanent);
  });

  it.each([
    [401, true],
    [403, true],
    [404, true],
    [500, false],
    [503, false],
  ])("HTTP %i without a PAP document is a failure, permanent %s", (status, permanent) => {
    expect(papOutcome(status, parsePapResponse(bytes("You must show your credentials.\n")))).toMatchObject({
      ok: false,
      permanent,
    });
  });

  it("retries a 202 whose body has no result code", () => {
    expect(papOutcome(202, parsePapResponse(bytes("<html/>")))).toMatchObject({
      ok: false,
      permanent: false,
    });
  });

  it("never throws, whatever the reply bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 999 }), (b, status) => {
        const r = parsePapResponse(b);
        expect(["push-response", "badmessage-response", "unknown"]).toContain(r.kind);
        papOutcome(status, r);
      }),
    );
  });
});
