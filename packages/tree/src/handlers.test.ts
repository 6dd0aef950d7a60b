import { describe, expect, it } from "vitest";
import { createTree } from "./management-tree.js";
import type { ExecCompletion, ExecRequest } from "./tree-api.js";

describe("handler-backed nodes", () => {
  it("answers Get, Size and StructData from the handler's get", () => {
    const tree = createTree();
    tree.define("./DevDetail/Battery", { format: "int", data: "0" });
    let level = 42;
    tree.mount("./DevDetail/Battery", { get: () => ({ status: 200, data: String(level) }) });
    expect(tree.get("./DevDetail/Battery", undefined).results?.[0]?.data).toBe("42");
    level = 100;
    expect(tree.get("./DevDetail/Battery?prop=Size", undefined).results?.[0]?.data).toBe("3");
    expect(tree.get("./DevDetail?list=StructData", undefined).results?.[1]?.data).toBe("100");
  });

  it("answers Get with the handler's refusal", () => {
    const tree = createTree();
    tree.define("./Locked", { data: "x" });
    tree.mount("./Locked", { get: () => ({ status: 403 }) });
    expect(tree.get("./Locked", undefined).status).toBe(403);
  });

  it("passes Replace to the handler's set and returns its refusal", () => {
    const tree = createTree();
    tree.define("./X", { data: "a" }, { acl: "Get=*&Replace=*" });
    const seen: unknown[] = [];
    tree.mount("./X", {
      set: (uri, value, serverId) => {
        seen.push([uri, value, serverId]);
        return value === "bad" ? 403 : 200;
      },
    });
    expect(tree.replace("X", { data: "good" }, "S1").status).toBe(200);
    expect(tree.replace("X", { data: "bad" }, "S1").status).toBe(403);
    expect(seen).toEqual([
      ["./X", "good", "S1"],
      ["./X", "bad", "S1"],
    ]);
    expect(tree.get("./X", "S1").results?.[0]?.data).toBe("good");
  });

  it("answers 500 when a handler throws", () => {
    const tree = createTree();
    tree.define("./X", { data: "a" }, { acl: "Get=*&Replace=*&Exec=*" });
    tree.mount("./X", {
      set: () => {
        throw new Error("bug");
      },
      exec: () => {
        throw new Error("bug");
      },
    });
    expect(tree.replace("./X", { data: "b" }, "S1").status).toBe(500);
    expect(tree.exec("./X", undefined, "S1").status).toBe(500);
  });

  it("runs a synchronous Exec with its data and correlator", () => {
    const tree = createTree();
    tree.define("./Op", { data: "" }, { acl: "Exec=S1" });
    const seen: ExecRequest[] = [];
    tree.mount("./Op", {
      exec: (r) => {
        seen.push(r);
        return { status: 200 };
      },
    });
    expect(tree.exec("./Op", { data: "arg" }, "S1", "c-1")).toEqual({ status: 200, correlator: "c-1" });
    expect(seen).toEqual([{ uri: "./Op", serverId: "S1", content: { data: "arg" }, correlator: "c-1" }]);
  });

  it("accepts an asynchronous Exec with 202 and settles the completion later", async () => {
    const tree = createTree();
    tree.define("./FUMO/Update", { data: "" }, { acl: "Exec=*" });
    let finish: (c: ExecCompletion) => void = () => undefined;
    const completion = new Promise<ExecCompletion>((resolve) => {
      finish = resolve;
    });
    tree.mount("./FUMO/Update", { exec: () => ({ status: 202, completion }) });
    const out = tree.exec("./FUMO/Update", undefined, "S1", "corr");
    expect(out.status).toBe(202);
    expect(out.correlator).toBe("corr");
    finish({ alertType: "org.openmobilealliance.dm.firmwareupdate.update", data: "200" });
    await expect(out.completion).resolves.toEqual({
      alertType: "org.openmobilealliance.dm.firmwareupdate.update",
      data: "200",
    });
  });

  it("answers 404 when mounting on a missing node, and 405 for Exec after unmount", () => {
    const tree = createTree();
    expect(tree.mount("./none", {}).status).toBe(404);
    tree.define("./Op", { data: "" }, { acl: "Exec=*" });
    tree.mount("./Op", { exec: () => ({ status: 200 }) });
    tree.unmount("./Op");
    expect(tree.exec("./Op", undefined, "S1").status).toBe(405);
  });

  it("mounts handlers again by URI after importState", () => {
    const tree = createTree();
    tree.define("./V", { data: "stored" });
    tree.mount("./V", { get: () => ({ status: 200, data: "live" }) });
    tree.importState(tree.exportState());
    expect(tree.get("./V", undefined).results?.[0]?.data).toBe("live");
  });
});
