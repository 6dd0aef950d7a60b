// `omadm client --once` in a child process against the scripted DM server over real sockets:
// authentication both ways, every encoding, the commands' statuses and results, and the tree
// file persisting between runs.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  startScriptedDmServer,
  type AuthScheme,
  type ScriptedDmServer,
} from "../support/scripted-dm-server.js";
import { cmd, deviceFlags, readLeaves, runClient, tempDir } from "./client-e2e-helpers.js";

const servers: ScriptedDmServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const serverId = "scripted.server";
const clientName = "device-user";
const clientSecret = "client:secret"; // a ':' inside the secret must survive the flag syntax
const serverSecret = "server-secret";

/** A session that exercises Get, Add, Replace, Exec, Atomic (rolled back) and Sequence. */
const managementSteps = [
  [
    cmd.get("./DevInfo/DevId"),
    cmd.addNode("./Vendor"),
    cmd.add("./Vendor/Color", "red"),
    cmd.replace("./Vendor/Color", "green"),
    cmd.exec("./Vendor/Missing"),
  ],
  [
    // The second Add fails (418, the node exists): everything in the Atomic is rolled back.
    cmd.atomic(cmd.add("./Vendor/Size", "XL"), cmd.add("./Vendor/Color", "again")),
    cmd.sequence(cmd.add("./Vendor/Shape", "round"), cmd.get("./Vendor/Shape")),
  ],
];

async function scriptedServer(scheme: AuthScheme, steps = managementSteps): Promise<ScriptedDmServer> {
  const server = await startScriptedDmServer({
    // A nonce the device does not know yet: its first MD5/HMAC credential fails and the server
    // challenges it (401 + Chal with a new nonce) before it gets in.
    clientAuth: {
      scheme,
      username: clientName,
      password: clientSecret,
      nonce: new TextEncoder().encode("first"),
    },
    serverAuth: { scheme, username: serverId, password: serverSecret },
    steps,
  });
  servers.push(server);
  return server;
}

function authFlags(scheme: AuthScheme) {
  return {
    client: scheme === "none" ? "none" : `${scheme}:${clientName}:${clientSecret}`,
    server: scheme === "none" ? "none" : `${scheme}:${serverId}:${serverSecret}`,
  };
}

