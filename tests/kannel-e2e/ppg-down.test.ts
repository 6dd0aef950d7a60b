// `omadm server --ppg` while Kannel's PPG goes away and comes back: notifications fail only
// after their retries (every attempt recorded), the REST API and the DM endpoint keep serving,
// and once Kannel is up again on the same ports a notification goes through. Fails (never skips)
// without Kannel; every process is stopped in afterEach.
import { join } from "node:path";
import { openSqliteStore } from "@omadm/store-sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { connectSmscReader, freePorts, receivePush } from "../support/kannel.js";
import {
  devicePath,
  eventsOf,
  eventually,
  kannelIn,
  runClientProcess,
  settled,
  Stack,
  startServerProcess,
  tempDir,
  type Json,
} from "./kannel-e2e-helpers.js";

const serverId = "omadm.kannel.down";
const deviceId = "IMEI:359881030314356";
const msisdn = "+15551230003";

const stack = new Stack();
afterEach(() => stack.stopAll());

describe("the server while the PPG is down", () => {
  it("records a notification as failed after its retries, keeps serving REST and DM, and notifies again once the PPG is back", async () => {
    const dir = tempDir(stack);
    const ports = await freePorts();
    const first = await kannelIn(stack, join(dir, "kannel"), ports);
    const server = await startServerProcess(stack, {
      serverId,
      args: ["--ppg", first.ppgUrl, "--ppg-user", first.username, "--ppg-password", first.password],
    });
    const added = await server.api("POST", "/api/devices", {
      id: deviceId,
      msisdn,
      clientAuth: { scheme: "md5", username: "down-device", secret: "client-secret" },
      serverAuth: { scheme: "md5", secret: "server-secret" },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);

    // The PPG goes away (bearerbox, wapbox and smsbox killed).
    await first.stop();
    const notified = server.api("POST", `${devicePath(deviceId)}/notify`, {});
    // While the dispatcher waits between attempts, the API answers.
    await eventually("a first failed attempt", async () =>
      (await eventsOf(server, deviceId, "notification")).length > 0 ? true : undefined,
    );
    expect((await server.api("GET", "/api/devices")).status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const queued = await server.api("POST", `${devicePath(deviceId)}/commands`, {
      kind: "Get",
      uri: "./DevInfo/DevId",
    });
    expect(queued.status).toBe(201);
    const answer = await notified;
    expect(answer.status).toBe(202);
    expect(["failed", "pending"]).toContain(answer.body.outcome);

    // Four attempts (the default policy), each recorded, the last one final.
    const attempts = await eventually(
      "the notification's final failure",
      async () => {
        const notes = (await eventsOf(server, deviceId, "notification")).map((e: Json) => e.data);
        return notes.some((d: Json) => d.final === true) ? notes : undefined;
      },
      30_000,
    );
    expect(attempts.map((d: Json) => [d.attempt, d.outcome, d.final])).toEqual([
      [1, "failed", false],
      [2, "failed", false],
      [3, "failed", false],
      [4, "failed", true],
    ]);
    for (const d of attempts) {
      expect(d).toMatchObject({ channel: "ppg", permanent: false, sessionId: attempts[0].sessionId });
      expect(d.detail).toMatch(/unreachable|ECONNREFUSED/i);
    }

    // The DM endpoint serves the device (which came by itself) and delivers the queued Get.
    const run = await runClientProcess(stack, [
      "--server",
      server.dmUrl,
      "--server-id",
      serverId,
      "--device-id",
      deviceId,
      "--tree",
      join(dir, "device.tree"),
      "--client-auth",
      "md5:down-device:client-secret",
      "--server-auth",
      `md5:${serverId}:server-secret`,
      "--once",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(await settled(server, queued.body.id as string)).toMatchObject({ state: "done", status: 200 });

    // Kannel back on the same ports: the next notification is delivered at the first attempt.
    const second = await kannelIn(stack, join(dir, "kannel-again"), ports);
    const reader = await connectSmscReader(second.smscPort);
    stack.push(() => reader.close());
    const again = await server.api("POST", `${devicePath(deviceId)}/notify`, {});
    expect(again.body).toMatchObject({ outcome: "sent", channel: "ppg", attempts: 1 });
    const { parts, push } = await receivePush(reader);
    expect(parts[0]?.receiver).toBe(msisdn);
    expect(push.contentType.mediaType).toBe("application/vnd.syncml.notification");

    expect(await server.stop()).toBe(0);
    const store = await openSqliteStore({ path: server.database });
    try {
      const stored = await store.notifications.list(deviceId);
      expect(stored.map((a) => [a.attempt, a.outcome])).toEqual([
        [1, "failed"],
        [2, "failed"],
        [3, "failed"],
        [4, "failed"],
        [1, "sent"],
      ]);
    } finally {
      await store.close();
    }
  });
});
