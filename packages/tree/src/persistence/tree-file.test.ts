import { chmod, mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OmaDmError } from "@omadm/protocol";
import { createTree } from "../management-tree.js";
import type { ManagementTree } from "../management-tree.js";
import { removeStaleTempFiles, tempPathFor, writeFileAtomic } from "./atomic-file.js";
import { loadTreeFile, loadTreeState, saveTreeFile, saveTreeState } from "./tree-file.js";
import { encodeTreeFile } from "./tree-file-format.js";

const t0 = Date.UTC(2024, 0, 2, 3, 4, 5);
const clock = () => new Date(t0);

function device(): ManagementTree {
  const tree = createTree({ clock });
  for (const [uri, data] of [
    ["./DevInfo/DevId", "IMEI:490154203237518"],
    ["./DevInfo/Man", "omadm"],
    ["./DMAcc/S1/AppAuth/1/AAuthSecret", "s3cret"],
  ] as const) {
    expect(tree.define(uri, { data }).status).toBe(200);
  }
  expect(
    tree.define("./Vendor", { format: "node" }, { acl: "Add=S1&Delete=S1&Get=S1&Replace=S1" }).status,
  ).toBe(200);
  return tree;
}

const json = (tree: ManagementTree) => JSON.stringify(tree.exportState());

async function errorCode(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e instanceof OmaDmError ? e.code : `not OmaDmError: ${String(e)}`;
  }
}

let dir = "";
let path = "";

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "omadm-tree-file-"));
  path = join(dir, "tree.json");
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("saveTreeFile and loadTreeFile", () => {
  it("round-trip a tree: the loaded tree exports the same state", async () => {
    const tree = device();
    await saveTreeFile(path, tree);
    const loaded = await loadTreeFile(path, { tree: { clock } });
    expect(loaded.kind).toBe("loaded");
    if (loaded.kind !== "loaded") return;
    expect(json(loaded.tree)).toBe(json(tree));
    expect(loaded.bytes).toBe((await stat(path)).size);
    expect(loaded.tree.get("./DevInfo/DevId", undefined).results?.[0]?.data).toBe("IMEI:490154203237518");
  });

  it("write byte-identical files for equal trees", async () => {
    await saveTreeFile(path, device());
    const first = await readFile(path);
    await saveTreeFile(path, device());
    expect(await readFile(path)).toEqual(first);
    expect(first).toEqual(Buffer.from(encodeTreeFile(device().exportState())));
  });

  it("answer not-found for a missing file and for a missing directory", async () => {
    expect(await loadTreeFile(path)).toEqual({ kind: "not-found", path });
    const deep = join(dir, "no", "such", "tree.json");
    expect(await loadTreeFile(deep)).toEqual({ kind: "not-found", path: deep });
    expect(await loadTreeState(path)).toEqual({ kind: "not-found", path });
  });

  it("refuse a corrupt file with TREE_FILE_INVALID naming the path", async () => {
    await saveTreeFile(path, device());
    const b = await readFile(path);
    await writeFile(path, b.subarray(0, b.length - 100));
    const e = await loadTreeFile(path).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OmaDmError);
    expect((e as OmaDmError).code).toBe("TREE_FILE_INVALID");
    expect((e as OmaDmError).message).toContain(path);
  });

  it("refuse an intact envelope whose nodes importState refuses, with TREE_FILE_INVALID", async () => {
    const state = {
      version: 1,
      root: { name: ".", format: "node", type: "", acl: "Nonsense", tStamp: 0, verNo: 0 },
    };
    await writeFile(path, `{"format":"omadm-tree","version":1,"state":${JSON.stringify(state)}}`);
    expect(await errorCode(loadTreeFile(path))).toBe("TREE_FILE_INVALID");
  });

  it("refuse a file from a newer omadm with TREE_FILE_VERSION", async () => {
    await writeFile(path, '{"format":"omadm-tree","version":7,"state":{}}');
    expect(await errorCode(loadTreeFile(path))).toBe("TREE_FILE_VERSION");
  });

  it("refuse a file over maxBytes before reading it", async () => {
    await saveTreeFile(path, device());
    expect(await errorCode(loadTreeFile(path, { maxBytes: 100 }))).toBe("TREE_FILE_INVALID");
  });

  it("load into an existing tree, whose mounted handlers are mounted again", async () => {
    await saveTreeFile(path, device());
    const target = createTree({ clock });
    target.define("./DevInfo/Man", { data: "old" });
    expect(target.mount("./DevInfo/Man", { get: () => ({ status: 200, data: "from handler" }) }).status).toBe(
      200,
    );
    const loaded = await loadTreeFile(path, { into: target });
    expect(loaded.kind === "loaded" && loaded.tree).toBe(target);
    expect(target.get("./DevInfo/Man", undefined).results?.[0]?.data).toBe("from handler");
  });

  it("refuse to save while a transaction is open, and save after commit", async () => {
    const tree = device();
    const tx = tree.begin();
    expect(tree.add("./Vendor/X", { data: "1" }, "S1").status).toBe(200);
    expect(await errorCode(saveTreeFile(path, tree))).toBe("INVALID_ARGUMENT");
    expect(await readdir(dir)).toEqual([]);
    tx.commit();
    await saveTreeFile(path, tree);
    const loaded = await loadTreeFile(path);
    expect(loaded.kind === "loaded" && loaded.tree.get("./Vendor/X", undefined).status).toBe(200);
  });

  it("save after a rollback the tree as it was before the transaction, byte for byte", async () => {
    const tree = device();
    await saveTreeFile(path, tree);
    const before = await readFile(path);
    const tx = tree.begin();
    expect(tree.add("./Vendor/X", { data: "1" }, "S1").status).toBe(200);
    expect(tree.replace("./DevInfo/Man", { data: "changed" }, undefined).status).toBe(200);
    expect(tx.rollback().status).toBe(200);
    await saveTreeFile(path, tree);
    expect(await readFile(path)).toEqual(before);
  });

  it("save and load a plain state", async () => {
    const state = device().exportState();
    await saveTreeState(path, state);
    expect(await loadTreeState(path)).toEqual({ kind: "loaded", state, bytes: (await stat(path)).size });
  });
});