describe("omadm client --once", () => {
  describe.each(["xml", "wbxml"] as const)("in %s", (encoding) => {
    it.each(["basic", "md5", "hmac"] as const)(
      "runs a whole management session with %s authentication both ways and exits 0",
      async (scheme) => {
        const server = await scriptedServer(scheme);
        const tree = join(tempDir(), "device.json");
        const run = await runClient([
          ...deviceFlags(server.url, tree, { ...authFlags(scheme), encoding }),
          "--once",
        ]);
        expect(run.stderr).not.toContain('"level":50');
        expect(run.code, run.stderr).toBe(0);

        const [session] = server.sessions;
        expect(server.sessions).toHaveLength(1);
        expect(session?.sessionAlert).toBe(1201);
        expect(session?.clientAuthenticated).toBe(true);
        expect(session?.serverAuthenticated).toBe(true);
        expect(session?.ended).toBe(true);
        // Every request went in the chosen encoding.
        for (const r of session?.received ?? []) {
          expect(r.headers["content-type"]).toBe(`application/vnd.syncml.dm+${encoding}`);
        }
        if (scheme !== "basic") {
          // The first credential used a nonce the server did not hand out: it was challenged.
          const first = session?.sent[0]?.body[0];
          expect(first).toMatchObject({ kind: "Status", cmd: "SyncHdr", data: 401 });
        }
        if (scheme === "hmac") {
          for (const r of session?.received ?? [])
            expect(r.headers["x-syncml-hmac"]).toMatch(/username="device-user"/);
        }

        const statuses = (session?.commands ?? []).map((c) => [c.command.kind, c.status?.data]);
        expect(statuses).toEqual([
          ["Get", 200],
          ["Add", 200],
          ["Add", 200],
          ["Replace", 200],
          ["Exec", 404],
          ["Atomic", 507],
          ["Add", 216],
          ["Add", 418],
          ["Sequence", 200],
          ["Add", 200],
          ["Get", 200],
        ]);
        const results = (session?.commands ?? []).flatMap((c) =>
          c.results.flatMap((r) => r.items.map((i) => i.data)),
        );
        expect(results).toEqual(["IMEI:490154203237518", "round"]);

        expect(await readLeaves(tree, ["./Vendor/Color", "./Vendor/Size", "./Vendor/Shape"])).toEqual([
          "green",
          undefined,
          "round",
        ]);
      },
    );
  });

  it("keeps the tree and the nonces between runs", async () => {
    const server = await scriptedServer("md5", [[cmd.addNode("./Vendor"), cmd.add("./Vendor/Counter", "1")]]);
    const tree = join(tempDir(), "device.json");
    const flags = [...deviceFlags(server.url, tree, authFlags("md5")), "--once"];
    expect((await runClient(flags)).code).toBe(0);
    expect(await readLeaves(tree, ["./Vendor/Counter"])).toEqual(["1"]);

    // The second server knows the nonces the first one handed out (one server, restarted).
    const again = await startScriptedDmServer({
      clientAuth: { scheme: "md5", username: clientName, password: clientSecret, nonce: server.clientNonce },
      serverAuth: { scheme: "md5", username: serverId, password: serverSecret, nonce: server.serverNonce },
      steps: [[cmd.get("./Vendor/Counter"), cmd.replace("./Vendor/Counter", "2")]],
    });
    servers.push(again);
    const run = await runClient([...deviceFlags(again.url, tree, authFlags("md5")), "--once"]);
    expect(run.code, run.stderr).toBe(0);
    const [session] = again.sessions;
    // Both sides used the stored nonces: no challenge this time.
    expect(session?.sent[0]?.body[0]).toMatchObject({ kind: "Status", cmd: "SyncHdr", data: 212 });
    expect(session?.commands[0]?.results[0]?.items[0]?.data).toBe("1");
    expect(await readLeaves(tree, ["./Vendor/Counter"])).toEqual(["2"]);
  });

  it("exits non-zero when the device has no credentials the server accepts", async () => {
    const server = await scriptedServer("md5");
    const tree = join(tempDir(), "device.json");
    const run = await runClient([
      ...deviceFlags(server.url, tree, {
        client: `md5:${clientName}:wrong`,
        server: authFlags("md5").server,
      }),
      "--once",
    ]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain("auth-failed");
    expect(server.sessions[0]?.commands).toEqual([]);
  });

  it("runs no command of a server that cannot authenticate itself", async () => {
    const server = await startScriptedDmServer({
      serverAuth: { scheme: "md5", username: serverId, password: "not-the-secret" },
      steps: managementSteps,
    });
    servers.push(server);
    const tree = join(tempDir(), "device.json");
    const run = await runClient([
      ...deviceFlags(server.url, tree, { server: authFlags("md5").server }),
      "--once",
    ]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain("omadm: session auth-failed");
    // Each server message was answered 401 with a Chal, never with a command's status.
    expect(
      server.sessions[0]?.commands.every((c) => c.status?.data === undefined || c.status.data === 401),
    ).toBe(true);
    expect(await readLeaves(tree, ["./Vendor/Color"])).toEqual([undefined]);
  });

  it("reads its settings from --config, with flags taking precedence", async () => {
    const server = await scriptedServer("basic", [
      [cmd.addNode("./Vendor"), cmd.add("./Vendor/FromConfig", "yes")],
    ]);
    const dir = tempDir();
    const tree = join(dir, "device.json");
    const config = join(dir, "client.json");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      config,
      JSON.stringify({
        server: "http://127.0.0.1:1/unused",
        "server-id": serverId,
        deviceId: "IMEI:490154203237518",
        tree,
        clientAuth: authFlags("basic").client,
        serverAuth: authFlags("basic").server,
        encoding: "wbxml",
      }),
    );
    const run = await runClient(["--config", config, "--server", server.url, "--once"]);
    expect(run.code, run.stderr).toBe(0);
    expect(server.sessions[0]?.received[0]?.headers["content-type"]).toBe("application/vnd.syncml.dm+wbxml");
    expect(await readLeaves(tree, ["./Vendor/FromConfig"])).toEqual(["yes"]);
  });

  it.each([
    [["--once"], "--tree is required"],
    [["--tree", "x.json", "--once", "stray"], "flags only"],
    [["--tree", "x.json", "--once", "--timeout", "-5"], "--timeout"],
    [["--tree", "x.json"], "choose one of"],
    [["--tree", "x.json", "--once", "--listen", "udp:1"], "choose one of"],
    [["--tree", "x.json", "--once", "--encoding", "json"], "--encoding"],
    [["--tree", "x.json", "--once", "--client-auth", "rot13:a:b"], "--client-auth"],
    [["--tree", "x.json", "--listen", "tcp:80"], "--listen"],
    [["--tree", "x.json", "--smsc", "127.0.0.1:9"], "--msisdn"],
  ])("refuses the usage %j with exit code 2", async (args, message) => {
    const tree = join(tempDir(), "x.json");
    const run = await runClient(args.map((a) => (a === "x.json" ? tree : a)));
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.split("\n")[0]).toContain(message);
  });

  it("needs the credentials to create a new tree from a bare scheme", async () => {
    const tree = join(tempDir(), "device.json");
    const run = await runClient([...deviceFlags("http://127.0.0.1:1/dm", tree, { client: "md5" }), "--once"]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.split("\n")[0]).toContain("needs SCHEME:NAME:SECRET");
  });
});

describe("omadm client --once and a failed Atomic", () => {
  it("leaves the persisted tree file byte-identical to the tree before the session", async () => {
    // Basic authentication both ways: no nonce rotates, so the Atomic is the session's only work.
    const prepare = await scriptedServer("basic", [
      [cmd.addNode("./Vendor"), cmd.add("./Vendor/Color", "red")],
    ]);
    const tree = join(tempDir(), "device.json");
    expect((await runClient([...deviceFlags(prepare.url, tree, authFlags("basic")), "--once"])).code).toBe(0);
    const before = await readFile(tree);

    const server = await scriptedServer("basic", [
      [
        // The first Add succeeds inside the transaction, the second fails (418): both roll back.
        cmd.atomic(
          cmd.add("./Vendor/Size", "XL"),
          cmd.replace("./Vendor/Color", "blue"),
          cmd.add("./Vendor/Color", "x"),
        ),
      ],
    ]);
    const run = await runClient([...deviceFlags(server.url, tree, authFlags("basic")), "--once"]);
    expect(run.code, run.stderr).toBe(0);
    const statuses = (server.sessions[0]?.commands ?? []).map((c) => [c.command.kind, c.status?.data]);
    expect(statuses).toEqual([
      ["Atomic", 507],
      ["Add", 216],
      ["Replace", 216],
      ["Add", 418],
    ]);
    expect(Buffer.compare(await readFile(tree), before)).toBe(0);
  });
});
