// A server-initiated session through a real Kannel: `omadm server --ppg` pushes Package 0 with
// PAP to Kannel's PPG (or, with only --sms-gateway, through smsbox's send-SMS), Kannel hands the
// SMS to its fake SMSC, `omadm client --smsc` reads it as the phone, verifies the digest and
// opens the session the notification names (Alert 1200); the queued Get and Replace come back as
// stored Results and Status. Fails (never skips) without Kannel; every process is stopped in
// afterEach.
import { join } from "node:path";
import { openSqliteStore } from "@omadm/store-sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { readLeaves } from "../client-e2e/client-e2e-helpers.js";
import type { Kannel } from "../support/kannel.js";
import {
  devicePath,
  eventsOf,
  kannelIn,
  runClientProcess,
  settled,
  Stack,
  startClientProcess,
  startServerProcess,
  stopClient,
  tempDir,
  waitForLog,
  type Json,
} from "./kannel-e2e-helpers.js";

const serverId = "omadm.kannel.e2e";
const deviceId = "IMEI:356938035643809";
const msisdn = "+15551230001";
const clientName = "kannel-device";
const clientSecret = "client-secret";
const serverSecret = "server-secret";

const stack = new Stack();
afterEach(() => stack.stopAll());

/** How the server reaches Kannel, and how Kannel says it took the push. */
const gateways = [
  {
    name: "the PPG by PAP (--ppg)",
    args: (k: Kannel) => ["--ppg", k.ppgUrl, "--ppg-user", k.username, "--ppg-password", k.password],
    // PAP 1001: accepted for processing.
    accepted: /\b1001\b/,
  },
  {
    name: "the SMS gateway alone (--sms-gateway)",
    args: (k: Kannel) => [
      "--sms-gateway",
      k.sendsmsUrl,
      "--sms-gateway-user",
      k.sendsmsUser,
      "--sms-gateway-password",
      k.sendsmsPassword,
    ],
    accepted: /^SMS gateway: 0: Accepted/,
  },
] as const;

describe("a server-initiated session through Kannel", () => {
  it.each(gateways)(
    "notifies through $name, and the client reading the fake SMSC runs the session that delivers a Get and a Replace",
    async (gateway) => {
      const dir = tempDir(stack);
      const kannel = await kannelIn(stack, join(dir, "kannel"));
      const server = await startServerProcess(stack, { serverId, args: gateway.args(kannel) });

      const added = await server.api("POST", "/api/devices", {
        id: deviceId,
        msisdn,
        clientAuth: { scheme: "md5", username: clientName, secret: clientSecret },
        serverAuth: { scheme: "md5", secret: serverSecret },
      });
      expect(added.status, JSON.stringify(added.body)).toBe(201);

      const tree = join(dir, "device.tree");
      const device = [
        "--server",
        server.dmUrl,
        "--server-id",
        serverId,
        "--device-id",
        deviceId,
        "--tree",
        tree,
        "--client-auth",
        `md5:${clientName}:${clientSecret}`,
        "--server-auth",
        `md5:${serverId}:${serverSecret}`,
      ];
      // First contact, with a command queued: the device answers the server's package, and its
      // SyncHdr Status hands the server its SRVCRED NextNonce, the key of the next Package 0.
      // (A first session with nothing queued ends on the server's Statuses, and the nonce the
      // client rotated there never reaches the server: the Package 0 then needs the resync nonce.)
      const accountName = `./DMAcc/${serverId}/Name`;
      const named = await server.api("POST", `${devicePath(deviceId)}/commands`, {
        kind: "Add",
        uri: accountName,
        format: "chr",
        data: { text: "Named at first contact" },
      });
      const first = await runClientProcess(stack, [...device, "--once"]);
      expect(first.code, first.stderr).toBe(0);
      expect(await settled(server, named.body.id as string)).toMatchObject({ state: "done", status: 200 });

      // The client is the fake SMSC's only reader (Kannel allows one).
      const client = await startClientProcess(stack, [
        ...device,
        "--smsc",
        `127.0.0.1:${kannel.smscPort}`,
        "--msisdn",
        msisdn,
      ]);
      await waitForLog(client, "the SMSC connection", (l) => l.msg === "connected to the SMSC");

      const get = await server.api("POST", `${devicePath(deviceId)}/commands`, {
        kind: "Get",
        uri: "./DevInfo/Mod",
      });
      const replace = await server.api("POST", `${devicePath(deviceId)}/commands`, {
        kind: "Replace",
        uri: accountName,
        format: "chr",
        data: { text: "Renamed through Kannel" },
      });
      expect([get.status, replace.status]).toEqual([201, 201]);

      const notified = await server.api("POST", `${devicePath(deviceId)}/notify`, {});
      expect(notified.status, JSON.stringify(notified.body)).toBe(202);
      expect(notified.body).toMatchObject({ outcome: "sent", channel: "ppg", attempts: 1 });
      const sessionId = notified.body.sessionId as string;
      expect(sessionId).toMatch(/^[0-9A-F]+$/);
      expect(notified.body.detail).toMatch(gateway.accepted);

      // The phone side: the SMS came from Kannel (its global-sender), the digest verified under the
      // stored nonce (not the resync one), and the session it opened finished.
      const accepted = await waitForLog(
        client,
        "Package 0 accepted",
        (l) => l.msg === "Package 0 accepted" && l.sessionId === sessionId,
      );
      expect(accepted).toMatchObject({ source: "sms:1234", serverId, uiMode: "background" });
      const finished = await waitForLog(
        client,
        "the notified session to finish",
        (l) => l.msg === "session finished" && l.sessionId === sessionId,
      );
      expect(finished.outcome).toBe("completed");
      const seen = client.stderr();
      expect(seen).not.toContain("Package 0 verified with the resync nonce");
      expect(seen).not.toContain("bad digest");

      // The server side: the session carried the notification's SessionID and Alert 1200.
      const sessions = await eventsOf(server, deviceId, "session");
      const started = sessions.filter((e: Json) => e.data.action === "started");
      expect(started.map((e: Json) => e.data.initiator)).toEqual(["client", "server"]);
      expect(started[1].data.sessionId).toBe(sessionId);
      expect(sessions.at(-1).data).toMatchObject({ action: "ended", sessionId, outcome: "completed" });

      expect(await settled(server, get.body.id as string)).toMatchObject({
        state: "done",
        status: 200,
        attempts: 1,
        resent: false,
        results: [{ uri: "./DevInfo/Mod", data: { text: "omadm-client" } }],
      });
      expect(await settled(server, replace.body.id as string)).toMatchObject({
        state: "done",
        status: 200,
        attempts: 1,
      });
      const notes = await eventsOf(server, deviceId, "notification");
      expect(notes.map((e: Json) => e.data)).toEqual([
        expect.objectContaining({ channel: "ppg", attempt: 1, outcome: "sent", sessionId, final: true }),
      ]);

      expect(await stopClient(client)).toBe(0);
      expect(await readLeaves(tree, [accountName])).toEqual(["Renamed through Kannel"]);

      // Every attempt is a stored NotificationAttempt.
      expect(await server.stop()).toBe(0);
      const store = await openSqliteStore({ path: server.database });
      try {
        const attempts = await store.notifications.list(deviceId);
        expect(attempts).toEqual([
          expect.objectContaining({
            channel: "ppg",
            attempt: 1,
            outcome: "sent",
            detail: expect.stringMatching(gateway.accepted),
          }),
        ]);
      } finally {
        await store.close();
      }
    },
  );
});
