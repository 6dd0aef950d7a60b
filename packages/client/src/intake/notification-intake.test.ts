import { encodePackage0, resyncNonce, type Package0Fields } from "@omadm/protocol";
import { describe, expect, it } from "vitest";
import type { AccountStore, ServerAccount } from "../account/index.js";
import type { NotificationUi, SessionRequest } from "./intake-api.js";
import { NotificationIntake } from "./notification-intake.js";

const serverId = "com.mgmtsrv.manage";
const secret = "srvsecret";
const storedNonce = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);

/** An AccountStore over plain objects that records the nonces the intake writes. */
function accountStore(accounts: ServerAccount[]) {
  const writes: { kind: "client" | "server"; serverId: string; nonce: Uint8Array }[] = [];
  const store: AccountStore = {
    list: () => accounts,
    byServerId: (id) => accounts.find((a) => a.serverId === id),
    setClientNonce: (id, nonce) => writes.push({ kind: "client", serverId: id, nonce }),
    setServerNonce: (id, nonce) => writes.push({ kind: "server", serverId: id, nonce }),
  };
  return { store, writes };
}

const account: ServerAccount = {
  accountUri: "./DMAcc/srv",
  serverId,
  addresses: ["http://127.0.0.1/dm"],
  client: { type: "DIGEST", name: "device", secret: "clientsecret", nonce: new Uint8Array([9]) },
  server: { type: "DIGEST", name: serverId, secret, nonce: storedNonce },
};

function package0(fields: Partial<Package0Fields> = {}, key: { password?: string; nonce?: Uint8Array } = {}) {
  return encodePackage0(
    { uiMode: "background", initiator: "server", sessionId: 0x1234, serverId, ...fields },
    { serverPassword: key.password ?? secret, nonce: key.nonce ?? storedNonce },
  );
}

function intake(options: { ui?: NotificationUi; accounts?: ServerAccount[]; recent?: number } = {}) {
  const { store, writes } = accountStore(options.accounts ?? [account]);
  const sessions: SessionRequest[] = [];
  const logged: string[] = [];
  const log = {
    debug: () => undefined,
    info: (_: object, m: string) => logged.push(m),
    warn: (_: object, m: string) => logged.push(m),
    error: (_: object, m: string) => logged.push(m),
  };
  const i = new NotificationIntake({
    accounts: store,
    onSession: (r) => sessions.push(r),
    log,
    ...(options.ui === undefined ? {} : { ui: options.ui }),
    ...(options.recent === undefined ? {} : { recentSessions: options.recent }),
  });
  return { i, sessions, writes, logged };
}

