/**
 * Package 1 messages (client to server) [TR-PRO §2.3.3]: session alerts, DevInfo, credentials,
 * MaxMsgSize/MaxObjSize, and the client alerts that may ride along (1224, 1226).
 */
import type { CorpusMessage } from "./corpus-message.js";
import { basicCred, clientHeader, devInfoItems, md5Cred, server } from "./corpus-builders.js";

export const setupMessages: readonly CorpusMessage[] = [
  {
    name: "pkg1-client-initiated-basic-auth",
    covers:
      "Package 1, client-initiated: Alert 1201, Replace of ./DevInfo (Source Items), basic Cred, MaxMsgSize and MaxObjSize in the header Meta",
    message: {
      header: clientHeader("1", 1, {
        cred: basicCred("device-user", "device-secret"),
        meta: { maxMsgSize: 16384, maxObjSize: 524288 },
      }),
      body: [
        { kind: "Alert", cmdId: 1, data: 1201, items: [] },
        { kind: "Replace", cmdId: 2, items: devInfoItems() },
      ],
      final: true,
    },
  },
  {
    name: "pkg1-server-initiated-md5-auth",
    covers:
      "Package 1 after a Package 0: Alert 1200, hex SessionID from the notification, MD5 Cred with the user in Source LocName, MaxMsgSize 5000",
    message: {
      header: clientHeader("4D2", 1, {
        source: { locUri: "IMEI:493005100592800", locName: "device-user" },
        cred: md5Cred("Zz6EivR3yeaaENcRN6lpAQ=="),
        meta: { maxMsgSize: 5000, maxObjSize: 65536 },
      }),
      body: [
        { kind: "Alert", cmdId: 1, data: 1200, items: [] },
        { kind: "Replace", cmdId: 2, items: devInfoItems() },
      ],
      final: true,
    },
  },
  {
    name: "pkg1-generic-alert-fumo",
    covers:
      "Package 1 carrying a Generic Alert 1226 for FUMO: Correlator, Source ./FwUpdate/... , Meta Type reversed-domain, Format int, Mark critical",
    message: {
      header: clientHeader("2A", 1, { cred: basicCred("device-user", "device-secret") }),
      body: [
        { kind: "Alert", cmdId: 1, data: 1201, items: [] },
        { kind: "Replace", cmdId: 2, items: devInfoItems() },
        {
          kind: "Alert",
          cmdId: 3,
          data: 1226,
          correlator: "fumo-job-0042",
          items: [
            {
              source: { locUri: "./FwUpdate/Pkg1/DownloadAndUpdate" },
              meta: {
                type: "org.openmobilealliance.dm.firmwareupdate.downloadandupdate",
                format: "int",
                mark: "critical",
              },
              data: "200",
            },
          ],
        },
      ],
      final: true,
    },
  },
  {
    name: "pkg1-client-event-1224",
    covers:
      "Package 1 with a client event Alert 1224 holding two independent events, each Item with Meta Type and Format",
    message: {
      header: clientHeader("2B", 1),
      body: [
        { kind: "Alert", cmdId: 1, data: 1201, items: [] },
        {
          kind: "Alert",
          cmdId: 2,
          data: 1224,
          items: [
            { meta: { type: "com.example/MDM/LoginStatus", format: "chr" }, data: "user" },
            { meta: { type: "com.example/MDM/Battery", format: "int" }, data: "87" },
          ],
        },
        { kind: "Replace", cmdId: 3, items: devInfoItems() },
      ],
      final: true,
    },
  },
  {
    name: "pkg1-retry-md5-with-emi",
    covers:
      "Package 1 resent (MsgID 2) after a challenge: MD5 Cred, RespURI target, header Meta with EMI extensions and MaxObjSize",
    message: {
      header: clientHeader("2C", 2, {
        target: { locUri: `${server}?s=2C` },
        cred: md5Cred("u7Jf1gkQ2mYI0o3Tz1dQhw=="),
        meta: { maxMsgSize: 65535, maxObjSize: 1048576, emi: ["x-example-battery=87", "x-example-net=lte"] },
      }),
      body: [
        { kind: "Alert", cmdId: 1, data: 1201, items: [] },
        { kind: "Replace", cmdId: 2, items: devInfoItems() },
      ],
      final: true,
    },
  },
];
