import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Event } from "../store/store-api.js";
import { createWebhooks } from "./webhooks.js";

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A receiver answering with the statuses in `answers` (then 200). */
async function receiver(answers: number[] = []): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

const event = (id: number): Event => ({
  id,
  deviceId: "IMEI:1",
  kind: "generic-alert",
  data: { n: id },
  at: 0,
});
const quiet = { warn() {} };
const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe("createWebhooks", () => {
  it("posts every event in order, signed when the target has a secret", async () => {
    const r = await receiver();
    const hooks = createWebhooks({ targets: [{ url: r.url, secret: "k" }], log: quiet });
    hooks.deliver([event(1), event(2)]);
    hooks.deliver([event(3)]);
    await until(() => r.received.length === 3);
    expect(r.received.map((x) => x.headers["x-omadm-event-id"])).toEqual(["1", "2", "3"]);
    const first = r.received[0]!;
    expect(JSON.parse(first.body)).toMatchObject({ id: 1, deviceId: "IMEI:1", kind: "generic-alert" });
    expect(first.headers["x-omadm-signature"]).toBe(
      `sha256=${createHmac("sha256", "k").update(first.body).digest("hex")}`,
    );
    await hooks.close(100);
  });

  it("retries a failed delivery and then moves on", async () => {
    const r = await receiver([500, 503]);
    const outcomes: string[] = [];
    const hooks = createWebhooks({
      targets: [{ url: r.url }],
      backoffMs: 1,
      log: quiet,
      delivered: (o) => outcomes.push(o),
    });
    hooks.deliver([event(7)]);
    await until(() => outcomes.length === 1);
    expect(r.received.length).toBe(3);
    expect(outcomes).toEqual(["delivered"]);
    await hooks.close(100);
  });

  it("gives up after the bounded number of attempts", async () => {
    const r = await receiver([500, 500, 500, 500, 500]);
    const outcomes: string[] = [];
    const hooks = createWebhooks({
      targets: [{ url: r.url }],
      attempts: 2,
      backoffMs: 1,
      log: quiet,
      delivered: (o) => outcomes.push(o),
    });
    hooks.deliver([event(1), event(2)]);
    await until(() => outcomes.length === 2);
    expect(outcomes).toEqual(["failed", "failed"]);
    expect(r.received.map((x) => x.headers["x-omadm-event-id"])).toEqual(["1", "1", "2", "2"]);
    await hooks.close(100);
  });
});
