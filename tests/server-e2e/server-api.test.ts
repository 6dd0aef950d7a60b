// The REST API, the live event stream, webhooks, metrics and health over real sockets.
import { randomBytes } from "node:crypto";
import { createServer as createHttpServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createNotificationDispatcher, httpSender, openApiDocument } from "@omadm/server";
import {
  apiToken,
  type Json,
  credentials,
  eventually,
  openTestDevice,
  provision,
  startServer,
  type TestDevice,
  type TestServer,
} from "./server-e2e-helpers.js";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close();
});

async function server(options: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const t = await startServer(options);
  open.push(t);
  return t;
}

async function device(t: TestServer, devId: string): Promise<TestDevice> {
  const c = credentials(devId, "hmac");
  expect((await provision(t, c)).status).toBe(201);
  const d = await openTestDevice(t, c);
  open.push(d);
  return d;
}

/** An HTTP receiver (webhooks, HTTP notification) that records what it gets. */
async function receiver(): Promise<{ url: string; got: { headers: IncomingHttpHeaders; body: Buffer }[] }> {
  const got: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
  const s = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  open.push({ close: () => new Promise((r) => s.close(() => r())) });
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/in`, got };
}

/** Reads a server-sent-events stream until `enough` holds; returns the events. */
async function readSse(
  url: string,
  headers: Record<string, string>,
  enough: (events: { id: string; event: string; data: Json }[]) => boolean,
  onOpen?: () => Promise<void>,
): Promise<{ id: string; event: string; data: Json }[]> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const events: { id: string; event: string; data: Json }[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const opened = onOpen?.();
  const timeout = setTimeout(() => abort.abort(), 10_000);
  try {
    while (!enough(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
        const fields = Object.fromEntries(
          block
            .split("\n")
            .filter((l) => !l.startsWith(":") && l.includes(": "))
            .map((l) => [l.slice(0, l.indexOf(": ")), l.slice(l.indexOf(": ") + 2)] as const),
        );
        if (fields.data !== undefined) {
          events.push({
            id: fields.id ?? "",
            event: fields.event ?? "message",
            data: JSON.parse(fields.data),
          });
        }
      }
    }
  } finally {
    clearTimeout(timeout);
    abort.abort();
    await opened;
  }
  return events;
}

describe("the REST API", () => {
  it("answers 401 without a valid bearer token, and serves the OpenAPI document to anyone", async () => {
    const t = await server();
    for (const token of [null, "wrong-token"]) {
      const r = await t.api("GET", "/api/devices", undefined, token);
      expect(r.status).toBe(401);
      expect(r.headers.get("www-authenticate")).toContain("Bearer");
      expect(r.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await t.api("POST", "/api/devices", { id: "x" }, null)).status).toBe(401);
    const doc = await t.api("GET", "/api/openapi.json", undefined, null);
    expect(doc.status).toBe(200);
    expect(doc.body).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it("serves every documented operation (no route answers 404 or 405)", async () => {
    const t = await server();
    const sample = (path: string) => path.replace("{id}", "IMEI%3A1").replace("{commandId}", "1");
    for (const [path, item] of Object.entries(openApiDocument().paths)) {
      for (const method of Object.keys(item)) {
        if (path === "/api/stream" || path === "/dm") continue;
        const r = await t.api(
          method.toUpperCase(),
          sample(path),
          method === "get" || method === "delete" ? undefined : {},
        );
        expect(
          [404, 405].includes(r.status) && r.body?.detail?.startsWith("no route"),
          `${method} ${path}`,
        ).toBe(false);
        expect(r.status, `${method} ${path}`).not.toBe(405);
      }
    }
  });

  it("creates, lists with filters and cursor paging, shows and deletes devices", async () => {
    const t = await server();
    for (let i = 0; i < 5; i++) {
      const c = credentials(`IMEI:10000000000000${i}`, i % 2 === 0 ? "md5" : "basic");
      const r = await provision(t, c);
      expect(r.status).toBe(201);
      expect(r.headers.get("location")).toBe(`/api/devices/${encodeURIComponent(c.devId)}`);
      expect(JSON.stringify(r.body)).not.toContain(c.clientSecret);
    }
    expect((await provision(t, credentials("IMEI:100000000000000", "md5"))).status).toBe(409);
    const first = await t.api("GET", "/api/devices?limit=2");
    expect(first.body.items.map((d: { id: string }) => d.id)).toEqual([
      "IMEI:100000000000000",
      "IMEI:100000000000001",
    ]);
    const second = await t.api(
      "GET",
      `/api/devices?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(second.body.items.map((d: { id: string }) => d.id)).toEqual([
      "IMEI:100000000000002",
      "IMEI:100000000000003",
    ]);
    expect((await t.api("GET", "/api/devices?search=0000003")).body.items).toHaveLength(1);
    expect(
      (await t.api("GET", `/api/devices?seenSince=${new Date(Date.now() + 60_000).toISOString()}`)).body
        .items,
    ).toEqual([]);
    expect((await t.api("GET", "/api/devices?limit=0")).status).toBe(400);

    const shown = await t.api("GET", `/api/devices/${encodeURIComponent("IMEI:100000000000001")}`);
    expect(shown.body).toMatchObject({
      id: "IMEI:100000000000001",
      clientAuth: { scheme: "basic" },
      commands: { queued: 0, sent: 0, done: 0, failed: 0, cancelled: 0 },
    });
    expect((await t.api("DELETE", `/api/devices/${encodeURIComponent("IMEI:100000000000001")}`)).status).toBe(
      204,
    );
    expect((await t.api("GET", `/api/devices/${encodeURIComponent("IMEI:100000000000001")}`)).status).toBe(
      404,
    );
    expect((await t.api("DELETE", `/api/devices/${encodeURIComponent("IMEI:100000000000001")}`)).status).toBe(
      404,
    );
  });

  it("refuses an invalid command with a problem naming the field, and queues a valid one", async () => {
    const t = await server();
    await provision(t, credentials("IMEI:1", "md5"));
    const bad = await t.api("POST", "/api/devices/IMEI%3A1/commands", {
      kind: "Atomic",
      commands: [{ kind: "Get", uri: "./A" }],
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect(bad.body.errors[0].pointer).toBe("/commands/0/kind");
    expect((await t.api("POST", "/api/devices/IMEI%3A1/commands", { kind: "Get", uri: "./A/" })).status).toBe(
      400,
    );
    const notJson = await fetch(`${t.server.url}/api/devices/IMEI%3A1/commands`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
      body: "{",
    });
    expect(notJson.status).toBe(400);
    expect((await t.api("POST", "/api/devices/IMEI%3A2/commands", { kind: "Get", uri: "./A" })).status).toBe(
      404,
    );
    const ok = await t.api("POST", "/api/devices/IMEI%3A1/commands", { kind: "Get", uri: "./DevInfo/Mod" });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ deviceId: "IMEI:1", seq: 1, state: "queued", attempts: 0 });
    const list = await t.api("GET", "/api/devices/IMEI%3A1/commands?state=queued");
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([ok.body.id]);
    expect((await t.api("GET", "/api/devices/IMEI%3A1/commands?state=lost")).status).toBe(400);
  });

  it("pages events after a cursor and lists open sessions without their tokens", async () => {
    const t = await server();
    const d = await device(t, "IMEI:200000000000001");
    await t.api("POST", "/api/devices/IMEI%3A200000000000001/commands", {
      kind: "Get",
      uri: "./DevInfo/Mod",
    });
    expect((await d.session()).outcome).toBe("completed");
    const all = (await t.api("GET", "/api/events")).body;
    expect(all.items.length).toBeGreaterThan(1);
    const ids = all.items.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
    const rest = (await t.api("GET", `/api/events?after=${ids[0]}`)).body;
    expect(rest.items.map((e: { id: number }) => e.id)).toEqual(ids.slice(1));
    expect(rest.nextAfter).toBe(ids[ids.length - 1]);
    const sessions = (await t.api("GET", "/api/sessions")).body;
    expect(Array.isArray(sessions.items)).toBe(true);
    for (const s of sessions.items) expect(Object.keys(s)).not.toContain("token");
  });

  it("notifies a device through the notification dispatcher", async () => {
    const hook = await receiver();
    const random = (n: number) => new Uint8Array(randomBytes(n));
    const t = await server((store) => ({
      dispatcher: createNotificationDispatcher({
        store,
        clock: Date.now,
        random,
        senders: { http: httpSender() },
      }),
    }));
    const c = credentials("IMEI:300000000000001", "md5");
    await t.api("POST", "/api/devices", {
      id: c.devId,
      notify: { kind: "http", address: hook.url },
      clientAuth: { scheme: "md5", username: c.clientName, secret: c.clientSecret },
      serverAuth: { scheme: "md5", secret: c.serverSecret },
    });
    const r = await t.api("POST", `/api/devices/${encodeURIComponent(c.devId)}/notify`, {});
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ outcome: "sent", channel: "http" });
    expect(hook.got).toHaveLength(1);
    expect(hook.got[0]!.headers["content-type"]).toContain("application/vnd.syncml.notification");
    expect((await t.api("POST", "/api/devices/IMEI%3A404/notify", {})).status).toBe(404);
  });

  it("answers 503 for notify and bootstrap when they are not configured", async () => {
    const t = await server();
    await provision(t, credentials("IMEI:1", "md5"));
    expect((await t.api("POST", "/api/devices/IMEI%3A1/notify", {})).status).toBe(503);
    expect((await t.api("POST", "/api/devices/IMEI%3A1/bootstrap", { profile: "dm" })).status).toBe(503);
  });
});

