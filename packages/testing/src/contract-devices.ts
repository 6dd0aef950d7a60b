import type { Device } from "@omadm/server";
import { describe, expect, it } from "vitest";
import type { Ctx } from "./contract-context.js";
import { expectCode, hasNoUndefined, md5Auth, newDevice } from "./contract-context.js";

export function deviceContract(ctx: Ctx): void {
  describe("devices", () => {
    it("creates a device with defaults and reads it back", async () => {
      const { store, clock } = ctx();
      const created = await store.devices.create(newDevice("IMEI:490154203237518"));
      const expected: Device = {
        id: "IMEI:490154203237518",
        clientAuth: md5Auth,
        clientNonce: "",
        serverNonce: "",
        authFailures: 0,
        createdAt: clock.now(),
      };
      expect(created).toEqual(expected);
      expect(hasNoUndefined(created)).toBe(true);
      expect(await store.devices.get("IMEI:490154203237518")).toEqual(expected);
    });

    it("keeps every field of a fully described device", async () => {
      const { store } = ctx();
      const full = newDevice("MAC:00AA", {
        name: "Kitchen gateway",
        msisdn: "+4915112345678",
        notify: { kind: "ppg", address: "+4915112345678" },
        clientAuth: { scheme: "hmac", username: "gw", secretHash: "aGFzaA==" },
        serverAuth: { scheme: "basic", serverId: "omadm", secretHash: "c2g=", secretPlain: "s3cret" },
        clientNonce: "bm9uY2Ux",
        clientNonceAt: 1234,
        serverNonce: "bm9uY2Uy",
        devInfo: { DevId: "MAC:00AA", Man: "Acme", Mod: "GW-1", DmV: "1.2", Lang: "en", "Ext/Foo": "x" },
        autoProvisioned: true,
      });
      const created = await store.devices.create(full);
      const { id: _id, ...rest } = full;
      expect(created).toMatchObject(rest);
      expect(await store.devices.get("MAC:00AA")).toEqual(created);
    });

    it("refuses a second device with the same id", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("IMEI:1"));
      await expectCode(store.devices.create(newDevice("IMEI:1", { name: "again" })), "STORE_CONFLICT");
      expect((await store.devices.get("IMEI:1"))?.name).toBeUndefined();
    });

    it("answers undefined for an unknown device", async () => {
      const { store } = ctx();
      expect(await store.devices.get("IMEI:404")).toBeUndefined();
      expect(await store.devices.update("IMEI:404", { name: "x" })).toBeUndefined();
      expect(await store.devices.recordAuthFailure("IMEI:404")).toBeUndefined();
      expect(await store.devices.delete("IMEI:404")).toBe(false);
    });

    it("updates the fields a patch names and leaves the others", async () => {
      const { store, clock } = ctx();
      await store.devices.create(newDevice("IMEI:1", { name: "a", msisdn: "+1" }));
      clock.advance(1000);
      const updated = await store.devices.update("IMEI:1", {
        clientNonce: "bmV4dA==",
        clientNonceAt: clock.now(),
        serverNonce: "c2VydmVy",
        authFailures: 3,
        lockedUntil: clock.now() + 60_000,
        devInfo: { Mod: "X1" },
        lastSeenAt: clock.now(),
        name: undefined,
      });
      expect(updated).toMatchObject({
        name: "a",
        msisdn: "+1",
        clientNonce: "bmV4dA==",
        clientNonceAt: clock.now(),
        serverNonce: "c2VydmVy",
        authFailures: 3,
        lockedUntil: clock.now() + 60_000,
        devInfo: { Mod: "X1" },
        lastSeenAt: clock.now(),
      });
      expect(await store.devices.get("IMEI:1")).toEqual(updated);
    });

    it("clears optional fields patched with null", async () => {
      const { store } = ctx();
      await store.devices.create(
        newDevice("IMEI:1", {
          name: "a",
          notify: { kind: "udp", address: "10.0.0.1:2948" },
          autoProvisioned: true,
        }),
      );
      await store.devices.update("IMEI:1", {
        lockedUntil: 99,
        serverAuth: { scheme: "md5", serverId: "s", secretHash: "h" },
      });
      const cleared = await store.devices.update("IMEI:1", {
        name: null,
        notify: null,
        lockedUntil: null,
        serverAuth: null,
        autoProvisioned: null,
      });
      expect(cleared).toBeDefined();
      for (const key of ["name", "notify", "lockedUntil", "serverAuth", "autoProvisioned"]) {
        expect(cleared).not.toHaveProperty(key);
      }
      expect(hasNoUndefined(cleared as Device)).toBe(true);
    });

    it("returns the device unchanged for an empty patch", async () => {
      const { store } = ctx();
      const created = await store.devices.create(newDevice("IMEI:1"));
      expect(await store.devices.update("IMEI:1", {})).toEqual(created);
    });

    it("refuses to clear a required field", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("IMEI:1"));
      await expectCode(
        store.devices.update("IMEI:1", { clientAuth: null } as unknown as Parameters<
          typeof store.devices.update
        >[1]),
        "INVALID_ARGUMENT",
      );
    });

    it("counts authentication failures and locks the device at the threshold", async () => {
      const { store, clock } = ctx();
      await store.devices.create(newDevice("IMEI:1"));
      const lock = { threshold: 3, until: clock.now() + 900_000 };
      expect(await store.devices.recordAuthFailure("IMEI:1", lock)).toMatchObject({ authFailures: 1 });
      expect(await store.devices.recordAuthFailure("IMEI:1", lock)).not.toHaveProperty("lockedUntil");
      expect(await store.devices.recordAuthFailure("IMEI:1", lock)).toMatchObject({
        authFailures: 3,
        lockedUntil: lock.until,
      });
      expect(await store.devices.recordAuthFailure("IMEI:1")).toMatchObject({
        authFailures: 4,
        lockedUntil: lock.until,
      });
    });

    it("counts every one of many simultaneous authentication failures", async () => {
      const { store } = ctx();
      await store.devices.create(newDevice("IMEI:1"));
      await Promise.all(Array.from({ length: 20 }, () => store.devices.recordAuthFailure("IMEI:1")));
      expect((await store.devices.get("IMEI:1"))?.authFailures).toBe(20);
    });

    it("lists devices ordered by id, page by page, without loss or repetition", async () => {
      const { store } = ctx();
      const ids = Array.from({ length: 23 }, (_, i) => `IMEI:${String(1000 + ((i * 7) % 23))}`);
      for (const id of ids) await store.devices.create(newDevice(id));
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.devices.list({}, { limit: 5, ...(cursor === undefined ? {} : { cursor }) });
        expect(page.items.length).toBeLessThanOrEqual(5);
        seen.push(...page.items.map((d) => d.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== undefined);
      expect(seen).toEqual([...ids].sort());
      expect(pages).toBe(5);
      expect((await store.devices.list()).items).toHaveLength(23);
      expect(await store.devices.count()).toBe(23);
    });

    it("ends the last full page without a cursor when nothing follows", async () => {
      const { store } = ctx();
      for (const id of ["a", "b", "c", "d"]) await store.devices.create(newDevice(id));
      const first = await store.devices.list({}, { limit: 2 });
      const second = await store.devices.list({}, { limit: 2, cursor: first.nextCursor as string });
      expect(second.items.map((d) => d.id)).toEqual(["c", "d"]);
      expect(second.nextCursor).toBeUndefined();
    });

    it("refuses a cursor it did not make", async () => {
      const { store } = ctx();
      await expectCode(store.devices.list({}, { cursor: "not-a-cursor" }), "INVALID_ARGUMENT");
    });

    it("filters devices by text, auto-provisioning, last contact and DevInfo", async () => {
      const { store, clock } = ctx();
      await store.devices.create(
        newDevice("IMEI:111", { name: "Kitchen Gateway", devInfo: { Mod: "GW-1", Man: "Acme" } }),
      );
      await store.devices.create(
        newDevice("IMEI:222", { autoProvisioned: true, devInfo: { Mod: "GW-2", Man: "Acme" } }),
      );
      await store.devices.create(newDevice("MAC:333", { name: "kitchen sensor" }));
      await store.devices.update("IMEI:222", { lastSeenAt: clock.now() + 10 });
      await store.devices.update("MAC:333", { lastSeenAt: clock.now() - 10 });
      const ids = async (filter: Parameters<typeof store.devices.list>[0]) =>
        (await store.devices.list(filter)).items.map((d) => d.id);
      expect(await ids({ search: "KITCHEN" })).toEqual(["IMEI:111", "MAC:333"]);
      expect(await ids({ search: "imei:2" })).toEqual(["IMEI:222"]);
      expect(await ids({ search: "50%_" })).toEqual([]);
      expect(await ids({ autoProvisioned: true })).toEqual(["IMEI:222"]);
      expect(await ids({ autoProvisioned: false })).toEqual(["IMEI:111", "MAC:333"]);
      expect(await ids({ seenSince: clock.now() })).toEqual(["IMEI:222"]);
      expect(await ids({ devInfo: { Man: "Acme" } })).toEqual(["IMEI:111", "IMEI:222"]);
      expect(await ids({ devInfo: { Man: "Acme", Mod: "GW-2" } })).toEqual(["IMEI:222"]);
      expect(await ids({ devInfo: { Mod: "GW-3" } })).toEqual([]);
      expect(await ids({ search: "imei", devInfo: { Mod: "GW-1" } })).toEqual(["IMEI:111"]);
      expect(await store.devices.count({ devInfo: { Man: "Acme" } })).toBe(2);
    });

    it("deletes a device with its commands, sessions and notification attempts, keeping its events", async () => {
      const { store, clock } = ctx();
      await store.devices.create(newDevice("IMEI:1"));
      await store.devices.create(newDevice("IMEI:2"));
      const command = await store.commands.enqueue("IMEI:1", { kind: "Get", uri: "./DevInfo/Mod" });
      const other = await store.commands.enqueue("IMEI:2", { kind: "Get", uri: "./DevInfo/Mod" });
      await store.sessions.create({
        token: "t1",
        deviceId: "IMEI:1",
        sessionId: "1",
        state: {},
        expiresAt: clock.now() + 1000,
      });
      await store.notifications.append({ deviceId: "IMEI:1", channel: "udp", attempt: 1, outcome: "sent" });
      const event = await store.events.append({
        deviceId: "IMEI:1",
        kind: "device",
        data: { created: true },
      });
      expect(await store.devices.delete("IMEI:1")).toBe(true);
      expect(await store.devices.get("IMEI:1")).toBeUndefined();
      expect(await store.commands.get(command.id)).toBeUndefined();
      expect(await store.commands.get(other.id)).toBeDefined();
      expect(await store.sessions.get("t1")).toBeUndefined();
      expect(await store.notifications.list("IMEI:1")).toEqual([]);
      expect(await store.events.list({ deviceId: "IMEI:1" })).toEqual([event]);
      expect(await store.devices.delete("IMEI:1")).toBe(false);
    });
  });
}
