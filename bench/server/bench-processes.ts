/**
 * The processes of the server benchmark: the omadm command, the fleet and the floor server are
 * each bundled once from the TypeScript sources with esbuild (so they run under Node's own
 * loader, as users run the built package, never a stale dist/) and started as child processes;
 * their memory and CPU are read from /proc.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const here = fileURLToPath(new URL("./", import.meta.url));

/** The bundled entry points (ESM files under node_modules/.cache, where their externals resolve). */
export interface BenchBundles {
  readonly omadm: string;
  readonly fleet: string;
  readonly floor: string;
}

/**
 * Bundles omadm-entry.ts, fleet.ts and floor-server.ts. OMADM_BENCH_SERVER=FILE.mjs runs that
 * file instead of `omadm` as the server (an experiment: it gets the `omadm server` flags).
 */
export async function bundleEntries(): Promise<BenchBundles> {
  const { build } = await import("esbuild");
  const dir = join(repoRoot, "node_modules/.cache/omadm-bench-server");
  mkdirSync(dir, { recursive: true });
  const one = async (entry: string, name: string) => {
    const outfile = join(dir, `${name}.mjs`);
    await build({
      entryPoints: [join(here, entry)],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile,
      // The workspace packages' "source" export: their TypeScript.
      conditions: ["source"],
      // Database drivers and pino stay packages: node-sqlite3-wasm finds its .wasm next to itself.
      external: ["node-sqlite3-wasm", "pg", "pino"],
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
      logLevel: "error",
    });
    return outfile;
  };
  // An experiment may swap the server for another bundled entry taking the same flags.
  const serverEntry = process.env["OMADM_BENCH_SERVER"];
  return {
    omadm:
      serverEntry === undefined || serverEntry === "" ? await one("omadm-entry.ts", "omadm") : serverEntry,
    fleet: await one("fleet.ts", "fleet"),
    floor: await one("floor-server.ts", "floor-server"),
  };
}

/** A child node process with its output lines. */
export interface NodeProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern` (seen already or to come). */
  waitForLine(pattern: RegExp, ms?: number): Promise<string>;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `ms`; resolves once it has exited. */
  stop(ms?: number): Promise<number | null>;
}

/** Starts `node [nodeArgs] file [args]` in the repository root. */
export function startNode(
  file: string,
  args: readonly string[],
  nodeArgs: readonly string[] = [],
): NodeProcess {
  const child = spawn(process.execPath, [...nodeArgs, file, ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`could not start ${file}`);
  let out = "";
  let err = "";
  const waiters = new Set<() => void>();
  child.stdout?.setEncoding("utf8");
  child.stderr?.setEncoding("utf8");
  child.stdout?.on("data", (c: string) => {
    out += c;
    for (const w of [...waiters]) w();
  });
  child.stderr?.on("data", (c: string) => (err += c));
  const exited = new Promise<number | null>((resolve) =>
    child.once("close", (code) => {
      for (const w of [...waiters]) w();
      resolve(code);
    }),
  );
  return {
    child,
    pid: child.pid,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForLine(pattern, ms = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${String(pattern)} from ${file} in ${ms} ms\nstdout: ${out}\nstderr: ${err}`));
        }, ms);
        const check = () => {
          const line = out.split("\n").find((l) => pattern.test(l));
          if (line !== undefined) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(line);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(
              new Error(
                `${file} exited (${child.exitCode ?? child.signalCode}) before ${String(pattern)}\nstdout: ${out}\nstderr: ${err}`,
              ),
            );
          }
        };
        waiters.add(check);
        check();
      });
    },
    async stop(ms = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), ms);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Resident set size of a process in MB (VmRSS of /proc/PID/status). */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (m === null) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]) / 1024;
}

/** CPU time (user + system) a process has used so far, ms (/proc/PID/stat, USER_HZ 100). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which is in parentheses and may hold spaces).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Samples a process's RSS every `everyMs` until stopped; reports the peak and the last sample. */
export function rssSampler(pid: number, everyMs = 100): { stop(): { peakMb: number; lastMb: number } } {
  let peak = rssMb(pid);
  let last = peak;
  const timer = setInterval(() => {
    try {
      last = rssMb(pid);
      peak = Math.max(peak, last);
    } catch {
      // the process has ended
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      try {
        last = rssMb(pid);
        peak = Math.max(peak, last);
      } catch {
        // the process has ended
      }
      return { peakMb: peak, lastMb: last };
    },
  };
}
