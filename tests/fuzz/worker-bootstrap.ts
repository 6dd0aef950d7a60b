/**
 * How a fuzz worker thread runs TypeScript: Node 20 cannot load .ts in a Worker, so each worker
 * starts from this small CommonJS script, which boots vite-node in the thread (the same steps as
 * the vite-node CLI) and executes fuzz-worker.ts. The "source" export condition is set here, for
 * SSR too, so "@omadm/protocol" resolves to packages/protocol/src and not to a stale dist build.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Absolute paths of the vite and vite-node modules, resolved from the repository root. */
export function viteModulePaths(): { vite: string; viteNodeServer: string; viteNodeClient: string } {
  const require = createRequire(`${repoRoot}package.json`);
  return {
    vite: require.resolve("vite"),
    viteNodeServer: require.resolve("vite-node/server"),
    viteNodeClient: require.resolve("vite-node/client"),
  };
}

/** The worker's entry script (eval: true). workerData: { boot: { root, entry, vite, ... }, ... }. */
export const workerBootCode = `
const { workerData } = require("node:worker_threads");
const { pathToFileURL } = require("node:url");
(async () => {
  const b = workerData.boot;
  const { createServer } = await import(pathToFileURL(b.vite).href);
  const { ViteNodeServer } = require(b.viteNodeServer);
  const { ViteNodeRunner } = require(b.viteNodeClient);
  const server = await createServer({
    root: b.root,
    configFile: false,
    logLevel: "error",
    clearScreen: false,
    server: { hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
    resolve: { conditions: ["source"] },
    ssr: { resolve: { conditions: ["source"] } },
  });
  await server.environments.client.pluginContainer.buildStart({});
  const node = new ViteNodeServer(server);
  const runner = new ViteNodeRunner({
    root: server.config.root,
    base: server.config.base,
    fetchModule: (id) => node.fetchModule(id),
    resolveId: (id, importer) => node.resolveId(id, importer),
  });
  await runner.executeId("/@vite/env");
  const mod = await runner.executeFile(b.entry);
  await server.close();
  await mod.runWorker(workerData);
})().catch((e) => {
  setImmediate(() => { throw e; });
});
`;
