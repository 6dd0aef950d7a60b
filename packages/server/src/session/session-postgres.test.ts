// The engine on PostgreSQL, as several server processes run it: two engines with their own
// connection pools on one schema handle copies of the same message at the same moment. Exactly
// one applies it; the other is refused without an error or a deadlock, and no result is lost.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { encodeSyncML } from "@omadm/protocol";
import { openPostgresStore } from "@omadm/store-postgres";
import { fakeClock } from "@omadm/testing";
import { clientAuthOf } from "../auth/index.js";
import { createDmEngine } from "./dm-engine.js";
import { answerAll, packageOne, send, simDevice, testServerId, testServerUrl } from "./engine-test-kit.js";

const url = process.env["OMADM_TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `engine_${randomBytes(6).toString("hex")}`;
const random = (n: number) => new Uint8Array(randomBytes(n));
const auth = { scheme: "basic", username: "u", password: "p" } as const;
const devices = Array.from({ length: 12 }, (_, i) => `IMEI:${100 + i}`);

afterAll(async () => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

describe("two engines on one PostgreSQL schema", () => {
  it("apply each of many duplicated messages exactly once", async () => {
    const clock = fakeClock();
    const a = await openPostgresStore({ url, schema, clock: clock.now });
    const b = await openPostgresStore({ url, schema, clock: clock.now, migrate: false });
    try {
      const options = {
        clock: clock.now,
        random,
        serverId: testServerId,
        serverUrl: testServerUrl,
        maxMsgSize: 64 * 1024,
      };
      const one = createDmEngine({ store: a, ...options });
      const two = createDmEngine({ store: b, ...options });
      for (const id of devices) {
        await a.devices.create({ id, clientAuth: clientAuthOf("basic", "u", "p") });
        await a.commands.enqueue(id, { kind: "Get", uri: "./A" });
        await a.commands.enqueue(id, { kind: "Replace", uri: "./B", data: { text: "b" } });
      }
      const codes = await Promise.all(
        devices.map(async (id) => {
          const d = simDevice(id, auth);
          const x = await send(one, d, packageOne());
          const body = encodeSyncML({
            header: { ...x.sent.header, msgId: 2, cred: undefined },
            body: answerAll(x.message!).map((c, i) => ({ ...c, cmdId: i + 1 })),
            final: true,
          });
          const request = {
            body,
            contentType: "application/vnd.syncml.dm+xml",
            headers: {},
            token: d.token!,
          };
          return (await Promise.all([one.handle(request), two.handle(request)]))
            .map((r) => r.httpStatus)
            .sort();
        }),
      );
      for (const pair of codes) {
        expect(pair[0]).toBe(200);
        // 409: the other process had it; 404: the session had already ended; 400: MsgID already used.
        expect([400, 404, 409]).toContain(pair[1]);
      }
      const done = (await a.commands.list({ states: ["done"] }, { limit: 1000 })).items;
      expect(done).toHaveLength(devices.length * 2);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
