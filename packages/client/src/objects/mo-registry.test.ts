import { describe, expect, it } from "vitest";
import { dmAccountNode, moId, tndsMediaTypes, tndsToElement } from "@omadm/protocol";
import { accountsOf } from "../account/accounts-of.js";
import { dmAccountOf } from "../account/add-account.js";
import { moRegistry } from "./mo-registry.js";
import { createStarterDevice } from "./starter-device.js";

describe("the MO registry [TR-STD §7.1.3.4]", () => {
  it("places DM accounts under ./DMAcc by either identifier", () => {
    const r = moRegistry();
    expect(r.placement(moId.dmAcc, "X")).toBe("./DMAcc");
    expect(r.placement(" org.openmobilealliance/1.0/w7 ", "X")).toBe("./DMAcc");
    expect(r.placement(moId.fumo, "X")).toBeUndefined();
  });

  it("takes registrations at run time, normalizing the parent URI", () => {
    const r = moRegistry();
    r.register(moId.fumo, "FUMO");
    expect(r.placement(moId.fumo, "fw")).toBe("./FUMO");
    r.register(moId.fumo, "./Vendor/FUMO");
    expect(r.parentOf(moId.fumo)).toBe("./Vendor/FUMO");
    expect(r.moids()).toEqual([moId.dmAcc, "org.openmobilealliance/1.0/w7", moId.fumo]);
  });

  it("relocates an account a server adds into ./Inbox, and refuses MOs it does not know (415)", () => {
    const manager = "com.first.dm";
    const tree = createStarterDevice({
      devId: "IMEI:1",
      man: "Acme",
      mod: "R1",
      account: { serverId: manager, serverUrl: "https://first/" },
    });
    const node = dmAccountNode(dmAccountOf({ serverId: "via.inbox", serverUrl: "https://v/" }), "ViaInbox");
    const data = tndsToElement({ verDtd: "1.2", nodes: [node] });
    const tnds = { format: "xml", type: tndsMediaTypes.tndsXml, data };
    expect(tree.add("./Inbox", tnds, "someone.else").status).toBe(425);
    expect(tree.add("./Inbox", tnds, manager)).toEqual({ status: 200, uri: "./DMAcc/ViaInbox" });
    expect(accountsOf(tree).byServerId("via.inbox")?.accountUri).toBe("./DMAcc/ViaInbox");
    expect(tree.add("./Inbox/Fw", { format: "node", type: moId.fumo }, manager).status).toBe(415);
  });
});
