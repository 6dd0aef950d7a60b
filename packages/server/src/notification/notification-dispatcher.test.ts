import { decodeNonce, decodePackage0, encodeNonce, userPassHash, verifyPackage0 } from "@omadm/protocol";
import { describe, expect, it } from "vitest";
import type { NewDevice } from "../store/store-api.js";
import {
  countingRandom,
  fakeTime,
  memoryNotifyStore,
} from "../../../../tests/support/memory-notify-store.js";
import { createNotificationDispatcher, type NotificationDispatcherParts } from "./notification-dispatcher.js";
import type { PushContent, PushSender, SendOutcome } from "./push-content.js";

const serverId = "omadm.example";
const serverSecret = "s3rver";
const nonce = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);

function device(id: string, extra: Partial<NewDevice> = {}): NewDevice {
  return {
    id,
    msisdn: "+15551230000",
    clientAuth: { scheme: "md5", username: id, secretHash: userPassHash(id, "c") },
    serverAuth: { scheme: "md5", serverId, secretHash: userPassHash(serverId, serverSecret) },
    serverNonce: encodeNonce(nonce),
    ...extra,
  };
}

/** A sender that answers from a script and records what it was given. */
function scripted(
  outcomes: SendOutcome[],
): PushSender & { sent: { address: string; content: PushContent }[] } {
  const sent: { address: string; content: PushContent }[] = [];
  return {
    sent,
    send(address, content) {
      sent.push({ address, content });
      return Promise.resolve(outcomes.shift() ?? { ok: true });
    },
  };
}

const transient = (detail = "PPG unreachable: ECONNREFUSED"): SendOutcome => ({
  ok: false,
  permanent: false,
  detail,
});

function setup(devices: NewDevice[], parts: Partial<NotificationDispatcherParts> = {}) {
  const time = fakeTime();
  const store = memoryNotifyStore(time.now, devices);
  const dispatcher = createNotificationDispatcher({
    store,
    clock: time.now,
    random: countingRandom(),
    sleep: time.sleep,
    senders: {},
    ...parts,
  });
  return { time, store, dispatcher };
}

