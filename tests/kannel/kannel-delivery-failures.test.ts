// Failures, retries and rate limits of notification delivery against a real Kannel PPG.
// Fails (does not skip) when Kannel is not installed: /work/shared/kannel.md.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodePackage0, userPassHash } from "@omadm/protocol";
import type { NewDevice } from "@omadm/server";
import { createNotificationDispatcher, papSender } from "@omadm/server";
import { afterEach, describe, expect, it } from "vitest";
import {
  connectSmscReader,
  freePorts,
  receivePush,
  startKannel,
  type Kannel,
  type SmscReader,
} from "../support/kannel.js";
import { countingRandom, fakeTime, memoryNotifyStore } from "../support/memory-notify-store.js";

const serverId = "omadm.kannel.test";

function device(id: string, msisdn: string): NewDevice {
  return {
    id,
    msisdn,
    clientAuth: { scheme: "md5", username: id, secretHash: userPassHash(id, "c") },
    serverAuth: { scheme: "md5", serverId, secretHash: userPassHash(serverId, "s") },
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "omadm-kannel-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function kannelWithReader(dir = tempDir(), ports?: Parameters<typeof startKannel>[0]["ports"]) {
  const kannel = await startKannel({ dir, ...(ports === undefined ? {} : { ports }) });
  cleanups.push(() => kannel.stop());
  const reader = await connectSmscReader(kannel.smscPort);
  cleanups.push(() => reader.close());
  return { kannel, reader };
}

describe("notification delivery failures through Kannel", () => {
  it("records a wrong PPG password as a permanent failure and does not retry it", async () => {
    // A private instance: from the 4th failed login Kannel refuses this IP until restarted.
    const { kannel } = await kannelWithReader();
    const time = fakeTime();
    const store = memoryNotifyStore(time.now, [device("IMEI:1", "+15550000001")]);
    const dispatcher = createNotificationDispatcher({
      store,
      clock: time.now,
      random: countingRandom(),
      sleep: time.sleep,
      senders: { ppg: papSender({ url: kannel.ppgUrl, username: kannel.username, password: "wrong" }) },
    });
    const result = await dispatcher.notify("IMEI:1");
    expect(result).toMatchObject({
      outcome: "failed",
      attempts: 1,
      detail: "PPG refused the credentials (HTTP 401)",
    });
    expect(time.waits).toEqual([]);
    expect(store.attempts).toMatchObject([
      {
        deviceId: "IMEI:1",
        channel: "ppg",
        attempt: 1,
        outcome: "failed",
        detail: expect.stringContaining("401"),
      },
    ]);
    expect(store.eventList.at(-1)).toMatchObject({
      kind: "notification",
      data: { outcome: "failed", permanent: true, final: true },
    });
  });

  it("retries with back-off while the PPG is down and delivers once it is up", async () => {
    const dir = tempDir();
    const ports = await freePorts();
    const time = fakeTime();
    let started: { kannel: Kannel; reader: SmscReader } | undefined;
    // The fake sleep advances the clock and, on the first wait, brings the PPG up.
    const sleep = async (ms: number) => {
      await time.sleep(ms);
      started ??= await kannelWithReader(dir, ports);
    };
    const store = memoryNotifyStore(time.now, [device("IMEI:2", "+15550000002")]);
    const dispatcher = createNotificationDispatcher({
      store,
      clock: time.now,
      random: countingRandom(3),
      sleep,
      retry: { maxAttempts: 4, initialDelayMs: 2000, maxDelayMs: 30_000, multiplier: 2, jitter: 0.5 },
      senders: {
        ppg: papSender({
          url: `http://127.0.0.1:${ports.ppgPort}/wappush`,
          username: "dmserver",
          password: "ppg-test-secret",
          timeoutMs: 5000,
        }),
      },
    });
    const result = await dispatcher.notify("IMEI:2");
    expect(result).toMatchObject({ outcome: "sent", attempts: 2 });
    expect(time.waits).toHaveLength(1);
    expect(time.waits[0]).toBeGreaterThanOrEqual(1000);
    expect(time.waits[0]).toBeLessThanOrEqual(2000);
    expect(store.attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, "failed"],
      [2, "sent"],
    ]);
    expect(store.attempts[0]!.detail).toMatch(/^PPG unreachable/);
    const { push } = await receivePush(started!.reader);
    expect(decodePackage0(push.body).sessionId.toString(16).toUpperCase()).toBe(result.sessionId);
  });

  it("spaces pushes by the PPG channel's rate limit and delivers every one", async () => {
    const { kannel, reader } = await kannelWithReader();
    const time = fakeTime();
    const numbers = ["+15550000011", "+15550000012", "+15550000013"];
    const store = memoryNotifyStore(
      time.now,
      numbers.map((n, i) => device(`IMEI:1${i}`, n)),
    );
    const sentAt: number[] = [];
    const pap = papSender({ url: kannel.ppgUrl, username: kannel.username, password: kannel.password });
    const dispatcher = createNotificationDispatcher({
      store,
      clock: time.now,
      random: countingRandom(),
      sleep: time.sleep,
      rateLimits: { ppg: { ratePerSecond: 1, burst: 1 } },
      senders: {
        ppg: {
          send(address, content) {
            sentAt.push(time.now());
            return pap.send(address, content);
          },
        },
      },
    });
    const start = time.now();
    for (const [i] of numbers.entries()) {
      expect(await dispatcher.notify(`IMEI:1${i}`)).toMatchObject({ outcome: "sent" });
    }
    expect(sentAt.map((t) => t - start)).toEqual([0, 1000, 2000]);
    const receivers = [];
    for (let i = 0; i < numbers.length; i++) receivers.push((await receivePush(reader)).parts[0]!.receiver);
    expect(receivers.sort()).toEqual(numbers);
  });
});
