/**
 * Starting and steering the crash child (crash-child.ts) from the test.
 *
 * The child is bundled once into a plain ESM script with esbuild (vite's own bundler, present in
 * node_modules through vitest), so each of the 50 trials starts a bare `node` in ~0.1 s; without
 * esbuild it runs through vite-node (~1.5 s a start). Either way @omadm/* come from the sources.
 */
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CrashPhase } from "./crash-tree.js";
import { crashPhases } from "./crash-tree.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const childSource = fileURLToPath(new URL("./crash-child.ts", import.meta.url));

/** How to start the child: the command and the arguments before the tree file. */
export interface ChildCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly runner: "bundle" | "vite-node";
}

/** Bundles the child into `dir`, or falls back to vite-node. */
export async function prepareCrashChild(dir: string): Promise<ChildCommand> {
  try {
    const esbuild = await import("esbuild");
    const outfile = join(dir, "crash-child.mjs");
    await esbuild.build({
      entryPoints: [childSource],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      // @omadm/* resolve to their TypeScript sources (the packages' "source" export condition).
      conditions: ["source"],
      absWorkingDir: repoRoot,
      logLevel: "error",
    });
    return { command: process.execPath, args: [outfile], runner: "bundle" };
  } catch {
    return {
      command: process.execPath,
      args: [
        join(repoRoot, "node_modules/vite-node/vite-node.mjs"),
        "--config",
        join(repoRoot, "vite.config.ts"),
        childSource,
      ],
      runner: "vite-node",
    };
  }
}

/** One marker line of the child: the phase, its turn, and the child's clock in ms. */
export interface Marker {
  readonly phase: CrashPhase;
  readonly turn: number;
  readonly at: number;
}

/** A running child. */
export interface CrashChild {
  /** Resolves when the child has printed `ready` (modules loaded, Add payload built). */
  readonly ready: Promise<void>;
  /** Lets the child start its loop. */
  go(): void;
  /**
   * Calls `action` synchronously when the `occurrence`-th (1-based) marker of `phase` arrives,
   * before any later marker is looked at.
   */
  when(phase: CrashPhase, occurrence: number, action: () => void): void;
  /** Sends SIGKILL now. */
  kill(): void;
  /** Every marker received, in order. */
  readonly markers: readonly Marker[];
  /** Resolves when the child has exited and its output is drained: the signal or exit code, and stderr. */
  readonly closed: Promise<{
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    readonly stderr: string;
  }>;
}

/** Starts the child on `treePath`. */
export function startCrashChild(command: ChildCommand, treePath: string): CrashChild {
  const child: ChildProcess = spawn(command.command, [...command.args, treePath], {
    cwd: repoRoot,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const markers: Marker[] = [];
  const counts = new Map<CrashPhase, number>();
  const waiters: { phase: CrashPhase; occurrence: number; action: () => void }[] = [];
  let stderr = "";
  let pending = "";
  let readyResolve: () => void = () => undefined;
  let readyReject: (e: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });

  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => {
    pending += chunk;
    for (let nl = pending.indexOf("\n"); nl >= 0; nl = pending.indexOf("\n")) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      const [phase, turn, at] = line.split(" ");
      if (!(crashPhases as readonly string[]).includes(phase ?? "")) continue;
      const marker: Marker = { phase: phase as CrashPhase, turn: Number(turn), at: Number(at) };
      markers.push(marker);
      const n = (counts.get(marker.phase) ?? 0) + 1;
      counts.set(marker.phase, n);
      if (marker.phase === "ready") readyResolve();
      for (let i = 0; i < waiters.length; i++) {
        const w = waiters[i];
        if (w !== undefined && w.phase === marker.phase && w.occurrence === n) {
          waiters.splice(i--, 1);
          w.action();
        }
      }
    }
  });
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr += chunk;
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => {
      child.on("close", (code, signal) => {
        readyReject(new Error(`the crash child exited before it was ready (${code ?? signal}): ${stderr}`));
        resolve({ code, signal, stderr });
      });
    },
  );
  return {
    ready,
    go: () => {
      child.stdin?.write("go\n");
    },
    when: (phase, occurrence, action) => {
      waiters.push({ phase, occurrence, action });
    },
    kill: () => {
      child.kill("SIGKILL");
    },
    markers,
    closed,
  };
}

/** Busy-waits `ms` milliseconds: timers are too coarse (1 ms) for a save of a few milliseconds. */
export function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // wait
  }
}
