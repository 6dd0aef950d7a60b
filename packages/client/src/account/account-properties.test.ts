import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DmAccount } from "@omadm/protocol";
import { aauthTypes } from "@omadm/protocol";
import { createTree } from "@omadm/tree";
import { deviceTreeOptions } from "../objects/starter-device.js";
import { accountsOf } from "./accounts-of.js";
import { addAccount } from "./add-account.js";

const text = fc
  .string({ minLength: 1, maxLength: 20 })
  .filter((s) => s.trim() === s && !s.includes("\u0000"));
const serverId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,30}$/);
const auth = (level: "CLCRED" | "SRVCRED") =>
  fc.record({
    level: fc.constant(level),
    type: fc.constantFrom(...aauthTypes),
    name: text,
    secret: text,
    data: fc.uint8Array({ maxLength: 24 }),
  });
const account: fc.Arbitrary<DmAccount> = fc.record({
  serverId,
  name: text,
  appAddrs: fc.array(fc.record({ addr: fc.webUrl(), addrType: fc.constant("URI") }), {
    minLength: 1,
    maxLength: 3,
  }),
  appAuths: fc.tuple(auth("CLCRED"), auth("SRVCRED")).map(([c, s]) => [c, s]),
});

describe("DMAcc round trip", () => {
  it("reads back any account it writes, nonces included", () => {
    fc.assert(
      fc.property(account, (a) => {
        const tree = createTree(deviceTreeOptions());
        const out = addAccount(tree, a);
        expect(out.status).toBe(200);
        const [client, server] = a.appAuths;
        expect(accountsOf(tree).byServerId(a.serverId)).toEqual({
          accountUri: out.account?.accountUri,
          serverId: a.serverId,
          name: a.name,
          addresses: a.appAddrs.map((x) => x.addr),
          client: { type: client?.type, name: client?.name, secret: client?.secret, nonce: client?.data },
          server: { type: server?.type, name: server?.name, secret: server?.secret, nonce: server?.data },
        });
      }),
      { numRuns: 60 },
    );
  });

  it("stores any nonce the engine hands it", () => {
    fc.assert(
      fc.property(account, fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, c, s) => {
        const tree = createTree(deviceTreeOptions());
        addAccount(tree, a);
        const store = accountsOf(tree);
        store.setClientNonce(a.serverId, c);
        store.setServerNonce(a.serverId, s);
        expect(store.byServerId(a.serverId)?.client?.nonce).toEqual(c);
        expect(store.byServerId(a.serverId)?.server?.nonce).toEqual(s);
      }),
      { numRuns: 40 },
    );
  });
});
