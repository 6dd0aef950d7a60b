/**
 * The DM 1.2 server packages of the Motorola/CyanogenMod engine's test suite drive the client,
 * one message each, decoded leniently where they hold a raw `&`. Each test writes down the tree
 * change and the Statuses/Results the spec requires (which differ from that engine's own
 * transcript where it departs from the spec; see docs/decisions/client-session.md).
 */
import { readFileSync } from "node:fs";
import type { SyncMLEncoding, SyncMLMessage } from "@omadm/protocol";
import { describe, expect, it } from "vitest";
import { headlessUi } from "./headless-ui.js";
import type { HeadlessUiPolicy, SessionStep, UiPrompt, UserInterface } from "./session-api.js";
import type { Harness } from "./session-test-kit.js";
import { harness, incoming, sentMessage, statusRows, testAccount, testTree } from "./session-test-kit.js";

const dir = new URL("../../../../../shared/fixtures/cyanogenmod-oma-dm/dm12/", import.meta.url);
const fixtureDevId = "000000011234564";

function fixture(name: string): Uint8Array {
  return readFileSync(new URL(name, dir));
}

/** A session whose Package 1 the fixture answers: SessionID and MsgID 1 match the fixture's. */
async function answered(
  name: string,
  options: { sessionId: string; encoding: SyncMLEncoding; ui?: UserInterface; serverCred?: [string, string] },
): Promise<{ h: Harness; step: SessionStep }> {
  const h = harness({
    tree: testTree(fixtureDevId),
    trigger: { kind: "client", sessionId: options.sessionId },
    encoding: options.encoding,
    ...(options.ui !== undefined && { ui: options.ui }),
    ...(options.serverCred !== undefined && {
      account: testAccount({
        server: {
          type: "BASIC",
          name: options.serverCred[0],
          secret: options.serverCred[1],
          nonce: new Uint8Array(),
        },
      }),
    }),
  });
  expect((await h.session.start()).kind).toBe("send");
  const step = await h.session.receive(incoming(fixture(name), options.encoding));
  return { h, step };
}

/** The XML alert fixtures: SessionID 11, MsgID 1, RespURI, no Cred, raw `&` in option strings. */
async function xmlAnswer(
  name: string,
  policy?: HeadlessUiPolicy,
): Promise<{ h: Harness; msg: SyncMLMessage; url: string }> {
  const { h, step } = await answered(name, {
    sessionId: "11",
    encoding: "xml",
    ui: headlessUi(policy ?? {}),
  });
  if (step.kind !== "send") throw new Error(`session ended: ${step.reason ?? ""}`);
  return { h, msg: sentMessage(step), url: step.message.url };
}

const respUri = "http://199.1.88.66/Scts?4Eq5AA==";

