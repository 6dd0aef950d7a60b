/**
 * Every server command through the engine: a scripted server answers Package 1 with the command,
 * the test reads the client's Package 3 and the tree. [TR-REP §4.1.6], fact sheet §1.7-§1.9
 */
import type { Command, Element, Item, SyncMLEncoding, SyncMLMessage } from "@omadm/protocol";
import type { ExecCompletion, ManagementTree } from "@omadm/tree";
import { describe, expect, it } from "vitest";
import { headlessUi } from "./headless-ui.js";
import { memoryAlertQueue } from "./memory-alert-queue.js";
import type { AlertQueue, HeadlessUiPolicy, SessionStep } from "./session-api.js";
import type { Harness } from "./session-test-kit.js";
import {
  harness,
  ScriptedServer,
  sentMessage,
  statusRows,
  testAccount,
  TestAccounts,
  testTree,
} from "./session-test-kit.js";

const ns = "SYNCML:SYNCML1.2";
let nextCmdId = 1;
const target = (uri: string, rest: Partial<Item> = {}): Item => ({ target: { locUri: uri }, ...rest });
const add = (uri: string, data?: string, format?: string): Command => ({
  kind: "Add",
  cmdId: nextCmdId++,
  items: [
    target(uri, { ...(format !== undefined && { meta: { format } }), ...(data !== undefined && { data }) }),
  ],
});
const replace = (uri: string, data: string): Command => ({
  kind: "Replace",
  cmdId: nextCmdId++,
  items: [target(uri, { data })],
});
const del = (uri: string): Command => ({ kind: "Delete", cmdId: nextCmdId++, items: [target(uri)] });
const get = (uri: string): Command => ({ kind: "Get", cmdId: nextCmdId++, items: [target(uri)] });
const exec = (uri: string, correlator?: string): Command => ({
  kind: "Exec",
  cmdId: nextCmdId++,
  item: target(uri, { data: "go" }),
  ...(correlator !== undefined && { correlator }),
});
const confirm = (dr: string): Command => ({
  kind: "Alert",
  cmdId: nextCmdId++,
  data: 1101,
  items: [{ data: `DR=${dr}` }, { data: "Proceed?" }],
});

interface Run {
  readonly h: Harness;
  readonly server: ScriptedServer;
  readonly step: SessionStep;
  readonly msg: SyncMLMessage;
}

/** Package 1, then the server's package `body` (with the SyncHdr Status for Package 1). */
async function run(
  body: readonly Command[],
  options: {
    tree?: ManagementTree;
    policy?: HeadlessUiPolicy;
    alerts?: AlertQueue;
    encoding?: SyncMLEncoding;
    serverId?: string;
  } = {},
): Promise<Run> {
  const account = testAccount(options.serverId === undefined ? {} : { id: options.serverId });
  const h = harness({
    ...(options.tree !== undefined && { tree: options.tree }),
    ui: headlessUi(options.policy ?? {}),
    account,
    accounts: new TestAccounts([account]),
    ...(options.alerts !== undefined && { alerts: options.alerts }),
    ...(options.encoding !== undefined && { encoding: options.encoding }),
  });
  const server = new ScriptedServer(h.session.sessionId, options.encoding ?? "xml");
  await h.session.start();
  const step = await h.session.receive(server.message(body, { statusFor: 1 }));
  return {
    h,
    server,
    step,
    msg: step.kind === "send" ? sentMessage(step) : { header: server.header(), body: [], final: true },
  };
}

function resultsOf(msg: SyncMLMessage): Command[] {
  return msg.body.filter((c) => c.kind === "Results");
}

