// The command line: `omadm client` (our device) against the server, `omadm server` with its
// admin token and URLs, and the admin commands talking to it through the REST API.
import { readFileSync, statSync } from "node:fs";
import { decodeSyncML } from "@omadm/protocol";
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

describe("omadm bootstrap -o FILE with a server running", () => {
  it("has the running server build the file, with its ServerID and DM URL, and stores the new secrets", async () => {
    const t = await startServer();
    open.push(t);
    const c = credentials("IMEI:800000000000009", "md5");
    await provision(t, c);
    const before = await t.store.devices.get(c.devId);
    const file = join(tempDir(), "boot.wbxml");
    const run = await runOmadm(
      [
        "bootstrap",
        c.devId,
        "--profile",
        "dm",
        "--security",
        "userpin",
        "--pin",
        "2468",
        "-o",
        file,
        "--json",
      ],
      { OMADM_API_URL: t.server.url, OMADM_API_TOKEN: apiToken },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ deviceId: c.devId, profile: "dm", sec: "USERPIN" });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const message = decodeSyncML(new Uint8Array(readFileSync(file)));
    // The DM-profile message: an Add into ./Inbox from this server, naming its DM URL.
    expect(message.header.source.locUri).toBe(t.server.dmUrl);
    const add = message.body.find((x) => x.kind === "Add");
    expect(add?.kind === "Add" && add.items[0]?.target?.locUri).toBe("./Inbox");
    expect(JSON.stringify(message)).toContain(serverId);
    const after = await t.store.devices.get(c.devId);
    expect(after?.clientAuth.secretHash).not.toBe(before?.clientAuth.secretHash);
  });

  it("answers the server's refusal when the device is unknown, without touching the data directory", async () => {
    const t = await startServer();
    open.push(t);
    const dir = tempDir();
    const run = await runOmadm(
      ["bootstrap", "IMEI:1", "--profile", "cp", "-o", join(dir, "x"), "--data-dir", dir],
      { OMADM_API_URL: t.server.url, OMADM_API_TOKEN: apiToken },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("404");
  });
});