describe("NotificationIntake", () => {
  it("starts a server-initiated session for a Package 0 whose digest verifies with the stored nonce", async () => {
    const { i, sessions, writes } = intake();
    const outcome = await i.receive(package0(), "test");
    expect(outcome).toEqual({
      accepted: true,
      nonce: "stored",
      request: {
        serverId,
        trigger: { kind: "server", sessionId: 0x1234, uiMode: "background", initiator: "server" },
      },
    });
    expect(sessions).toHaveLength(1);
    expect(writes).toEqual([]);
  });

  it.each(["resync-zero-bytes", "resync-ascii"] as const)(
    "accepts the %s resync nonce and resets both nonces to it (fact sheet §4.6)",
    async (variant) => {
      const { i, sessions, writes } = intake();
      const outcome = await i.receive(package0({}, { nonce: resyncNonce(variant) }));
      expect(outcome).toMatchObject({ accepted: true, nonce: variant });
      expect(sessions).toHaveLength(1);
      expect(writes).toEqual([
        { kind: "server", serverId, nonce: resyncNonce(variant) },
        { kind: "client", serverId, nonce: resyncNonce(variant) },
      ]);
    },
  );

  it("refuses a digest made with the wrong secret and starts nothing", async () => {
    const { i, sessions, logged } = intake();
    expect(await i.receive(package0({}, { password: "wrong" }))).toEqual({
      accepted: false,
      refusal: "bad-digest",
      serverId,
    });
    expect(sessions).toEqual([]);
    expect(logged).toContain("Package 0 digest does not verify");
  });

  it("refuses a Package 0 from a server it has no account for", async () => {
    const { i, sessions } = intake();
    const outcome = await i.receive(package0({ serverId: "someone.else" }));
    expect(outcome).toMatchObject({ accepted: false, refusal: "unknown-server" });
    expect(sessions).toEqual([]);
  });

  it("refuses when the account has no SRVCRED to check the digest with", async () => {
    const { server: _server, ...noServer } = account;
    const { i } = intake({ accounts: [noServer] });
    expect(await i.receive(package0())).toMatchObject({ accepted: false, refusal: "no-server-credential" });
  });

  it("refuses an unsupported version even with a good digest", async () => {
    const { i } = intake();
    expect(await i.receive(package0({ version: 20 }))).toMatchObject({
      accepted: false,
      refusal: "unsupported-version",
    });
  });

  it.each([
    ["empty", new Uint8Array(0)],
    ["too short", new Uint8Array(23)],
    ["zero server id length", new Uint8Array(30)],
    ["oversized", new Uint8Array(5000)],
  ])("drops a malformed Package 0 (%s)", async (_name, bytes) => {
    const { i, sessions } = intake();
    expect(await i.receive(bytes)).toEqual({ accepted: false, refusal: "malformed" });
    expect(sessions).toEqual([]);
  });

  it("ignores a second Package 0 with the same session id (TR-NOT §6.2.2.10)", async () => {
    const { i, sessions } = intake();
    await i.receive(package0());
    expect(await i.receive(package0())).toMatchObject({ accepted: false, refusal: "duplicate" });
    expect(await i.receive(package0({ sessionId: 0x1235 }))).toMatchObject({ accepted: true });
    expect(sessions.map((s) => s.trigger.sessionId)).toEqual([0x1234, 0x1235]);
  });

  it("does not let a forged duplicate poison its memory: bad digests are not remembered", async () => {
    const { i, sessions } = intake();
    await i.receive(package0({}, { password: "forged" }));
    expect(await i.receive(package0())).toMatchObject({ accepted: true });
    expect(sessions).toHaveLength(1);
  });

  it("remembers a bounded number of session ids, forgetting the oldest", async () => {
    const { i, sessions } = intake({ recent: 2 });
    for (const id of [1, 2, 3]) await i.receive(package0({ sessionId: id }));
    expect(await i.receive(package0({ sessionId: 3 }))).toMatchObject({ refusal: "duplicate" });
    expect(await i.receive(package0({ sessionId: 1 }))).toMatchObject({ accepted: true });
    expect(sessions).toHaveLength(4);
  });

  it("asks the user before a user-interaction session and starts it on yes", async () => {
    const asked: string[] = [];
    const { i, sessions } = intake({
      ui: {
        confirm: (p) => {
          asked.push(p.text);
          return Promise.resolve(true);
        },
      },
    });
    expect(await i.receive(package0({ uiMode: "user-interaction", initiator: "user" }))).toMatchObject({
      accepted: true,
    });
    expect(asked).toEqual([`${serverId} (at your request) wants to manage this device. Allow?`]);
    expect(sessions).toHaveLength(1);
  });

  it("starts nothing when the user declines, and does not ask again for the same session id", async () => {
    let asks = 0;
    const { i, sessions } = intake({
      ui: {
        confirm: () => {
          asks++;
          return false;
        },
      },
    });
    const pkg = package0({ uiMode: "user-interaction" });
    expect(await i.receive(pkg)).toMatchObject({ accepted: false, refusal: "declined" });
    expect(await i.receive(pkg)).toMatchObject({ accepted: false, refusal: "duplicate" });
    expect(asks).toBe(1);
    expect(sessions).toEqual([]);
  });

  it("treats a failing prompt as a refusal", async () => {
    const { i, sessions } = intake({ ui: { confirm: () => Promise.reject(new Error("no screen")) } });
    expect(await i.receive(package0({ uiMode: "user-interaction" }))).toMatchObject({ refusal: "declined" });
    expect(sessions).toEqual([]);
  });

  it("tells the user about an informative session without waiting, and never asks", async () => {
    const told: string[] = [];
    let asked = false;
    const { i, sessions } = intake({
      ui: {
        confirm: () => (asked = true),
        notify: (p) => {
          told.push(p.text);
          return new Promise<void>(() => undefined); // a notice that never goes away
        },
      },
    });
    expect(await i.receive(package0({ uiMode: "informative" }))).toMatchObject({ accepted: true });
    await new Promise((r) => setTimeout(r, 0));
    expect(told).toEqual([`${serverId} is managing this device.`]);
    expect(asked).toBe(false);
    expect(sessions).toHaveLength(1);
  });

  it("neither asks nor tells for a background session", async () => {
    let touched = false;
    const ui: NotificationUi = { confirm: () => (touched = true), notify: () => void (touched = true) };
    const { i } = intake({ ui });
    expect(await i.receive(package0({ uiMode: "background" }))).toMatchObject({ accepted: true });
    await new Promise((r) => setTimeout(r, 0));
    expect(touched).toBe(false);
  });

  it("starts a user-interaction session without asking on a device with no UI", async () => {
    const { i, sessions } = intake();
    expect(await i.receive(package0({ uiMode: "user-interaction" }))).toMatchObject({ accepted: true });
    expect(sessions).toHaveLength(1);
  });
});