describe("the crash-safe write", () => {
  it("never writes in place: the old file stays whole for a reader that has it open", async () => {
    const tree = device();
    await saveTreeFile(path, tree);
    const oldBytes = await readFile(path);
    const oldInode = (await stat(path)).ino;
    const reader = await open(path, "r");
    try {
      expect(tree.add("./Vendor/Big", { data: "x".repeat(100_000) }, "S1").status).toBe(200);
      await saveTreeFile(path, tree);
      expect((await stat(path)).ino).not.toBe(oldInode);
      const seen = Buffer.alloc(oldBytes.length + 10);
      const { bytesRead } = await reader.read(seen, 0, seen.length, 0);
      expect(seen.subarray(0, bytesRead)).toEqual(oldBytes);
    } finally {
      await reader.close();
    }
  });

  it("leaves no temp file behind", async () => {
    await saveTreeFile(path, device());
    await saveTreeFile(path, device());
    expect(await readdir(dir)).toEqual(["tree.json"]);
  });

  it("removes temp files a crashed save left, on the next save and on the next load, and nothing else", async () => {
    const leftovers = [tempPathFor(path), tempPathFor(path)];
    for (const p of leftovers) await writeFile(p, "half a tree");
    const unrelated = ["tree.json.tmp-notours", "other.json.tmp-0123456789abcdef", "tree.json.bak"];
    for (const n of unrelated) await writeFile(join(dir, n), "keep");
    await saveTreeFile(path, device());
    expect((await readdir(dir)).sort()).toEqual([...unrelated, "tree.json"].sort());

    await writeFile(tempPathFor(path), "half a tree");
    expect((await loadTreeFile(path)).kind).toBe("loaded");
    expect((await readdir(dir)).sort()).toEqual([...unrelated, "tree.json"].sort());
  });

  it("finds nothing to load when only a temp file exists (the first save never finished), and removes it", async () => {
    await writeFile(tempPathFor(path), "half a tree");
    expect((await loadTreeFile(path)).kind).toBe("not-found");
    expect(await readdir(dir)).toEqual([]);
  });

  it("names temp files <path>.tmp-<16 hex digits> in the same directory", () => {
    expect(tempPathFor(path)).toMatch(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.tmp-[0-9a-f]{16}$`),
    );
  });

  it("creates the file readable by its owner only, and keeps the mode of a file it replaces", async () => {
    await saveTreeFile(path, device());
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await chmod(path, 0o640);
    await saveTreeFile(path, device());
    expect((await stat(path)).mode & 0o777).toBe(0o640);
  });

  it("removes its temp file when the rename fails, and throws the file system error", async () => {
    await mkdir(path); // a directory where the file should go: rename(2) refuses
    await writeFile(join(path, "x"), "");
    await expect(saveTreeFile(path, device())).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
    expect(await readdir(dir)).toEqual(["tree.json"]);
  });

  it("keeps another in-process write's temp file while it runs", async () => {
    const write = writeFileAtomic(path, new Uint8Array(64 * 1024 * 1024));
    let temp: string | undefined;
    while (temp === undefined) {
      temp = (await readdir(dir)).find((n) => n.startsWith("tree.json.tmp-"));
      if (temp === undefined) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await removeStaleTempFiles(path)).toBe(0);
    await write;
    expect(await readdir(dir)).toEqual(["tree.json"]);
    expect((await stat(path)).size).toBe(64 * 1024 * 1024);
  });

  it("counts what it removed, and has nothing to remove in a missing directory", async () => {
    await writeFile(tempPathFor(path), "");
    expect(await removeStaleTempFiles(path)).toBe(1);
    expect(await removeStaleTempFiles(join(dir, "missing", "tree.json"))).toBe(0);
  });

  it("writes without fsync when asked (fsync: false), still by rename", async () => {
    await saveTreeFile(path, device(), { fsync: false });
    expect((await loadTreeFile(path)).kind).toBe("loaded");
    expect(await readdir(dir)).toEqual(["tree.json"]);
  });
});
