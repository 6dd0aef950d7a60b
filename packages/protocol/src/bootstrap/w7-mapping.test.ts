import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { OmaDmError } from "../errors.js";
import { cpCharacteristic, cpCharacteristicsOf, cpParm } from "./cp-document.js";
import { decodeCp } from "./cp-encoding.js";
import type { DmAccount } from "./dm-account.js";
import { dmAccountFromW7, isW7Application, w7FromDmAccount } from "./w7-mapping.js";

const ascii = (s: string) => new TextEncoder().encode(s);

/** The wap-provisioningdoc a Windows enrollment server returned (base64 in the SOAP reply). */
function fleetProvisioningDoc(): Uint8Array {
  const dump = readFileSync(
    new URL("../../../../../shared/fixtures/fleet/misc/mdm_ngrok_comm_dump.txt", import.meta.url),
    "utf8",
  );
  const m = /DeviceEnrollmentProvisionDoc"[^>]*>([A-Za-z0-9+/=\s]+)</.exec(dump);
  if (m?.[1] === undefined) throw new Error("no provisioning doc in the dump");
  return new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ""), "base64"));
}

describe("w7 APPLICATION -> DMAcc [TR-STD appendix s.app.1]", () => {
  it("maps the w7 account of a real Windows enrollment", () => {
    const doc = decodeCp(fleetProvisioningDoc());
    const apps = cpCharacteristicsOf(doc, "APPLICATION").filter(isW7Application);
    expect(apps).toHaveLength(1);
    expect(dmAccountFromW7(apps[0]!)).toEqual({
      serverId: "DEMO MDM",
      name: "FleetDM Demo Server - Windows",
      appAddrs: [{ addr: "https://windows.fleetdm.ngrok.io/ManagementServer/MDM.svc" }],
      appAuths: [
        { level: "SRVCRED", type: "DIGEST", secret: "dummy", data: ascii("nonce") },
        { level: "CLCRED", type: "DIGEST", name: "dummy", secret: "dummy", data: ascii("nonce") },
      ],
    });
  });

  it("maps every field of the table", () => {
    const app = cpCharacteristic("APPLICATION", [
      cpParm("APPID", "w7"),
      cpParm("PROVIDER-ID", "com.mgmtsrv.manage"),
      cpParm("NAME", "Mgmt Server"),
      cpParm("TO-PROXY", "PROXY1"),
      cpParm("TO-NAPID", "NAP1"),
      cpCharacteristic("APPADDR", [
        cpParm("ADDR", "10.0.0.1"),
        cpParm("ADDRTYPE", "IPv4"),
        cpCharacteristic("PORT", [cpParm("PORTNBR", "443")]),
        cpCharacteristic("PORT", [cpParm("PORTNBR", "8080")]),
      ]),
      cpCharacteristic("APPAUTH", [
        cpParm("AAUTHLEVEL", "APPSRV"),
        cpParm("AAUTHTYPE", "HMAC"),
        cpParm("AAUTHNAME", "dev"),
        cpParm("AAUTHSECRET", "s1"),
        cpParm("AAUTHDATA", "ZG9iZWhhdmUNCg=="),
      ]),
      cpCharacteristic("APPAUTH", [cpParm("AAUTHLEVEL", "CLIENT"), cpParm("AAUTHSECRET", "s2")]),
      cpCharacteristic("APPAUTH", [cpParm("AAUTHLEVEL", "OBEX"), cpParm("AAUTHTYPE", "BASIC")]),
      cpCharacteristic("APPAUTH", [cpParm("AAUTHLEVEL", "SOMETHING-ELSE")]),
    ]);
    expect(dmAccountFromW7(app)).toEqual({
      serverId: "com.mgmtsrv.manage",
      name: "Mgmt Server",
      toConRefs: ["PROXY1", "NAP1"],
      appAddrs: [{ addr: "10.0.0.1", addrType: "IPv4", ports: [443, 8080] }],
      appAuths: [
        { level: "CLCRED", type: "HMAC", name: "dev", secret: "s1", data: ascii("dobehave\r\n") },
        { level: "SRVCRED", secret: "s2" },
        { level: "OBEX", type: "BASIC" },
      ],
    });
  });

  it("puts a single connectivity reference in PrefConRef", () => {
    const app = cpCharacteristic("APPLICATION", [
      cpParm("APPID", "w7"),
      cpParm("PROVIDER-ID", "s"),
      cpParm("TO-NAPID", "NAP1"),
    ]);
    expect(dmAccountFromW7(app).prefConRef).toBe("NAP1");
  });

  it.each([
    ["another APPID", [cpParm("APPID", "w4"), cpParm("PROVIDER-ID", "s")]],
    ["no PROVIDER-ID", [cpParm("APPID", "w7")]],
    [
      "a PORTNBR that is no port",
      [
        cpParm("APPID", "w7"),
        cpParm("PROVIDER-ID", "s"),
        cpCharacteristic("APPADDR", [
          cpParm("ADDR", "a"),
          cpCharacteristic("PORT", [cpParm("PORTNBR", "70000")]),
        ]),
      ],
    ],
  ])("refuses %s with CP_INVALID", (_, children) => {
    try {
      dmAccountFromW7(cpCharacteristic("APPLICATION", children));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(OmaDmError);
      expect((e as OmaDmError).code).toBe("CP_INVALID");
    }
  });
});

describe("DMAcc -> w7", () => {
  it("writes AppAuth levels back as APPSRV and CLIENT and refuses HTTP", () => {
    const account: DmAccount = {
      serverId: "s",
      appAddrs: [{ addr: "https://s" }],
      appAuths: [{ level: "CLCRED" }, { level: "SRVCRED" }],
    };
    const app = w7FromDmAccount(account);
    const levels = cpCharacteristicsOf(app, "APPAUTH").map((a) => a.children[0]);
    expect(levels).toEqual([cpParm("AAUTHLEVEL", "APPSRV"), cpParm("AAUTHLEVEL", "CLIENT")]);
    expect(() => w7FromDmAccount({ ...account, appAuths: [{ level: "HTTP" }] })).toThrow(/HTTP/);
  });

  const text = fc.string({ minLength: 1, maxLength: 12 });
  const account: fc.Arbitrary<DmAccount> = fc
    .record({
      serverId: text,
      name: fc.option(text, { nil: undefined }),
      refs: fc.array(text, { maxLength: 3 }),
      appAddrs: fc.array(
        fc.record(
          {
            addr: text,
            addrType: fc.constantFrom("URI", "IPv4", "IPv6"),
            ports: fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 1, maxLength: 2 }),
          },
          { requiredKeys: ["addr"] },
        ),
        { maxLength: 2 },
      ),
      appAuths: fc.array(
        fc.record(
          {
            level: fc.constantFrom<"CLCRED" | "SRVCRED" | "OBEX">("CLCRED", "SRVCRED", "OBEX"),
            type: fc.constantFrom("BASIC", "DIGEST", "HMAC"),
            name: text,
            secret: text,
            data: fc.uint8Array({ maxLength: 16 }),
          },
          { requiredKeys: ["level"] },
        ),
        { maxLength: 3 },
      ),
    })
    .map(({ refs, name, ...rest }) => ({
      ...rest,
      ...(name === undefined ? {} : { name }),
      ...(refs.length === 1 ? { prefConRef: refs[0]! } : {}),
      ...(refs.length > 1 ? { toConRefs: refs } : {}),
    }));

  it("maps any account to w7 and back unchanged", () => {
    fc.assert(fc.property(account, (a) => void expect(dmAccountFromW7(w7FromDmAccount(a))).toEqual(a)));
  });
});
