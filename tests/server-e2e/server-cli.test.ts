// The command line: `omadm client` (our device) against the server, `omadm server` with its
// admin token and URLs, and the admin commands talking to it through the REST API.
import { statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runOmadm, startOmadm, type OmadmProcess } from "./cli-runner.js";
import {
  apiToken,
  credentials,
  eventually,
  openTestDevice,
  provision,
  serverId,
  startServer,
  tempDir,
  type TestDevice,
  type TestServer,
} from "./server-e2e-helpers.js";

const open: { close(): Promise<void> }[] = [];
const processes: OmadmProcess[] = [];
afterEach(async () => {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null) p.child.kill("SIGKILL");
  }
  for (const x of open.splice(0).reverse()) await x.close();
});

describe("omadm client against the server", () => {
  it.each([
    ["xml", "md5"],
    ["wbxml", "basic"],
    ["wbxml", "hmac"],
  ] as const)("runs a session in %s with %s and the results are stored", async (encoding, scheme) => {
    const t = await startServer();
    open.push(t);
    const c = credentials("IMEI:800000000000001", scheme);
    await provision(t, c);
    const q = await t.api("POST", `/api/devices/${encodeURIComponent(c.devId)}/commands`, {
      kind: "Get",
      uri: "./DevInfo/DevId",
    });
    const run = await runOmadm([
      "client",
      "--server",
      t.server.dmUrl,
      "--server-id",
      serverId,
      "--device-id",
      c.devId,
      "--tree",
      join(tempDir(), "device.json"),
      "--client-auth",
      `${scheme}:${c.clientName}:${c.clientSecret}`,
      "--server-auth",
      `${scheme}:${serverId}:${c.serverSecret}`,
      "--encoding",
      encoding,
      "--once",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const done = (await t.api("GET", `/api/commands/${q.body.id}`)).body;
    expect(done).toMatchObject({ state: "done", status: 200, results: [{ data: { text: c.devId } }] });
  });
});

describe("omadm server and the admin commands", () => {
  it("prints its URLs and a new admin token kept in the data directory, and serves the admin commands", async () => {
    const data = tempDir();
    const server = await startOmadm(
      [
        "server",
        "--port",
        "0",
        "--host",
        "127.0.0.1",
        "--data-dir",
        data,
        "--server-id",
        serverId,
        "--log-level",
        "warn",
      ],
      {
        OMADM_API_TOKEN: "",
      },
    );
    processes.push(server);
    const [, dmUrl] = await server.waitForStdout(/DM endpoint\s+(\S+)/);
    const [, token] = await server.waitForStdout(/API token\s+(\S+)/);
    const base = dmUrl!.replace(/\/dm$/, "");
    expect(statSync(join(data, "api-token")).mode & 0o777).toBe(0o600);
    expect(server.stdout()).toContain(`${base}/api/openapi.json`);
    expect(
      (await fetch(`${base}/api/devices`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);

    const admin = (...args: string[]) =>
      runOmadm([...args, "--api", base, "--data-dir", data], { OMADM_API_TOKEN: "" });
    const c = credentials("IMEI:900000000000001", "md5");
    const added = await admin(
      "device",
      "add",
      c.devId,
      "--auth",
      "md5",
      "--name",
      c.clientName,
      "--secret",
      c.clientSecret,
      "--server-secret",
      c.serverSecret,
    );
    expect(added.code, added.stderr).toBe(0);
    const listed = await admin("device", "list", "--json");
    expect(JSON.parse(listed.stdout).map((d: { id: string }) => d.id)).toEqual([c.devId]);
    expect((await admin("device", "show", c.devId)).stdout).toContain("client auth:   md5");

    // A device served by this server process (in-process client, talking over the socket).
    const t = { server: { dmUrl }, api: undefined } as unknown as TestServer;
    const d: TestDevice = await openTestDevice(t, c);
    open.push(d);
    const waiting = await startOmadm([
      "get",
      c.devId,
      "./DevInfo/Mod",
      "--wait",
      "30",
      "--api",
      base,
      "--token",
      token!,
    ]);
    processes.push(waiting);
    await waiting.waitForStdout(/queued command/);
    expect((await d.session()).outcome).toBe("completed");
    const got = await waiting.exited;
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toContain("./DevInfo/Mod = e2e");

    const replaced = await admin("add", c.devId, "./Vendor", "--format", "node");
    expect(replaced.code).toBe(0);
    const results = await admin("results", c.devId, "--json");
    const commands = JSON.parse(results.stdout) as { command: { kind: string }; state: string }[];
    expect(commands.map((x) => [x.command.kind, x.state])).toEqual([
      ["Get", "done"],
      ["Add", "queued"],
    ]);
    const bad = await admin("get", c.devId, "./Bad/");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("/uri");
    expect((await runOmadm(["device", "list", "--api", base, "--token", "nope"])).code).toBe(1);

    server.child.kill("SIGTERM");
    const stopped = await server.exited;
    expect(stopped.code, stopped.stderr).toBe(0);

    // A restart keeps the token it created.
    const again = await startOmadm(
      ["server", "--port", "0", "--host", "127.0.0.1", "--data-dir", data, "--log-level", "warn"],
      { OMADM_API_TOKEN: "" },
    );
    processes.push(again);
    const [, token2] = await again.waitForStdout(/API token\s+(\S+)/);
    expect(token2).toBe(token);
    again.child.kill("SIGTERM");
    const end = await again.exited;
    expect([end.code, again.child.signalCode, end.stderr]).toEqual([0, null, ""]);
    void apiToken;
    void eventually;
  });
});
