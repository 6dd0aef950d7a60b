/**
 * Runs the omadm command from the TypeScript sources in a child process: bundled once with
 * esbuild (as tests/client-e2e does) into node_modules/.cache, so the database drivers left
 * external (node-sqlite3-wasm finds its .wasm next to its own file) resolve from the workspace.
 * Falls back to vite-node when esbuild cannot be loaded.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const entry = fileURLToPath(new URL("../client-e2e/cli-entry.ts", import.meta.url));
const viteNode = join(root, "node_modules/.bin/vite-node");

let bundled: Promise<string | undefined> | undefined;

function bundle(): Promise<string | undefined> {
  bundled ??= (async () => {
    try {
      const { build } = await import("esbuild");
      const dir = join(root, "node_modules/.cache/omadm-server-e2e");
      mkdirSync(dir, { recursive: true });
      // Bundles of test workers that were killed before their exit hook ran.
      for (const name of readdirSync(dir)) {
        const file = join(dir, name);
        if (Date.now() - statSync(file).mtimeMs > 600_000) rmSync(file, { force: true });
      }
      const outfile = join(dir, `omadm-${process.pid}.mjs`);
      process.once("exit", () => rmSync(outfile, { force: true }));
      await build({
        entryPoints: [entry],
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        outfile,
        conditions: ["source"],
        external: ["node-sqlite3-wasm", "pg", "pino"],
        // Bundled CommonJS code may call require(): give the ES module one.
        banner: {
          js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
        },
        logLevel: "error",
      });
      return outfile;
    } catch {
      return undefined;
    }
  })();
  return bundled;
}

/** A running omadm process with its output so far. */
export interface OmadmProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout matches. */
  waitForStdout(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  readonly exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts `omadm ARGS` with extra environment variables. */
export async function startOmadm(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<OmadmProcess> {
  const file = await bundle();
  const [command, argv] =
    file === undefined ? [viteNode, [entry, "--", ...args]] : [process.execPath, [file, ...args]];
  const child = spawn(command, argv, {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let out = "";
  let err = "";
  const waiters: (() => void)[] = [];
  child.stdout?.setEncoding("utf8");
  child.stderr?.setEncoding("utf8");
  child.stdout?.on("data", (c: string) => {
    out += c;
    for (const w of [...waiters]) w();
  });
  child.stderr?.on("data", (c: string) => (err += c));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => {
      for (const w of [...waiters]) w();
      resolve({ code, stdout: out, stderr: err });
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForStdout(pattern, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${pattern} in stdout: ${out}\nstderr: ${err}`)),
          ms,
        );
        const check = () => {
          const m = pattern.exec(out);
          if (m !== null) {
            clearTimeout(timer);
            waiters.splice(waiters.indexOf(check), 1);
            resolve(m);
          } else if (child.exitCode !== null) {
            clearTimeout(timer);
            reject(new Error(`exited ${child.exitCode} before ${pattern}: ${out}\nstderr: ${err}`));
          }
        };
        waiters.push(check);
        check();
      });
    },
  };
}

/** Runs `omadm ARGS` to its end. */
export async function runOmadm(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return (await startOmadm(args, env)).exited;
}