describe("XML fixtures (SessionID 11)", () => {
  it("testgetscript.xml: Get ./DevInfo/DevId answers 200 and Results with Source, Format and Type", async () => {
    const { msg, url } = await xmlAnswer("testgetscript.xml");
    expect(url).toBe(respUri); // [TR-REP §4.1.1.17] the next message goes to the RespURI
    expect(statusRows(msg)).toEqual([
      ["SyncHdr", 0, 200],
      ["Get", 1, 200],
    ]);
    expect(msg.body[0]).toMatchObject({
      msgRef: 1,
      targetRefs: ["SampleClient"],
      sourceRefs: ["mot.manage"],
    });
    expect(msg.body[1]).toMatchObject({ targetRefs: ["./DevInfo/DevId"] });
    expect(msg.body[2]).toMatchObject({
      kind: "Results",
      msgRef: 1,
      cmdRef: 1,
      items: [
        {
          source: { locUri: "./DevInfo/DevId" },
          meta: { format: "chr", type: "text/plain" },
          data: fixtureDevId,
        },
      ],
    });
    expect(msg.final).toBe(true);
  });

  it("testexecscript.xml: Exec on the root, whose ACL (Add=*&Get=*) grants no Exec, is 425 and nothing runs", async () => {
    const { msg } = await xmlAnswer("testexecscript.xml");
    expect(statusRows(msg)).toEqual([
      ["SyncHdr", 0, 200],
      ["Exec", 1, 425],
    ]);
    expect(msg.body.some((c) => c.kind === "Results")).toBe(false);
  });

  it("testexecscript.xml and testexecscript2.xml: a mounted Exec handler gets the Data and answers 200 (no Results: Exec has none in DM)", async () => {
    for (const [name, arg] of [
      ["testexecscript.xml", "uname"],
      ["testexecscript2.xml", "ls"],
    ] as const) {
      const tree = testTree(fixtureDevId);
      const seen: unknown[] = [];
      tree.replace(".?prop=ACL", { data: "Add=*&Exec=*&Get=*" }, undefined);
      expect(
        tree.mount(".", { exec: (r) => (seen.push([r.uri, r.content?.data, r.serverId]), { status: 200 }) })
          .status,
      ).toBe(200);
      const h = harness({
        tree,
        trigger: { kind: "server", sessionId: 0x11, uiMode: "background", initiator: "server" },
      });
      await h.session.start();
      const msg = sentMessage(await h.session.receive(incoming(fixture(name), "xml")));
      expect(statusRows(msg)).toEqual([
        ["SyncHdr", 0, 200],
        ["Exec", 1, 200],
      ]);
      expect(seen).toEqual([[".", arg, "omadm.test"]]);
    }
  });

  it("testalertconfirmatomic.xml: unconfirmed (no DR, so the headless UI times out): Atomic 507, Alert 408, Replace 215, tree unchanged", async () => {
    const h0 = testTree(fixtureDevId);
    const before = JSON.stringify(h0.exportState());
    const { h, msg } = await xmlAnswer("testalertconfirmatomic.xml");
    expect(statusRows(msg)).toEqual([
      ["SyncHdr", 0, 200],
      ["Atomic", 1, 507],
      ["Alert", 2, 408],
      ["Replace", 3, 215],
    ]);
    expect(msg.body[3]).toMatchObject({ targetRefs: ["./DevDetail/Bearer/GSM"] });
    expect(JSON.stringify(h.tree.exportState())).toBe(before);
  });

  it("testalertconfirmatomic.xml: confirmed by the user, the Replace runs and the Atomic commits", async () => {
    const { h, msg } = await xmlAnswer("testalertconfirmatomic.xml", { confirm: "yes" });
    expect(statusRows(msg)).toEqual([
      ["SyncHdr", 0, 200],
      ["Atomic", 1, 200],
      ["Alert", 2, 200],
      ["Replace", 3, 200],
    ]);
    expect(h.tree.get("./DevDetail/Bearer/GSM", undefined).results?.[0]?.data).toBe("test");
  });

  it("testalertconfirmatomic.xml: rejected by the user: Atomic 507, Alert 304, Replace 215 [TR-PRO §2.5.2.2]", async () => {
    const { msg } = await xmlAnswer("testalertconfirmatomic.xml", { confirm: "no" });
    expect(statusRows(msg).slice(1)).toEqual([
      ["Atomic", 1, 507],
      ["Alert", 2, 304],
      ["Replace", 3, 215],
    ]);
  });

  it("testalertconfirm.xml: DR=1 accepts (200); a No is 304; no answer in MAXDT is 408", async () => {
    expect(statusRows((await xmlAnswer("testalertconfirm.xml")).msg)).toEqual([
      ["SyncHdr", 0, 200],
      ["Alert", 2, 200],
    ]);
    expect(statusRows((await xmlAnswer("testalertconfirm.xml", { confirm: "no" })).msg)[1]).toEqual([
      "Alert",
      2,
      304,
    ]);
    expect(statusRows((await xmlAnswer("testalertconfirm.xml", { confirm: "timeout" })).msg)[1]).toEqual([
      "Alert",
      2,
      408,
    ]);
  });

  it("testalertdisplay.xml: the text is shown for at least MINDT and the Alert is 200", async () => {
    const shown: UiPrompt[] = [];
    const ui: UserInterface = {
      ...headlessUi(),
      display: (p) => (shown.push(p), { kind: "answer", value: true }),
    };
    const { step } = await answered("testalertdisplay.xml", { sessionId: "11", encoding: "xml", ui });
    expect(statusRows(sentMessage(step))).toEqual([
      ["SyncHdr", 0, 200],
      ["Alert", 1, 200],
    ]);
    expect(shown).toEqual([
      { serverId: "omadm.test", text: "Testing Display Alert", options: { minDisplaySeconds: 15 } },
    ]);
  });

  it("testalerttextinput.xml: the options are parsed ('+' is a space) and the DR text is the answer, in a Status Item", async () => {
    const prompts: UiPrompt[] = [];
    const ui: UserInterface = {
      ...headlessUi(),
      textInput: (p) => (prompts.push(p), headlessUi().textInput(p)),
    };
    const { step } = await answered("testalerttextinput.xml", { sessionId: "11", encoding: "xml", ui });
    const msg = sentMessage(step);
    expect(prompts[0]).toEqual({
      serverId: "omadm.test",
      text: "Testing Text Input Alert",
      options: {
        maxDisplaySeconds: 20,
        defaultResponse: "hello andy!",
        maxLength: 30,
        inputType: "I",
        echoType: "P",
      },
    });
    expect(statusRows(msg)[1]).toEqual(["Alert", 1, 200]);
    expect(msg.body[1]).toMatchObject({ items: [{ data: "hello andy!" }] });
    const timedOut = (await xmlAnswer("testalerttextinput.xml", { textInput: "timeout" })).msg;
    expect(statusRows(timedOut)[1]).toEqual(["Alert", 1, 408]);
    expect(timedOut.body[1]).toMatchObject({ items: [] });
  });

  it("testalertsinglechoice.xml: DR=2 chooses the second of six choices (200, Item 2)", async () => {
    const { msg } = await xmlAnswer("testalertsinglechoice.xml");
    expect(statusRows(msg)[1]).toEqual(["Alert", 1, 200]);
    expect(msg.body[1]).toMatchObject({ items: [{ data: "2" }] });
  });

  it("testalertmultiplechoice.xml: DR=1-3,6 chooses 1, 3 and 6, one Item each; a cancel is 214", async () => {
    const { msg } = await xmlAnswer("testalertmultiplechoice.xml");
    expect(statusRows(msg)[1]).toEqual(["Alert", 1, 200]);
    expect(msg.body[1]).toMatchObject({ items: [{ data: "1" }, { data: "3" }, { data: "6" }] });
    expect(
      statusRows((await xmlAnswer("testalertmultiplechoice.xml", { multipleChoice: "cancel" })).msg)[1],
    ).toEqual(["Alert", 1, 214]);
  });

  it("testnewdatatype.xml: DM 1.2 float/date/time leaves are added, replaced and deleted; Get needs a Get right the Add did not give", async () => {
    const { h, step } = await answered("testnewdatatype.xml", {
      sessionId: "18629",
      encoding: "xml",
      serverCred: ["Scts", "SampleClient"],
    });
    const msg = sentMessage(step);
    if (step.kind === "send") expect(step.message.url).toBe("http://10.72.35.166/Scts?YDjHAA==");
    expect(statusRows(msg)).toEqual([
      ["SyncHdr", 0, 212], // basic Cred Scts:SampleClient verified [TR-PRO §2.4]
      ["Add", 1, 200],
      ["Add", 2, 200],
      ["Add", 3, 200],
      ["Add", 4, 200],
      ["Replace", 5, 200],
      ["Replace", 6, 200], // 2005-345 is an ISO 8601 ordinal date with century [TR-TND §8.5.4.2]
      ["Replace", 7, 200],
      // [TR-TND §8.3.7.1] ./Test was created without Replace on the root: the server got Add,
      // Delete and Replace on it, not Get.
      ["Get", 8, 425],
      ["Get", 9, 425],
      ["Get", 10, 425],
      ["Delete", 11, 200],
      ["Delete", 12, 200],
      ["Delete", 13, 200],
      ["Delete", 14, 200],
    ]);
    expect(h.tree.get("./Test/MyApp", undefined).status).toBe(404);
    expect(h.tree.get("./Test", undefined).status).toBe(200);
  });
});

