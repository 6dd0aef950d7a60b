// A server that misbehaves (garbage, an empty body, a dropped connection, HTTP 500, a session
// that never ends, silence, nobody listening) or an HTTPS server the device cannot trust: the
// client always ends the session, exits non-zero from --once, and its tree file still loads.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  startScriptedDmServer,
  type Misbehaviour,
  type ScriptedDmServer,
} from "../support/scripted-dm-server.js";
import { makeTestCertificates, type TestCertificates } from "../support/test-certificates.js";
import { cmd, deviceFlags, readLeaves, runClient, tempDir } from "./client-e2e-helpers.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function track(server: Promise<ScriptedDmServer>): Promise<ScriptedDmServer> {
  const s = await server;
  cleanups.push(() => s.close());
  return s;
}

describe("omadm client --once against a misbehaving server", () => {
  it.each<[Misbehaviour, number, string]>([
    ["garbage", 1, "failed"],
    ["empty", 1, "failed"],
    ["close", 1, "transport network"],
    ["http-500", 1, "transport http-status"],
    ["garbage", 2, "failed"],
    ["http-500", 2, "transport http-status"],
    ["close", 2, "transport network"],
  ])(
    "ends cleanly with exit 1 when the server sends %s from message %i",
    async (kind, atMessage, expected) => {
      const server = await track(
        startScriptedDmServer({
          misbehave: { kind, atMessage },
          steps: [[cmd.get("./DevInfo/DevId")], [cmd.get("./DevInfo/Man")]],
        }),
      );
      const tree = join(tempDir(), "device.json");
      const run = await runClient([...deviceFlags(server.url, tree), "--once"]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain(`omadm: session`);
      expect(run.stderr).toContain(expected);
      // The device is intact and can be opened again.
      expect(await readLeaves(tree, ["./DevInfo/DevId"])).toEqual(["IMEI:490154203237518"]);
    },
  );

  it("aborts a session the server never ends once the message bound is reached", async () => {
    const server = await track(startScriptedDmServer({ misbehave: { kind: "never-end" } }));
    const tree = join(tempDir(), "device.json");
    const run = await runClient([...deviceFlags(server.url, tree), "--max-messages", "5", "--once"]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain("omadm: session aborted");
    const session = server.sessions[0];
    expect(session?.received.length).toBeLessThanOrEqual(8);
    // The client said goodbye with Alert 1223 in its last message. [TR-PRO §2.3.1]
    const last = session?.received.at(-1)?.message;
    expect(last?.body.some((c) => c.kind === "Alert" && c.data === 1223)).toBe(true);
  });

  it("gives up on a server that never answers after --timeout", async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          silent.closeAllConnections();
          silent.close(() => r());
        }),
    );
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/dm`;
    const run = await runClient([
      ...deviceFlags(url, join(tempDir(), "device.json")),
      "--timeout",
      "300",
      "--once",
    ]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain("transport timeout");
  });

  it("exits 1 when nobody listens at the server address", async () => {
    const server = await startScriptedDmServer();
    const url = server.url;
    await server.close();
    const run = await runClient([...deviceFlags(url, join(tempDir(), "device.json")), "--once"]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain("transport network");
  });
});

describe("omadm client --once over HTTPS", () => {
  let pki: TestCertificates;
  beforeAll(() => {
    pki = makeTestCertificates();
  });

  async function tlsServer(): Promise<ScriptedDmServer> {
    return track(
      startScriptedDmServer({
        tls: { key: pki.serverKeyPem, cert: pki.serverCertPem },
        steps: [[cmd.addNode("./Vendor"), cmd.add("./Vendor/OverTls", "yes")]],
      }),
    );
  }

  it("trusts the server whose certificate the --ca bundle signed", async () => {
    const server = await tlsServer();
    expect(server.url.startsWith("https://localhost:")).toBe(true);
    const tree = join(tempDir(), "device.json");
    const run = await runClient([...deviceFlags(server.url, tree), "--ca", pki.caFile, "--once"]);
    expect(run.code, run.stderr).toBe(0);
    expect(await readLeaves(tree, ["./Vendor/OverTls"])).toEqual(["yes"]);
  });

  it("refuses the same server without --ca and sends it nothing", async () => {
    const server = await tlsServer();
    const tree = join(tempDir(), "device.json");
    const run = await runClient([...deviceFlags(server.url, tree), "--once"]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain("transport tls");
    expect(server.sessions).toHaveLength(0);
  });
});