describe("Add, Replace, Delete [TR-REP §4.1.6.1, §4.1.6.5, §4.1.6.11]", () => {
  it("adds a leaf and an interior node, answers 418 for one that exists, and Statuses name the Target", async () => {
    const { h, msg } = await run([
      add("./Vendor/A", "1"),
      add("./Vendor/Dir", undefined, "node"),
      add("./Vendor/A", "2"),
    ]);
    expect(statusRows(msg)).toEqual([
      ["SyncHdr", 0, 200],
      ["Add", nextCmdId - 3, 200],
      ["Add", nextCmdId - 2, 200],
      ["Add", nextCmdId - 1, 418],
    ]);
    expect(msg.body[1]).toMatchObject({ msgRef: 1, targetRefs: ["./Vendor/A"] });
    expect(h.tree.get("./Vendor/A", undefined).results?.[0]?.data).toBe("1");
    expect(h.tree.get("./Vendor/Dir?prop=Format", undefined).results?.[0]?.data).toBe("node");
  });

  it("replaces a value (200), refuses a missing node (404), deletes (200) and refuses a permanent one", async () => {
    const tree = testTree();
    tree.add("./Vendor/A", { data: "old" }, "omadm.test");
    const { msg } = await run(
      [replace("./Vendor/A", "new"), replace("./Vendor/Nope", "x"), del("./Vendor/A"), del("./DevInfo")],
      { tree },
    );
    expect(statusRows(msg).map((r) => r[2])).toEqual([200, 200, 404, 200, 425]);
    expect(tree.get("./Vendor/A", undefined).status).toBe(404);
  });

  it("gives one Status per Item of a command with several Items", async () => {
    const cmd: Command = {
      kind: "Add",
      cmdId: 77,
      items: [target("./Vendor/X", { data: "1" }), target("./Vendor/X", { data: "2" })],
    };
    const { msg } = await run([cmd]);
    expect(statusRows(msg).slice(1)).toEqual([
      ["Add", 77, 200],
      ["Add", 77, 418],
    ]);
  });

  it("answers 412 for an Item without a Target and ignores a Cred inside a command [TR-REP §4.1.1.6]", async () => {
    const noTarget: Command = { kind: "Replace", cmdId: 5, items: [{ data: "x" }] };
    const withCred: Command = {
      kind: "Add",
      cmdId: 6,
      cred: { meta: { type: "syncml:auth-basic" }, data: "Zm9vOmJhcg==" },
      items: [target("./Vendor/C", { data: "v" })],
    };
    const { h, msg } = await run([noTarget, withCred]);
    expect(statusRows(msg).slice(1)).toEqual([
      ["Replace", 5, 412],
      ["Add", 6, 200],
    ]);
    expect(h.tree.get("./Vendor/C", undefined).status).toBe(200);
  });

  it("honours NoResp: no Status for that command, Results still sent", async () => {
    const quiet: Command = {
      kind: "Add",
      cmdId: 8,
      noResp: true,
      items: [target("./Vendor/Q", { data: "q" })],
    };
    const quietGet: Command = { kind: "Get", cmdId: 9, noResp: true, items: [target("./Vendor/Q")] };
    const { msg } = await run([quiet, quietGet, get("./Vendor/Q")]);
    expect(statusRows(msg).map((r) => r[1])).toEqual([0, nextCmdId - 1]);
    expect(resultsOf(msg).map((r) => (r.kind === "Results" ? r.cmdRef : 0))).toEqual([9, nextCmdId - 1]);
  });
});

describe("NoResp in the SyncHdr", () => {
  it("runs the commands and sends their Results, but no Status for any of them", async () => {
    const h = harness();
    const server = new ScriptedServer(h.session.sessionId);
    await h.session.start();
    const step = await h.session.receive(
      server.message([add("./Vendor/NR", "1"), get("./DevInfo/Man")], {
        statusFor: 1,
        header: { noResp: true },
      }),
    );
    const msg = sentMessage(step);
    expect(statusRows(msg)).toEqual([["SyncHdr", 0, 200]]);
    expect(resultsOf(msg)).toHaveLength(1);
    expect(h.tree.get("./Vendor/NR", undefined).status).toBe(200);
    const quiet = await h.session.receive(
      server.message([add("./Vendor/NR2", "2")], { statusFor: 2, header: { noResp: true } }),
    );
    expect(quiet).toMatchObject({ kind: "done", outcome: "completed" });
  });
});