describe("live events", () => {
  it("streams events as they happen over SSE, and resumes after Last-Event-ID", async () => {
    const t = await server();
    const headers = { authorization: `Bearer ${apiToken}` };
    const live = await readSse(
      `${t.server.url}/api/stream`,
      headers,
      (events) => events.some((e) => e.event === "device"),
      async () => {
        await new Promise((r) => setTimeout(r, 100));
        await provision(t, credentials("IMEI:400000000000001", "md5"));
      },
    );
    const created = live.find((e) => e.event === "device")!;
    expect(created.data).toMatchObject({
      deviceId: "IMEI:400000000000001",
      kind: "device",
      data: { action: "created" },
    });

    await provision(t, credentials("IMEI:400000000000002", "md5"));
    const resumed = await readSse(
      `${t.server.url}/api/stream`,
      { ...headers, "last-event-id": created.id },
      (events) => events.some((e) => e.data.deviceId === "IMEI:400000000000002"),
    );
    expect(resumed[0]!.data.deviceId).toBe("IMEI:400000000000002");
    expect(Number(resumed[0]!.id)).toBeGreaterThan(Number(created.id));
    expect((await fetch(`${t.server.url}/api/stream`)).status).toBe(401);
  });

  it("delivers events written by another process (read from the Store)", async () => {
    const t = await server();
    const seen: number[] = [];
    t.server.onEvent((e) => seen.push(e.id));
    // Appended straight into the Store, as another server process sharing it would.
    const e = await t.store.events.append({
      deviceId: "IMEI:elsewhere",
      kind: "generic-alert",
      data: { x: 1 },
    });
    await eventually(() => seen.includes(e.id));
  });

  it("posts events to webhooks and to in-process listeners", async () => {
    const hook = await receiver();
    const t = await server({ webhooks: [{ url: hook.url }] });
    const kinds: string[] = [];
    t.server.onEvent((e) => kinds.push(e.kind));
    const d = await device(t, "IMEI:500000000000001");
    expect((await d.session()).outcome).toBe("completed");
    await eventually(() => hook.got.length >= 2);
    const posted = hook.got.map((g) => JSON.parse(g.body.toString()) as { kind: string; deviceId: string });
    expect(posted[0]).toMatchObject({ kind: "device", deviceId: "IMEI:500000000000001" });
    expect(kinds).toContain("device");
    expect(new Set(kinds).size).toBeGreaterThan(1);
  });
});

