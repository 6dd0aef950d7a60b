import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { OmaDmError } from "@omadm/protocol";
import { createTree } from "../management-tree.js";
import type { ManagementTree } from "../management-tree.js";
import { loadTreeState } from "./tree-file.js";
import { encodeTreeFile } from "./tree-file-format.js";
import { createTreeFileWriter } from "./tree-file-writer.js";

const clock = () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5));

function device(): ManagementTree {
  const tree = createTree({ clock });
  expect(
    tree.define("./Vendor", { format: "node" }, { acl: "Add=S1&Delete=S1&Get=S1&Replace=S1" }).status,
  ).toBe(200);
  expect(tree.define("./DevInfo/Man", { data: "omadm" }).status).toBe(200);
  return tree;
}

let dir = "";
let path = "";

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "omadm-tree-writer-"));
  path = join(dir, "tree.json");
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileState(): Promise<string> {
  const loaded = await loadTreeState(path);
  return loaded.kind === "loaded" ? JSON.stringify(loaded.state) : "missing";
}

describe("TreeFileWriter", () => {
  it("saves the tree as it is when the save is asked for", async () => {
    const tree = device();
    const writer = createTreeFileWriter(path, tree);
    await writer.save();
    expect(await readFile(path)).toEqual(Buffer.from(encodeTreeFile(tree.exportState())));
    await writer.close();
  });

  it("coalesces saves asked for while one runs into one save after it, with the latest tree", async () => {
    const tree = device();
    const exports = vi.spyOn(tree, "exportState");
    const writer = createTreeFileWriter(path, tree);
    const first = writer.save();
    const later: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      expect(tree.add(`./Vendor/N${i}`, { data: String(i) }, "S1").status).toBe(200);
      later.push(writer.save());
    }
    // Every save asked for while the first runs shares one promise.
    expect(new Set(later).size).toBe(1);
    await Promise.all([first, ...later]);
    expect(exports).toHaveBeenCalledTimes(2);
    expect(await fileState()).toBe(JSON.stringify(tree.exportState()));
    await writer.close();
  });

  it("writes nothing when the tree has not changed since the last save", async () => {
    const tree = device();
    const exports = vi.spyOn(tree, "exportState");
    const writer = createTreeFileWriter(path, tree);
    await writer.save();
    await writer.save();
    await writer.save();
    expect(exports).toHaveBeenCalledTimes(1);
    expect(tree.replace("./DevInfo/Man", { data: "other" }, undefined).status).toBe(200);
    await writer.save();
    expect(exports).toHaveBeenCalledTimes(2);
    await writer.close();
  });

  it("writes every time with skipUnchanged false", async () => {
    const tree = device();
    const exports = vi.spyOn(tree, "exportState");
    const writer = createTreeFileWriter(path, tree, { skipUnchanged: false });
    await writer.save();
    await writer.save();
    expect(exports).toHaveBeenCalledTimes(2);
    await writer.close();
  });

  it("waits for commit before saving a tree with an open transaction", async () => {
    const tree = device();
    const writer = createTreeFileWriter(path, tree);
    await writer.save();
    const before = await fileState();
    const tx = tree.begin();
    expect(tree.add("./Vendor/A", { data: "1" }, "S1").status).toBe(200);
    let done = false;
    const saved = writer.save().then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(false);
    expect(await fileState()).toBe(before);
    tx.commit();
    await saved;
    expect(await fileState()).toBe(JSON.stringify(tree.exportState()));
    await writer.close();
  });

  it("saves after a rollback the tree as it was before the transaction", async () => {
    const tree = device();
    const writer = createTreeFileWriter(path, tree);
    await writer.save();
    const before = await readFile(path);
    const tx = tree.begin();
    expect(tree.add("./Vendor/A", { data: "1" }, "S1").status).toBe(200);
    const saved = writer.save();
    expect(tx.rollback().status).toBe(200);
    await saved;
    expect(await readFile(path)).toEqual(before);
    await writer.close();
  });

  it("rejects a failed save with the file system error, and a later save retries", async () => {
    const nested = join(dir, "missing", "tree.json");
    const tree = device();
    const writer = createTreeFileWriter(nested, tree);
    await expect(writer.save()).rejects.toMatchObject({ code: "ENOENT" });
    await expect(writer.flush()).rejects.toMatchObject({ code: "ENOENT" });
    await mkdir(join(dir, "missing"));
    await writer.save();
    expect((await loadTreeState(nested)).kind).toBe("loaded");
    await writer.flush();
    await writer.close();
  });

  it("flushes: waits for the saves asked for", async () => {
    const tree = device();
    const writer = createTreeFileWriter(path, tree);
    void writer.save();
    expect(tree.add("./Vendor/A", { data: "1" }, "S1").status).toBe(200);
    void writer.save();
    await writer.flush();
    expect(await fileState()).toBe(JSON.stringify(tree.exportState()));
    await writer.close();
  });

  it("refuses saves after close and stops listening to the tree", async () => {
    const tree = device();
    const writer = createTreeFileWriter(path, tree);
    await writer.close();
    const e = await writer.save().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OmaDmError);
    expect((e as OmaDmError).code).toBe("INVALID_ARGUMENT");
  });

  it("on close, rejects a save still waiting for a transaction", async () => {
    const tree = device();
    const writer = createTreeFileWriter(path, tree);
    tree.begin();
    const waiting = writer.save();
    await writer.close();
    await expect(waiting).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});