describe("notification dispatcher", () => {
  it("sends a Package 0 the device verifies with its server secret and nonce, over its PPG address", async () => {
    const ppg = scripted([{ ok: true, detail: "PAP 1001" }]);
    const { dispatcher, store } = setup([device("IMEI:1")], { senders: { ppg } });
    const result = await dispatcher.notify("IMEI:1", { uiMode: "user-interaction", initiator: "user" });
    expect(result).toMatchObject({ outcome: "sent", channel: "ppg", attempts: 1, detail: "PAP 1001" });
    expect(ppg.sent).toHaveLength(1);
    const { address, content } = ppg.sent[0]!;
    expect(address).toBe("+15551230000");
    expect(content.contentType.mediaType).toBe("application/vnd.syncml.notification");
    expect(content.applicationId).toBe(7);
    const pkg = decodePackage0(content.body);
    expect(pkg).toMatchObject({ version: 11, uiMode: "user-interaction", initiator: "user", serverId });
    expect(pkg.sessionId.toString(16).toUpperCase()).toBe(result.sessionId);
    expect(verifyPackage0(pkg, { serverPassword: serverSecret }, nonce)).toBe("stored");
    expect(store.attempts).toMatchObject([
      { deviceId: "IMEI:1", channel: "ppg", attempt: 1, outcome: "sent" },
    ]);
    expect(store.eventList).toMatchObject([
      {
        kind: "notification",
        deviceId: "IMEI:1",
        data: { channel: "ppg", attempt: 1, outcome: "sent", sessionId: result.sessionId, final: true },
      },
    ]);
  });

  it("keys the digest with the resync nonce when the device has given us none", async () => {
    const http = scripted([]);
    const { dispatcher } = setup(
      [device("d", { serverNonce: "", notify: { kind: "http", address: "http://d/" } })],
      {
        senders: { http },
      },
    );
    await dispatcher.notify("d");
    const pkg = decodePackage0(http.sent[0]!.content.body);
    expect(verifyPackage0(pkg, { serverPassword: serverSecret }, decodeNonce("AQID"))).toBe(
      "resync-zero-bytes",
    );
  });

  it("retries transient failures with growing, jittered waits and records every attempt", async () => {
    const ppg = scripted([transient(), transient(), { ok: true }]);
    const { dispatcher, store, time } = setup([device("d")], {
      senders: { ppg },
      retry: { maxAttempts: 5, initialDelayMs: 1000, maxDelayMs: 60_000, multiplier: 2, jitter: 0.5 },
    });
    const result = await dispatcher.notify("d");
    expect(result).toMatchObject({ outcome: "sent", attempts: 3 });
    expect(time.waits).toHaveLength(2);
    expect(time.waits[0]).toBeGreaterThanOrEqual(500);
    expect(time.waits[0]).toBeLessThanOrEqual(1000);
    expect(time.waits[1]).toBeGreaterThanOrEqual(1000);
    expect(time.waits[1]).toBeLessThanOrEqual(2000);
    expect(store.attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, "failed"],
      [2, "failed"],
      [3, "sent"],
    ]);
    // One session id for the whole notification: the device answers whichever copy arrives.
    const ids = ppg.sent.map((s) => decodePackage0(s.content.body).sessionId);
    expect(new Set(ids).size).toBe(1);
  });

  it("gives up after the last attempt and reports it as a final failed event, without throwing", async () => {
    const ppg = scripted([transient(), transient(), transient()]);
    const { dispatcher, store } = setup([device("d")], { senders: { ppg }, retry: { maxAttempts: 3 } });
    const result = await dispatcher.notify("d");
    expect(result).toMatchObject({ outcome: "failed", attempts: 3, detail: "PPG unreachable: ECONNREFUSED" });
    expect(store.attempts).toHaveLength(3);
    expect(store.eventList.at(-1)).toMatchObject({
      data: { outcome: "failed", final: true, permanent: false },
    });
  });

  it("does not retry a permanent failure", async () => {
    const ppg = scripted([{ ok: false, permanent: true, detail: "PPG refused the credentials (HTTP 401)" }]);
    const { dispatcher, store, time } = setup([device("d")], { senders: { ppg } });
    expect(await dispatcher.notify("d")).toMatchObject({ outcome: "failed", attempts: 1 });
    expect(time.waits).toEqual([]);
    expect(store.attempts).toMatchObject([
      { outcome: "failed", detail: "PPG refused the credentials (HTTP 401)" },
    ]);
  });

  it("stops retrying once the device has opened a session since", async () => {
    const ppg = scripted([transient(), transient()]);
    const { dispatcher, store, time } = setup([device("d")], { senders: { ppg } });
    const sleep = (ms: number) => {
      const d = store.deviceMap.get("d")!;
      store.deviceMap.set("d", { ...d, lastSeenAt: time.now() + 1 });
      return time.sleep(ms);
    };
    const d2 = createNotificationDispatcher({
      store,
      clock: time.now,
      random: countingRandom(),
      sleep,
      senders: { ppg },
    });
    expect(await d2.notify("d")).toMatchObject({ outcome: "failed", attempts: 1, detail: /connected/ });
    expect(ppg.sent).toHaveLength(1);
    await dispatcher.close();
  });

  it("spaces sends by the channel's token bucket", async () => {
    const ids = ["a", "b", "c", "d"];
    const sentAt: number[] = [];
    const ppg: PushSender = {
      send() {
        sentAt.push(time.now());
        return Promise.resolve({ ok: true });
      },
    };
    const time = fakeTime();
    const store = memoryNotifyStore(
      time.now,
      ids.map((id) => device(id)),
    );
    const dispatcher = createNotificationDispatcher({
      store,
      clock: time.now,
      random: countingRandom(),
      sleep: time.sleep,
      senders: { ppg },
      rateLimits: { ppg: { ratePerSecond: 2, burst: 2 } },
    });
    const start = time.now();
    // One after the other: the fake sleep advances the clock at once, so concurrent callers
    // would see each other's waits (reservation order is token-bucket.test.ts's business).
    for (const id of ids) expect(await dispatcher.notify(id)).toMatchObject({ outcome: "sent" });
    expect(sentAt.map((t) => t - start)).toEqual([0, 0, 500, 1000]);
    expect(store.attempts).toHaveLength(4);
  });

  it("fails an attempt as rate-limited when the wait for a token would be too long", async () => {
    const ppg = scripted([]);
    const { dispatcher, store } = setup([device("a"), device("b")], {
      senders: { ppg },
      rateLimits: { ppg: { ratePerSecond: 0.001, burst: 1 } },
      maxRateWaitMs: 1000,
      retry: { maxAttempts: 1 },
    });
    await Promise.all([dispatcher.notify("a"), dispatcher.notify("b")]);
    expect(store.attempts.map((a) => a.outcome).sort()).toEqual(["failed", "sent"]);
    expect(store.attempts.find((a) => a.outcome === "failed")?.detail).toMatch(/rate limit/);
  });

  it.each([
    ["an unknown device", [] as NewDevice[], "unknown device", 0],
    ["a device without a channel", [device("x", { msisdn: undefined })], "no notification channel", 0],
  ])("reports %s without sending", async (_, devices, detail, attempts) => {
    const ppg = scripted([]);
    const { dispatcher } = setup(devices, { senders: { ppg } });
    expect(await dispatcher.notify("x")).toMatchObject({
      outcome: "failed",
      attempts,
      detail: expect.stringContaining(detail),
    });
    expect(ppg.sent).toHaveLength(0);
  });

  it("records a permanent failure for a device without server credentials or a channel without a sender", async () => {
    const { dispatcher, store } = setup(
      [device("x", { serverAuth: undefined }), device("y", { notify: { kind: "udp", address: "h:1" } })],
      { senders: { ppg: scripted([]) } },
    );
    expect(await dispatcher.notify("x")).toMatchObject({ outcome: "failed", detail: /server credentials/ });
    expect(await dispatcher.notify("y")).toMatchObject({
      outcome: "failed",
      detail: "no udp sender configured",
    });
    expect(store.attempts.map((a) => a.outcome)).toEqual(["failed", "failed"]);
  });

  it("resolves a failed result when the sender or the store throws", async () => {
    const ppg: PushSender = { send: () => Promise.reject(new Error("bug")) };
    const { dispatcher } = setup([device("d")], { senders: { ppg } });
    expect(await dispatcher.notify("d")).toMatchObject({ outcome: "failed", detail: /internal error/ });
  });

  it("ends waiting retries on close", async () => {
    const ppg = scripted([transient()]);
    const time = fakeTime();
    const store = memoryNotifyStore(time.now, [device("d")]);
    const dispatcher = createNotificationDispatcher({
      store,
      clock: time.now,
      random: countingRandom(),
      sleep: () => new Promise<void>(() => undefined), // never ends by itself
      senders: { ppg },
    });
    const pending = dispatcher.notify("d");
    await new Promise((r) => setTimeout(r, 10));
    expect(dispatcher.pending).toBe(1);
    await dispatcher.close();
    expect(await pending).toMatchObject({ outcome: "failed", detail: /closed/ });
    expect(dispatcher.pending).toBe(0);
  });
});