describe("Get [TR-REP §4.1.6.7], [TR-TND §8.3-§8.4]", () => {
  it("puts Results right after the Get's Status, with Source LocURI and Meta Format/Type", async () => {
    const { msg } = await run([get("./DevInfo/Man"), get("./DevDetail/URI")]);
    expect(msg.body.map((c) => c.kind)).toEqual(["Status", "Status", "Results", "Status", "Results"]);
    expect(msg.body[2]).toMatchObject({
      items: [
        { source: { locUri: "./DevInfo/Man" }, meta: { format: "chr", type: "text/plain" }, data: "omadm" },
      ],
    });
    // An interior node lists its children, Format node. [TR-TND §8.2.2.2]
    expect(msg.body[4]).toMatchObject({
      items: [{ meta: { format: "node" }, data: "MaxDepth/MaxTotLen/MaxSegLen" }],
    });
  });

  it("answers ?prop= queries and 404 for a missing node", async () => {
    const { msg } = await run([
      get("./DevInfo/Man?prop=Format"),
      get("./DevInfo/Man?prop=ACL"),
      get("./Nope"),
    ]);
    const results = resultsOf(msg);
    expect(results[0]).toMatchObject({ items: [{ data: "chr" }] });
    expect(results[1]).toMatchObject({ items: [{ data: "" }] });
    expect(
      statusRows(msg)
        .slice(1)
        .map((r) => r[2]),
    ).toEqual([200, 200, 404]);
  });

  it("lists a subtree with ?list=Struct (Items without Data) and ?list=TNDS (one embedded document)", async () => {
    const { msg } = await run([get("./DevDetail/URI?list=Struct"), get("./DevDetail/URI?list=TNDS+Value")]);
    const [struct, tnds] = resultsOf(msg);
    expect(struct).toMatchObject({
      items: [
        { source: { locUri: "./DevDetail/URI" }, meta: { format: "node" } },
        { source: { locUri: "./DevDetail/URI/MaxDepth" }, meta: { format: "int" } },
        { source: { locUri: "./DevDetail/URI/MaxTotLen" } },
        { source: { locUri: "./DevDetail/URI/MaxSegLen" } },
      ],
    });
    if (struct?.kind !== "Results" || tnds?.kind !== "Results") throw new Error("no Results");
    expect(struct.items.every((i) => i.data === undefined)).toBe(true);
    expect(tnds.items[0]?.meta?.type).toBe("application/vnd.syncml.dmtnds+xml");
    expect((tnds.items[0]?.data as Element).name).toBe("MgmtTree");
  });

  it("sends binary values as b64 over XML and as opaque bytes over WBXML [TR-TND §8.3.7.2]", async () => {
    const bytes = Uint8Array.of(0, 1, 2, 250, 255);
    for (const encoding of ["xml", "wbxml"] as const) {
      const tree = testTree();
      tree.add("./Vendor/Blob", { format: "bin", data: bytes }, undefined);
      const { msg } = await run([get("./Vendor/Blob")], { tree, encoding });
      const first = resultsOf(msg)[0];
      const item = first?.kind === "Results" ? first.items[0] : undefined;
      if (encoding === "xml")
        expect(item).toMatchObject({ meta: { format: "b64" }, data: Buffer.from(bytes).toString("base64") });
      else expect(item).toMatchObject({ meta: { format: "bin" }, data: bytes });
    }
  });

  it("refuses a second server what the ACL gives only to the first, DMAcc secrets included (425)", async () => {
    const tree = testTree();
    tree.define(
      "./DMAcc/A/AppAuth/1/AAuthSecret",
      { data: "s3cret" },
      { acl: "Get=server.a&Replace=server.a" },
    );
    tree.replace("./DMAcc/A?prop=ACL", { data: "Get=server.a&Replace=server.a" }, undefined);
    const { msg } = await run(
      [get("./DMAcc/A/AppAuth/1/AAuthSecret"), replace("./DMAcc/A/AppAuth/1/AAuthSecret", "mine")],
      {
        tree,
        serverId: "server.b",
      },
    );
    expect(
      statusRows(msg)
        .slice(1)
        .map((r) => r[2]),
    ).toEqual([425, 425]);
    expect(resultsOf(msg)).toEqual([]);
    expect(tree.get("./DMAcc/A/AppAuth/1/AAuthSecret", undefined).results?.[0]?.data).toBe("s3cret");
  });
});

describe("Copy [TR-REP §4.1.6.4]", () => {
  it("copies a leaf's value over another leaf; a Copy without Source is 412", async () => {
    const tree = testTree();
    tree.add("./Vendor/From", { data: "value" }, "omadm.test");
    tree.add("./Vendor/To", { data: "" }, "omadm.test");
    const copy: Command = {
      kind: "Copy",
      cmdId: 3,
      items: [{ target: { locUri: "./Vendor/To" }, source: { locUri: "./Vendor/From" } }],
    };
    const bad: Command = { kind: "Copy", cmdId: 4, items: [target("./Vendor/To")] };
    const { msg } = await run([copy, bad], { tree });
    expect(statusRows(msg).slice(1)).toEqual([
      ["Copy", 3, 200],
      ["Copy", 4, 412],
    ]);
    expect(msg.body[1]).toMatchObject({ targetRefs: ["./Vendor/To"], sourceRefs: ["./Vendor/From"] });
    expect(tree.get("./Vendor/To", undefined).results?.[0]?.data).toBe("value");
  });
});