describe("WBXML fixtures (SyncML 1.1 public id, DM/1.2 content, basic Cred Scts:SampleClient)", () => {
  const serverCred: [string, string] = ["Scts", "SampleClient"];

  it("testget.wbxml: Get ./DevDetail/URI/MaxDepth gives 200 and Results Format int, Data 20", async () => {
    const { step } = await answered("testget.wbxml", { sessionId: "22100", encoding: "wbxml", serverCred });
    if (step.kind !== "send") throw new Error("ended");
    expect(step.message.url).toBe("http://10.72.34.217/Scts?0JTIAA==");
    expect(step.message.contentType).toBe("application/vnd.syncml.dm+wbxml");
    const msg = sentMessage(step);
    expect(statusRows(msg)).toEqual([
      ["SyncHdr", 0, 212],
      ["Get", 4, 200],
    ]);
    expect(msg.body[2]).toMatchObject({
      kind: "Results",
      cmdRef: 4,
      items: [{ source: { locUri: "./DevDetail/URI/MaxDepth" }, meta: { format: "int" }, data: "20" }],
    });
  });

  it("testadd.wbxml: Add ./TestLeafNode (Format node) creates an interior node under the root (200)", async () => {
    const { h, step } = await answered("testadd.wbxml", {
      sessionId: "30483",
      encoding: "wbxml",
      serverCred,
    });
    expect(statusRows(sentMessage(step))).toEqual([
      ["SyncHdr", 0, 212],
      ["Add", 4, 200],
    ]);
    expect(h.tree.get("./TestLeafNode?prop=Format", undefined).results?.[0]?.data).toBe("node");
  });

  it("testdelete.wbxml: deleting two nodes that do not exist is 404 twice", async () => {
    const { h, step } = await answered("testdelete.wbxml", {
      sessionId: "12463",
      encoding: "wbxml",
      serverCred,
    });
    expect(statusRows(sentMessage(step))).toEqual([
      ["SyncHdr", 0, 212],
      ["Delete", 4, 404],
      ["Delete", 5, 404],
    ]);
    expect(h.tree.get("./TestLeaf", undefined).status).toBe(404);
  });

  it("testdelete.wbxml after testadd.wbxml's node exists: the Delete removes it (200)", async () => {
    const tree = testTree(fixtureDevId);
    tree.add("./TestLeafNode", { format: "node" }, "omadm.test");
    const h = harness({ tree, trigger: { kind: "client", sessionId: "12463" }, encoding: "wbxml" });
    await h.session.start();
    const msg = sentMessage(await h.session.receive(incoming(fixture("testdelete.wbxml"), "wbxml")));
    expect(statusRows(msg).slice(1)).toEqual([
      ["Delete", 4, 200],
      ["Delete", 5, 404],
    ]);
    expect(tree.get("./TestLeafNode", undefined).status).toBe(404);
  });

  it("the fixtures' server credential is refused when the account holds another: 401 with a Chal for every command, none runs", async () => {
    const { h, step } = await answered("testadd.wbxml", {
      sessionId: "30483",
      encoding: "wbxml",
      serverCred: ["Scts", "wrong"],
    });
    const msg = sentMessage(step);
    expect(statusRows(msg)).toEqual([
      ["SyncHdr", 0, 401],
      ["Add", 4, 401],
    ]);
    expect(msg.body[0]).toMatchObject({ chal: { meta: { type: "syncml:auth-basic", format: "b64" } } });
    expect(h.tree.get("./TestLeafNode", undefined).status).toBe(404);
  });

  it("testreplace.wbxml (a client-style package fed to the client): Alert 1201 is 406, each Replace Item without a Target is 412", async () => {
    const { h, step } = await answered("testreplace.wbxml", {
      sessionId: "24673",
      encoding: "wbxml",
      serverCred: ["SampleServer", "SampleServer"],
    });
    const before = JSON.stringify(testTree(fixtureDevId).exportState());
    const rows = statusRows(sentMessage(step));
    expect(rows[0]).toEqual(["SyncHdr", 0, 212]);
    expect(rows[1]).toEqual(["Alert", 1, 406]);
    expect(rows.slice(2)).toEqual(Array.from({ length: 9 }, () => ["Replace", 2, 412]));
    expect(JSON.stringify(h.tree.exportState())).toBe(before);
  });
});
