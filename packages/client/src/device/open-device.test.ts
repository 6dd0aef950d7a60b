import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { el, OmaDmError } from "@omadm/protocol";
import type { StarterDeviceOptions } from "../objects/starter-device.js";
import { openDevice } from "./open-device.js";

const clock = () => new Date(Date.UTC(2024, 4, 6, 7, 8, 9));
const starter: StarterDeviceOptions = {
  devId: "IMEI:001",
  man: "Acme",
  mod: "R1",
  account: {
    serverId: "srv",
    serverUrl: "https://dm.example/",
    clientAuth: { type: "DIGEST", name: "u", secret: "p" },
    serverAuth: { type: "DIGEST", name: "srv", secret: "s" },
  },
};

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "omadm-device-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("openDevice", () => {
  it("creates the starter device when the tree file does not exist, and saves it at once", async () => {
    const path = join(dir, "sub", "device.tree");
    const device = await openDevice(path, { starter, clock });
    expect(device.created).toBe(true);
    expect(device.paths).toEqual({ tree: path, alerts: `${path}.alerts.json` });
    expect(device.accounts.list().map((a) => a.serverId)).toEqual(["srv"]);
    await device.close();
    const again = await openDevice(path, { starter, clock });
    expect(again.created).toBe(false);
    expect(again.tree.exportState()).toEqual(device.tree.exportState());
    await again.close();
  });

  it("refuses a missing device without a starter", async () => {
    await expect(openDevice(join(dir, "none"))).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });

  it("keeps its files in a directory when given one", async () => {
    const device = await openDevice(dir, { starter, clock });
    expect(device.paths).toEqual({ tree: join(dir, "tree.json"), alerts: join(dir, "alerts.json") });
    await device.close();
  });

  it("loads back exactly the tree it saved, with the DDF still enforced", async () => {
    const path = join(dir, "d.tree");
    const device = await openDevice(path, { starter, clock });
    expect(device.tree.add("./Vendor", { format: "node" }, "srv").status).toBe(200);
    expect(
      device.tree.add("./Vendor/Blob", { format: "bin", data: new Uint8Array([0, 1, 2]) }, "srv").status,
    ).toBe(200);
    device.accounts.setClientNonce("srv", new Uint8Array([7, 7]));
    await device.save();
    const saved = device.tree.exportState();
    await device.close();
    const reopened = await openDevice(path, { clock });
    expect(reopened.tree.exportState()).toEqual(saved);
    expect(reopened.accounts.byServerId("srv")?.client?.nonce).toEqual(new Uint8Array([7, 7]));
    expect(reopened.tree.get("./DMAcc/srv/AppAuth/CLCRED/AAuthSecret", "srv").status).toBe(405);
    expect(reopened.tree.replace("./DevInfo/DevId", { data: "x" }, "srv").status).toBe(425);
    await reopened.close();
  });

  it("leaves the tree file byte-identical after a rolled-back transaction", async () => {
    const path = join(dir, "d.tree");
    const device = await openDevice(path, { starter, clock });
    await device.save();
    const before = await readFile(path);
    const tx = device.tree.begin();
    expect(device.tree.add("./Vendor", { format: "node" }, "srv").status).toBe(200);
    expect(device.tree.replace("./DMAcc/srv/AppAddr/1/Addr", { data: "https://moved/" }, "srv").status).toBe(
      200,
    );
    const saving = device.save(); // waits for the transaction to end
    expect(tx.rollback().status).toBe(200);
    await saving;
    expect(Buffer.compare(await readFile(path), before)).toBe(0);
    await device.close();
    expect(Buffer.compare(await readFile(path), before)).toBe(0);
  });

  it("writes a committed transaction", async () => {
    const path = join(dir, "d.tree");
    const device = await openDevice(path, { starter, clock });
    const before = await readFile(path);
    const tx = device.tree.begin();
    device.tree.add("./Vendor", { format: "node" }, "srv");
    tx.commit();
    await device.save();
    expect(Buffer.compare(await readFile(path), before)).not.toBe(0);
    await device.close();
    const reopened = await openDevice(path, { clock });
    expect(reopened.tree.get("./Vendor", "srv").status).toBe(200);
    await reopened.close();
  });
});

describe("the persisted alert queue", () => {
  it("keeps pending alerts across restarts until they are acknowledged", async () => {
    const path = join(dir, "d.tree");
    const device = await openDevice(path, { starter, clock });
    const a = device.alerts.add({
      serverId: "srv",
      alert: 1226,
      correlator: "c-1",
      items: [
        {
          source: { locUri: "./FUMO/x/Update" },
          meta: { format: "int", type: "org.openmobilealliance.dm.firmwareupdate.update", mark: "critical" },
          data: "200",
        },
      ],
    });
    const b = device.alerts.add({
      alert: 1224,
      items: [
        { meta: { type: "x-vendor/bytes", size: 3 }, data: new Uint8Array([1, 2, 3]) },
        {
          meta: { format: "xml" },
          data: el("Doc", "urn:x", ["text", el("Child", "urn:x")], [{ name: "a", value: "1" }]),
        },
      ],
    });
    await device.close();

    const second = await openDevice(path, { clock });
    expect(second.alerts.pending("srv")).toEqual([a, b]);
    expect(second.alerts.pending("other")).toEqual([b]);
    second.alerts.acknowledge([a.id]);
    const c = second.alerts.add({ alert: 1224, items: [] });
    expect([a.id, b.id]).not.toContain(c.id);
    await second.close();

    const third = await openDevice(path, { clock });
    expect(third.alerts.all()).toEqual([b, c]);
    await third.close();
  });

  it("refuses a damaged alert file", async () => {
    const path = join(dir, "d.tree");
    const device = await openDevice(path, { starter, clock });
    device.alerts.add({ alert: 1224, items: [] });
    await device.close();
    await writeFile(
      `${path}.alerts.json`,
      '{"format":"omadm-alerts","version":1,"nextId":2,"alerts":[{"id":"a1"',
    );
    const err: unknown = await openDevice(path, { clock }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OmaDmError);
    expect(err).toMatchObject({ code: "ALERT_FILE_INVALID" });
  });
});