describe("Exec [TR-REP §4.1.6.6], Generic Alert [TR-PRO §2.3.7]", () => {
  function execTree(handler: Parameters<ManagementTree["mount"]>[1]): ManagementTree {
    const tree = testTree();
    tree.define("./Vendor/Op", { format: "node" }, { acl: "Exec=*&Get=*" });
    tree.mount("./Vendor/Op", handler);
    return tree;
  }

  it("runs a synchronous handler (200) and answers 405 for a node without one", async () => {
    const calls: string[] = [];
    const tree = execTree({
      exec: (r) => (
        calls.push(
          `${r.uri} ${typeof r.content?.data === "string" ? r.content.data : ""} ${r.serverId ?? ""}`,
        ),
        { status: 200 }
      ),
    });
    tree.add("./Vendor/Plain", { format: "node" }, undefined);
    const { msg } = await run([exec("./Vendor/Op"), exec("./Vendor/Plain")], { tree });
    expect(
      statusRows(msg)
        .slice(1)
        .map((r) => r[2]),
    ).toEqual([200, 405]);
    expect(calls).toEqual(["./Vendor/Op go omadm.test"]);
  });

  it("answers 202 now, queues Generic Alert 1226 with the Correlator when the work settles, sends it in the next package and drops it on 200", async () => {
    let settle: (c: ExecCompletion) => void = () => undefined;
    const completion = new Promise<ExecCompletion>((resolve) => (settle = resolve));
    const tree = execTree({ exec: () => ({ status: 202, completion }) });
    const alerts = memoryAlertQueue();
    const { h, server, msg } = await run([exec("./Vendor/Op", "corr-1")], { tree, alerts });
    expect(statusRows(msg).slice(1)).toEqual([["Exec", nextCmdId - 1, 202]]);
    expect(alerts.pending("omadm.test")).toEqual([]);

    settle({ alertType: "org.openmobilealliance.dm.firmwareupdate.update", data: "200" });
    await completion;
    await Promise.resolve();
    expect(alerts.pending("omadm.test")).toMatchObject([
      {
        serverId: "omadm.test",
        alert: 1226,
        correlator: "corr-1",
        items: [
          {
            source: { locUri: "./Vendor/Op" },
            meta: { type: "org.openmobilealliance.dm.firmwareupdate.update", format: "int" },
            data: "200",
          },
        ],
      },
    ]);
    // The server's next package (a Get) is answered with the Generic Alert after the Statuses.
    const pkg3 = sentMessage(
      await h.session.receive(server.message([get("./DevInfo/Man")], { statusFor: 2 })),
    );
    const alert = pkg3.body.find((c) => c.kind === "Alert");
    expect(alert).toMatchObject({ data: 1226, correlator: "corr-1" });
    const last = pkg3.body[pkg3.body.length - 1];
    expect(last?.kind).toBe("Alert");
    // The server's Status 200 acknowledges it; the session ends on the Status-only package.
    const ack = server.message(
      [
        {
          kind: "Status",
          cmdId: 2,
          msgRef: 3,
          cmdRef: alert?.kind === "Alert" ? alert.cmdId : 0,
          cmd: "Alert",
          targetRefs: [],
          sourceRefs: [],
          data: 200,
          items: [],
        },
      ],
      { statusFor: 3 },
    );
    expect(await h.session.receive(ack)).toMatchObject({ kind: "done", outcome: "completed" });
    expect(alerts.pending("omadm.test")).toEqual([]);
  });

  it("keeps a client alert queued when the server answers it with an error", async () => {
    const alerts = memoryAlertQueue();
    alerts.add({
      serverId: "omadm.test",
      alert: 1226,
      items: [{ meta: { type: "x.y", format: "chr" }, data: "d" }],
    });
    const h = harness({ alerts });
    const server = new ScriptedServer(h.session.sessionId);
    const pkg1 = sentMessage(await h.session.start());
    const cmdId = pkg1.body[2]?.cmdId ?? 0;
    const reply = server.message(
      [
        {
          kind: "Status",
          cmdId: 2,
          msgRef: 1,
          cmdRef: cmdId,
          cmd: "Alert",
          targetRefs: [],
          sourceRefs: [],
          data: 415,
          items: [],
        },
      ],
      { statusFor: 1 },
    );
    expect(await h.session.receive(reply)).toMatchObject({ kind: "done", outcome: "completed" });
    expect(alerts.pending("omadm.test")).toHaveLength(1);
  });
});

