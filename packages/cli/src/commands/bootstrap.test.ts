import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  bootstrapKey,
  bootstrapSecurityOf,
  decodeCp,
  decodeSyncML,
  decodeWspPush,
  isW7Application,
  userPassHash,
  verifyBootstrapMac,
} from "@omadm/protocol";
import { openSqliteStore } from "@omadm/store-sqlite";
import { afterEach, describe, expect, it, vi } from "vitest";
import { bootstrapCommand } from "./bootstrap.js";

const imsi = "001010123456789";
const deviceId = "IMEI:490154203237518";
const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "omadm-bootstrap-"));
  dirs.push(dir);
  const store = await openSqliteStore({ path: join(dir, "omadm.db") });
  await store.devices.create({
    id: deviceId,
    msisdn: "+15551234567",
    clientAuth: { scheme: "md5", username: "dev", secretHash: userPassHash("dev", "old") },
  });
  await store.close();
  return dir;
}

function captureStdout(): () => string {
  let out = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  return () => out;
}

describe("omadm bootstrap", () => {
  it("writes a DM-profile bootstrap file offline and stores the credentials it hands out", async () => {
    const dir = await dataDir();
    const file = join(dir, "bootstrap.wbxml");
    const out = captureStdout();
    const code = await bootstrapCommand([
      deviceId,
      "--profile",
      "dm",
      "--security",
      "netwpin",
      "--imsi",
      imsi,
      "--client-secret",
      "client-s",
      "-o",
      file,
      "--data-dir",
      dir,
      "--server-id",
      "omadm.test",
      "--server-url",
      "https://dm.test/dm",
    ]);
    expect(code).toBe(0);
    const mac = /MAC=([0-9A-F]{40})/.exec(out())?.[1];
    expect(out()).toContain("SEC=NETWPIN");
    expect(out()).toContain("new server secret generated");
    const doc = new Uint8Array(readFileSync(file));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(verifyBootstrapMac(bootstrapKey("NETWPIN", { imsi }), doc, mac!)).toBe(true);
    expect(decodeSyncML(doc).header.source?.locUri).toBe("https://dm.test/dm");
    const store = await openSqliteStore({ path: join(dir, "omadm.db") });
    try {
      const device = await store.devices.get(deviceId);
      expect(device?.clientAuth.secretHash).toBe(userPassHash("dev", "client-s"));
      expect(device?.serverAuth?.serverId).toBe("omadm.test");
      expect(device?.serverNonce).not.toBe("");
    } finally {
      await store.close();
    }
  });

  it("writes a CP document as a WSP push PDU carrying SEC and MAC with --format pdu", async () => {
    const dir = await dataDir();
    const file = join(dir, "cp.pdu");
    captureStdout();
    const args = [deviceId, "--profile", "cp", "--security", "userpin", "--pin", "1234", "-o", file];
    expect(await bootstrapCommand([...args, "--format", "pdu", "--data-dir", dir])).toBe(0);
    const push = decodeWspPush(new Uint8Array(readFileSync(file)));
    const { sec, mac } = bootstrapSecurityOf(push.contentType);
    expect(sec).toBe("USERPIN");
    expect(verifyBootstrapMac(bootstrapKey("USERPIN", { pin: "1234" }), push.body, mac!)).toBe(true);
    expect(decodeCp(push.body).characteristics.some(isW7Application)).toBe(true);
  });

  it("asks a running server to push it with --push", async () => {
    const seen: { url?: string; auth?: string; body?: unknown }[] = [];
    const server = createServer((req, res) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString()));
      req.on("end", () => {
        seen.push({ url: req.url!, auth: req.headers.authorization!, body: JSON.parse(text) });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ outcome: "sent", sec: "NETWPIN", mac: "AB".repeat(20) }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const out = captureStdout();
      const { port } = server.address() as AddressInfo;
      const code = await bootstrapCommand([
        deviceId,
        "--profile",
        "dm",
        "--security",
        "netwpin",
        "--imsi",
        imsi,
        "--push",
        "--api",
        `http://127.0.0.1:${port}`,
        "--token",
        "T",
      ]);
      expect(code).toBe(0);
      expect(out()).toContain("bootstrap sent (SEC=NETWPIN");
      expect(seen).toEqual([
        {
          url: `/api/devices/${encodeURIComponent(deviceId)}/bootstrap`,
          auth: "Bearer T",
          body: { profile: "dm", security: { method: "NETWPIN", imsi } },
        },
      ]);
    } finally {
      server.close();
    }
  });

  it.each([
    [["--profile", "dm"], /-o FILE or --push/],
    [["--profile", "xx", "--push"], /--profile/],
    [["--profile", "dm", "--push"], /needs --security/],
    [["--profile", "dm", "--security", "netwpin", "--push"], /needs --imsi/],
    [["--profile", "dm", "--security", "userpin", "-o", "f"], /needs --pin/],
    [["--profile", "dm", "-o", "f", "--format", "pdu"], /pdu needs --security/],
  ])("refuses %j", async (args, message) => {
    await expect(bootstrapCommand([deviceId, ...args])).rejects.toThrow(message);
  });
});
