// Bootstrap of a fresh device through a real Kannel, then its first session: `omadm server
// --sms-gateway` pushes the DM-profile bootstrap through Kannel's smsbox (SEC and MAC intact,
// which its PPG would drop), `omadm client --smsc` (a tree with no account for this server)
// reads the concatenated SMS, checks the MAC, adds the DMAcc account and calls the server
// (Alert 1201) with the credentials it was handed. Fails (never skips) without Kannel; every
// process is stopped in afterEach.
import { join } from "node:path";
import { openDevice } from "@omadm/client";
import { afterEach, describe, expect, it } from "vitest";
import {
  devicePath,
  eventsOf,
  kannelIn,
  Stack,
  settled,
  startClientProcess,
  startServerProcess,
  stopClient,
  tempDir,
  waitForLog,
  type Json,
} from "./kannel-e2e-helpers.js";

const serverId = "omadm.kannel.bootstrap";
const deviceId = "IMEI:490154203237518";
const msisdn = "+15551230002";
const imsi = "001010123456789";
const userPin = "4711";

const stack = new Stack();
afterEach(() => stack.stopAll());

describe("bootstrap through Kannel's SMS gateway", () => {
  it("bootstraps a device that knows only another server, which then runs its first session with the pushed credentials", async () => {
    const dir = tempDir(stack);
    const kannel = await kannelIn(stack, join(dir, "kannel"));
    // Both gateways: Package 0 would take the PPG, the bootstrap must take the SMS gateway.
    const server = await startServerProcess(stack, {
      serverId,
      args: [
        "--ppg",
        kannel.ppgUrl,
        "--ppg-user",
        kannel.username,
        "--ppg-password",
        kannel.password,
        "--sms-gateway",
        kannel.sendsmsUrl,
        "--sms-gateway-user",
        kannel.sendsmsUser,
        "--sms-gateway-password",
        kannel.sendsmsPassword,
      ],
    });
    expect(server.proc.stderr()).not.toContain("bootstraps go through the PPG");

    // Provisioned ahead: the device's user name and scheme; the bootstrap sets the secrets.
    const added = await server.api("POST", "/api/devices", {
      id: deviceId,
      msisdn,
      clientAuth: { scheme: "md5", username: "fresh-device", secret: "not-yet-on-the-device" },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const get = await server.api("POST", `${devicePath(deviceId)}/commands`, {
      kind: "Get",
      uri: "./DevInfo/DevId",
    });
    expect(get.status).toBe(201);

    // A factory tree: one account, for a server that is not ours (and not reachable).
    const tree = join(dir, "device.tree");
    const client = await startClientProcess(stack, [
      "--server",
      "http://127.0.0.1:9/dm",
      "--server-id",
      "factory.example",
      "--device-id",
      deviceId,
      "--tree",
      tree,
      "--smsc",
      `127.0.0.1:${kannel.smscPort}`,
      "--msisdn",
      msisdn,
      "--imsi",
      imsi,
      "--user-pin",
      userPin,
    ]);
    await waitForLog(client, "the SMSC connection", (l) => l.msg === "connected to the SMSC");

    // A MAC under the wrong PIN: the device refuses it and keeps to itself.
    const forged = await server.api("POST", `${devicePath(deviceId)}/bootstrap`, {
      profile: "dm",
      security: { method: "USERPIN", pin: "0000" },
    });
    expect(forged.status, JSON.stringify(forged.body)).toBe(202);
    expect(forged.body).toMatchObject({ outcome: "sent", sec: "USERPIN" });
    const refused = await waitForLog(client, "the forged bootstrap", (l) => l.msg === "bootstrap refused");
    expect(refused.reason).toBe("mac-mismatch");

    const pushed = await server.api("POST", `${devicePath(deviceId)}/bootstrap`, {
      profile: "dm",
      security: { method: "NETWPIN", imsi },
    });
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(202);
    expect(pushed.body).toMatchObject({ outcome: "sent", profile: "dm", sec: "NETWPIN" });
    // smsbox answered, not the PPG (whose answer names PAP codes).
    expect(pushed.body.detail).toMatch(/^SMS gateway: /);
    expect(pushed.body.generated).toMatchObject({ clientSecret: true, serverSecret: true });

    const applied = await waitForLog(client, "the bootstrap", (l) => l.msg === "bootstrap applied");
    expect(applied).toMatchObject({ source: "sms:1234", profile: "dm", servers: [serverId] });
    const finished = await waitForLog(
      client,
      "the first session",
      (l) => l.msg === "session finished" && l.serverId === serverId,
    );
    expect(finished.outcome, client.stderr()).toBe("completed");
    expect(client.stderr()).not.toContain("challenged");

    // The server saw an authenticated device: DevInfo recorded, lastSeen set, no failure.
    const shown = await server.api("GET", devicePath(deviceId));
    expect(shown.body).toMatchObject({
      id: deviceId,
      authFailures: 0,
      serverAuth: { scheme: "md5", serverId },
      devInfo: { DevId: deviceId, Man: "omadm", Mod: "omadm-client" },
    });
    expect(Date.parse(shown.body.lastSeenAt as string)).toBeGreaterThan(
      Date.parse(shown.body.createdAt as string),
    );
    expect(await eventsOf(server, deviceId, "auth-failure")).toEqual([]);
    const sessions = (await eventsOf(server, deviceId, "session")).map((e: Json) => e.data);
    expect(sessions).toEqual([
      expect.objectContaining({ action: "started", initiator: "client" }),
      expect.objectContaining({ action: "ended", outcome: "completed" }),
    ]);
    const bootstraps = (await eventsOf(server, deviceId, "device"))
      .map((e: Json) => e.data)
      .filter((d: Json) => d.action === "bootstrap");
    expect(bootstraps.map((d: Json) => d.sec)).toEqual(["USERPIN", "NETWPIN"]);
    expect(await settled(server, get.body.id as string)).toMatchObject({
      state: "done",
      status: 200,
      results: [{ uri: "./DevInfo/DevId", data: { text: deviceId } }],
    });

    // The device now holds both accounts; ours names the server's DM URL and our user name.
    expect(await stopClient(client)).toBe(0);
    const phone = await openDevice(tree);
    try {
      expect(phone.accounts.list().map((a) => a.serverId)).toEqual(["factory.example", serverId]);
      const ours = phone.accounts.byServerId(serverId);
      expect(ours?.addresses).toEqual([server.dmUrl]);
      expect(ours?.client).toMatchObject({ type: "DIGEST", name: "fresh-device" });
      expect(ours?.server).toMatchObject({ type: "DIGEST", name: serverId });
    } finally {
      await phone.close();
    }
  });
});
