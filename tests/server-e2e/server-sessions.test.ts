// Our DM client against the real server over sockets: each encoding with each authentication
// scheme, commands queued through the REST API, and their statuses and results stored.
import { request } from "node:https";
import { userPassHash } from "@omadm/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { makeTestCertificates } from "../support/test-certificates.js";
import {
  credentials,
  openTestDevice,
  provision,
  startServer,
  type TestDevice,
  type TestServer,
} from "./server-e2e-helpers.js";

const open: (TestServer | TestDevice)[] = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close();
});

async function setup(
  scheme: "basic" | "md5" | "hmac",
  encoding: "xml" | "wbxml",
  devId = "IMEI:490154203237518",
) {
  const t = await startServer();
  open.push(t);
  const c = credentials(devId, scheme);
  expect((await provision(t, c)).status).toBe(201);
  const d = await openTestDevice(t, c, { encoding });
  open.push(d);
  return { t, c, d };
}

describe("DM sessions with our client", () => {
  describe.each(["xml", "wbxml"] as const)("in %s", (encoding) => {
    it.each(["basic", "md5", "hmac"] as const)(
      "authenticates with %s, runs queued Get and Replace, and stores their statuses and results",
      async (scheme) => {
        const { t, c, d } = await setup(scheme, encoding);
        const get = await t.api("POST", `/api/devices/${encodeURIComponent(c.devId)}/commands`, {
          kind: "Get",
          uri: "./DevInfo/Mod",
        });
        expect(get.status).toBe(201);
        const add = await t.api("POST", `/api/devices/${encodeURIComponent(c.devId)}/commands`, {
          kind: "Add",
          uri: "./Vendor",
          format: "node",
        });
        const replace = await t.api("POST", `/api/devices/${encodeURIComponent(c.devId)}/commands`, {
          kind: "Sequence",
          commands: [
            { kind: "Add", uri: "./Vendor/Color", format: "chr", data: { text: "red" } },
            { kind: "Replace", uri: "./Vendor/Color", format: "chr", data: { text: "green" } },
            { kind: "Get", uri: "./Vendor/Color" },
          ],
        });

        const report = await d.session();
        expect(report.outcome, report.reason).toBe("completed");

        const got = await t.api("GET", `/api/commands/${get.body.id}`);
        expect(got.body).toMatchObject({ state: "done", status: 200, attempts: 1, resent: false });
        expect(got.body.results).toEqual([
          expect.objectContaining({ uri: "./DevInfo/Mod", data: { text: "e2e" } }),
        ]);
        expect((await t.api("GET", `/api/commands/${add.body.id}`)).body).toMatchObject({
          state: "done",
          status: 200,
        });
        const seq = (await t.api("GET", `/api/commands/${replace.body.id}`)).body;
        expect(seq.state).toBe("done");
        expect(seq.children.map((x: { status: number }) => x.status)).toEqual([200, 200, 200]);
        expect(seq.children[2].results[0].data).toEqual({ text: "green" });

        const device = await t.api("GET", `/api/devices/${encodeURIComponent(c.devId)}`);
        expect(device.body.devInfo).toMatchObject({ DevId: c.devId, Man: "omadm", Mod: "e2e" });
        expect(device.body.lastSeenAt).toEqual(expect.any(String));
        expect(device.body.commands).toMatchObject({ queued: 0, sent: 0, done: 3 });
      },
    );
  });
});

describe("HTTPS", () => {
  it("serves DM sessions and the REST API over TLS with --tls-cert/--tls-key material", async () => {
    const pki = makeTestCertificates();
    const t = await startServer({ tls: { cert: pki.serverCertPem, key: pki.serverKeyPem } });
    open.push(t);
    expect(t.server.dmUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/dm$/);
    const c = credentials("IMEI:350000000000001", "md5");
    await t.store.devices.create({
      id: c.devId,
      clientAuth: {
        scheme: "md5",
        username: c.clientName,
        secretHash: userPassHash(c.clientName, c.clientSecret),
      },
      serverAuth: {
        scheme: "md5",
        serverId: "omadm.e2e",
        secretHash: userPassHash("omadm.e2e", c.serverSecret),
      },
    });
    const q = await t.store.commands.enqueue(c.devId, { kind: "Get", uri: "./DevInfo/Man" });
    const d = await openTestDevice(t, c, { ca: pki.caPem });
    open.push(d);
    expect((await d.session()).outcome).toBe("completed");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${t.server.url}/api/commands/${q.id}`,
        { ca: pki.caPem, headers: { authorization: "Bearer e2e-admin-token" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(200);
    expect((await t.store.commands.get(q.id))?.results?.[0]?.data).toEqual({ text: "omadm" });
  });
});