describe("Atomic [TR-REP §4.1.6.3]", () => {
  const atomic = (...commands: Command[]): Command => ({ kind: "Atomic", cmdId: nextCmdId++, commands });

  it("commits when every child succeeds", async () => {
    const a = atomic(add("./Vendor/A", "1"), add("./Vendor/B", "2"));
    const { h, msg } = await run([a]);
    expect(
      statusRows(msg)
        .slice(1)
        .map((r) => r[2]),
    ).toEqual([200, 200, 200]);
    expect(h.tree.get("./Vendor/B", undefined).status).toBe(200);
  });

  it("rolls back: children that ran 216, the failing one its code, the rest 215, the Atomic 507, the tree byte-identical", async () => {
    const tree = testTree();
    tree.add("./Vendor/Taken", { data: "t" }, undefined);
    const before = JSON.stringify(tree.exportState());
    const a = atomic(
      add("./Vendor/A", "1"),
      replace("./Vendor/Taken", "changed"),
      add("./Vendor/Taken", "x"),
      add("./Vendor/C", "3"),
    );
    const { msg } = await run([a], { tree });
    expect(
      statusRows(msg)
        .slice(1)
        .map((r) => [r[0], r[2]]),
    ).toEqual([
      ["Atomic", 507],
      ["Add", 216],
      ["Replace", 216],
      ["Add", 418],
      ["Add", 215],
    ]);
    expect(JSON.stringify(tree.exportState())).toBe(before);
  });

  it("fails before running anything when it holds a Get, an Exec or a nested Atomic (500 for each)", async () => {
    const tree = testTree();
    const before = JSON.stringify(tree.exportState());
    const nested = atomic(add("./Vendor/N", "n"));
    const a = atomic(add("./Vendor/A", "1"), get("./DevInfo/Man"), exec("./Vendor/Op"), nested);
    const { msg } = await run([a], { tree });
    expect(
      statusRows(msg)
        .slice(1)
        .map((r) => [r[0], r[2]]),
    ).toEqual([
      ["Atomic", 507],
      ["Add", 215],
      ["Get", 500],
      ["Exec", 500],
      ["Atomic", 500],
      ["Add", 215],
    ]);
    expect(resultsOf(msg)).toEqual([]);
    expect(JSON.stringify(tree.exportState())).toBe(before);
  });

  it("answers 516 when the roll back itself fails (a handler refuses its old value)", async () => {
    const tree = testTree();
    tree.define("./Vendor/Dev", { data: "a" }, { acl: "Get=*&Replace=*" });
    let sets = 0;
    tree.mount("./Vendor/Dev", { set: () => (sets++ === 0 ? 200 : 500) });
    const a = atomic(replace("./Vendor/Dev", "b"), add("./Vendor/Dev", "dup"));
    const { msg } = await run([a], { tree });
    expect(
      statusRows(msg)
        .slice(1)
        .map((r) => [r[0], r[2]]),
    ).toEqual([
      ["Atomic", 516],
      ["Replace", 200],
      ["Add", 418],
    ]);
  });
});

