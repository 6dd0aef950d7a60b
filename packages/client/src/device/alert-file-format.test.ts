import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Child, Element, Item } from "@omadm/protocol";
import { OmaDmError } from "@omadm/protocol";
import type { PendingAlert } from "../session/session-api.js";
import { decodeAlertFile, encodeAlertFile } from "./alert-file-format.js";

const str = fc.string({ maxLength: 12 });
const { element } = fc.letrec<{ element: Element; child: Child }>((tie) => ({
  element: fc.record(
    {
      name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/),
      ns: str,
      attributes: fc.array(fc.record({ name: str, value: str }), { maxLength: 2 }),
      children: fc.array(tie("child"), { maxLength: 3 }),
    },
    { requiredKeys: ["name", "ns", "children"] },
  ),
  child: fc.oneof({ depthSize: "small" }, str, fc.uint8Array({ maxLength: 6 }), tie("element")),
}));
const item: fc.Arbitrary<Item> = fc.record(
  {
    target: fc.record({ locUri: str, locName: str }, { requiredKeys: ["locUri"] }),
    source: fc.record({ locUri: str }),
    meta: fc.record(
      { format: str, type: str, mark: str, size: fc.nat(), emi: fc.array(str, { maxLength: 2 }) },
      { requiredKeys: [] },
    ),
    data: fc.oneof(str, fc.uint8Array({ maxLength: 8 }), element),
    moreData: fc.boolean(),
  },
  { requiredKeys: [] },
);
const alert: fc.Arbitrary<PendingAlert> = fc.record(
  {
    id: fc.stringMatching(/^a[1-9][0-9]{0,4}$/),
    serverId: str,
    alert: fc.constantFrom(1224 as const, 1226 as const),
    correlator: str,
    items: fc.array(item, { maxLength: 3 }),
  },
  { requiredKeys: ["id", "alert", "items"] },
);

describe("the pending-alert file", () => {
  it("reads back exactly the alerts it wrote", () => {
    fc.assert(
      fc.property(fc.array(alert, { maxLength: 4 }), fc.integer({ min: 1, max: 1e6 }), (alerts, nextId) => {
        const bytes = encodeAlertFile({ nextId, alerts });
        expect(decodeAlertFile(bytes)).toEqual({ nextId, alerts });
        expect(encodeAlertFile(decodeAlertFile(bytes))).toEqual(bytes);
      }),
    );
  });

  it("gives a value or ALERT_FILE_INVALID for any bytes, truncations included", () => {
    const valid = encodeAlertFile({ nextId: 3, alerts: [{ id: "a1", alert: 1226, items: [{ data: "x" }] }] });
    const inputs = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.nat({ max: valid.length }).map((n) => valid.subarray(0, n)),
      fc.json().map((j) => new TextEncoder().encode(j)),
    );
    fc.assert(
      fc.property(inputs, (bytes) => {
        try {
          decodeAlertFile(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(OmaDmError);
          expect((e as OmaDmError).code).toBe("ALERT_FILE_INVALID");
        }
      }),
    );
  });
});