describe("operations", () => {
  it("moves the Prometheus counters with sessions, messages and auth failures", async () => {
    const t = await server();
    const metric = async (name: string) => {
      const text = await (await fetch(`${t.server.url}/metrics`)).text();
      const line = text.split("\n").find((l) => l.startsWith(name + " ") || l.startsWith(name + "{"));
      return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(" ") + 1));
    };
    const res = await fetch(`${t.server.url}/metrics`);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await res.text();
    for (const family of [
      "omadm_sessions_total",
      "omadm_messages_total",
      "omadm_auth_failures_total",
      "omadm_dm_request_duration_seconds",
      "omadm_queue_depth",
      "omadm_open_sessions",
    ]) {
      expect(text).toContain(`# TYPE ${family} `);
    }
    const d = await device(t, "IMEI:600000000000001");
    await t.api("POST", "/api/devices/IMEI%3A600000000000001/commands", {
      kind: "Get",
      uri: "./DevInfo/Mod",
    });
    await t.api("POST", "/api/devices/IMEI%3A600000000000001/commands", {
      kind: "Get",
      uri: "./DevInfo/Man",
    });
    expect(await metric("omadm_queue_depth")).toBe(2);
    expect((await d.session()).outcome).toBe("completed");
    expect(await metric("omadm_sessions_total")).toBe(1);
    expect(await metric('omadm_messages_total{direction="in"}')).toBeGreaterThanOrEqual(2);
    expect(await metric("omadm_dm_request_duration_seconds_count")).toBeGreaterThanOrEqual(2);
    expect(await metric("omadm_queue_depth")).toBe(0);

    const stranger = await openTestDevice(t, credentials("IMEI:600000000000009", "md5"));
    open.push(stranger);
    await stranger.session();
    const after = await (await fetch(`${t.server.url}/metrics`)).text();
    expect(after).toMatch(/omadm_auth_failures_total\{reason="[a-z-]+"\} [1-9]/);
  });

  it("reports health", async () => {
    const t = await server();
    const r = await t.api("GET", "/healthz", undefined, null);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "ok", store: t.store.backend });
  });
});