describe("Sequence [TR-REP §4.1.6.14]", () => {
  const sequence = (...commands: Command[]): Command => ({ kind: "Sequence", cmdId: nextCmdId++, commands });

  it("runs children in order and goes on after a failing child (each has its own Status)", async () => {
    const tree = testTree();
    tree.add("./Vendor/Taken", { data: "t" }, undefined);
    const { h, msg } = await run(
      [sequence(add("./Vendor/Taken", "x"), add("./Vendor/A", "1"), get("./Vendor/A"))],
      { tree },
    );
    expect(msg.body.slice(1).map((c) => (c.kind === "Status" ? `${c.cmd}:${c.data}` : c.kind))).toEqual([
      "Sequence:200",
      "Add:418",
      "Add:200",
      "Get:200",
      "Results",
    ]);
    expect(h.tree.get("./Vendor/A", undefined).status).toBe(200);
  });

  it("stops when the user refuses a confirmation: the rest of the Sequence is 215, commands after it still run [TR-PRO §2.5.2.2]", async () => {
    const { h, msg } = await run([sequence(confirm("0"), add("./Vendor/A", "1")), add("./Vendor/B", "2")]);
    expect(
      statusRows(msg)
        .slice(1)
        .map((r) => `${r[0]}:${r[2]}`),
    ).toEqual(["Sequence:200", "Alert:304", "Add:215", "Add:200"]);
    expect(h.tree.get("./Vendor/A", undefined).status).toBe(404);
  });

  it("a user cancel is 214 and nothing after it in the package runs (215)", async () => {
    const { h, msg } = await run(
      [sequence(confirm("1"), add("./Vendor/A", "1")), confirm("1"), add("./Vendor/B", "2")],
      {
        policy: { confirm: "cancel" },
      },
    );
    expect(
      statusRows(msg)
        .slice(1)
        .map((r) => `${r[0]}:${r[2]}`),
    ).toEqual(["Sequence:200", "Alert:214", "Add:215", "Alert:215", "Add:215"]);
    expect(h.tree.get("./Vendor/B", undefined).status).toBe(404);
  });

  it("a UI confirmation answered No directly in SyncBody does not stop the commands after it", async () => {
    const { msg } = await run([confirm("0"), add("./Vendor/A", "1")]);
    expect(
      statusRows(msg)
        .slice(1)
        .map((r) => r[2]),
    ).toEqual([304, 200]);
  });

  it("runs an Atomic inside a Sequence (RepPro's DTD allows it) and refuses a chunked Item inside a container (406)", async () => {
    const inner: Command = { kind: "Atomic", cmdId: nextCmdId++, commands: [add("./Vendor/In", "1")] };
    const chunked: Command = {
      kind: "Add",
      cmdId: nextCmdId++,
      items: [target("./Vendor/Big", { data: "abc", moreData: true, meta: { size: 6 } })],
    };
    const { h, msg } = await run([sequence(inner, chunked)]);
    expect(
      statusRows(msg)
        .slice(1)
        .map((r) => `${r[0]}:${r[2]}`),
    ).toEqual(["Sequence:200", "Atomic:200", "Add:200", "Add:406"]);
    expect(h.tree.get("./Vendor/In", undefined).status).toBe(200);
  });

  it("a Sequence inside a Sequence is 500 and its children are not run", async () => {
    const { msg } = await run([sequence(sequence(add("./Vendor/A", "1")))]);
    expect(
      statusRows(msg)
        .slice(1)
        .map((r) => `${r[0]}:${r[2]}`),
    ).toEqual(["Sequence:200", "Sequence:500", "Add:215"]);
  });
});

describe("Alerts and unknown commands", () => {
  it("answers 412 for a UI alert without its two Items, 406 for alert codes the client cannot process, 412 without Data", async () => {
    const short: Command = { kind: "Alert", cmdId: 1, data: 1101, items: [{ data: "" }] };
    const odd: Command = { kind: "Alert", cmdId: 2, data: 1299, items: [] };
    const none: Command = { kind: "Alert", cmdId: 3, items: [] };
    const { msg } = await run([short, odd, none]);
    expect(
      statusRows(msg)
        .slice(1)
        .map((r) => r[2]),
    ).toEqual([412, 406, 412]);
  });

  it("answers 416 when the UI cannot show an alert and 406 for SyncML commands DM does not use, 400 for other elements", async () => {
    const el = (name: string, id: string): Command => ({
      kind: "Unknown",
      name,
      cmdId: Number(id),
      element: { name, ns, children: [{ name: "CmdID", ns, children: [id] }] },
    });
    const { msg } = await run([confirm("1"), el("Put", "8"), el("Frobnicate", "9")], {
      policy: { confirm: "cancel" },
    });
    expect(
      statusRows(msg)
        .slice(1)
        .map((r) => `${r[0]}:${r[2]}`),
    ).toEqual(["Alert:214", "Put:215", "Frobnicate:215"]);
    const { msg: m2 } = await run([el("Put", "8"), el("Frobnicate", "9")]);
    expect(
      statusRows(m2)
        .slice(1)
        .map((r) => `${r[0]}:${r[2]}`),
    ).toEqual(["Put:406", "Frobnicate:400"]);
    const display: Command = { kind: "Alert", cmdId: 4, data: 1100, items: [{ data: "" }, { data: "hi" }] };
    const { msg: m3 } = await run([display], { policy: { display: "cannot-display" } });
    expect(statusRows(m3)[1]).toEqual(["Alert", 4, 416]);
  });
});

describe("session end [TR-PRO §2.3]", () => {
  it("does not answer a package that holds nothing to answer: the session is completed", async () => {
    const { step } = await run([]);
    expect(step).toMatchObject({ kind: "done", outcome: "completed" });
  });

  it("ends when the server aborts with Alert 1223, without answering", async () => {
    const { step } = await run([{ kind: "Alert", cmdId: 2, data: 1223, items: [] }, add("./Vendor/A", "1")]);
    expect(step).toMatchObject({ kind: "done", outcome: "aborted" });
  });
});
