/**
 * Loads the built @omadm/protocol (packages/protocol/dist), the JavaScript its users run, for
 * timing. run.sh builds it first and tells vite-node to leave dist/ to Node's own ESM loader
 * (`--options.deps.external=/packages/protocol/dist/`); without that flag vite-node transforms
 * it like any source file, which adds a getter call to every cross-module import. `build` says
 * which of the two was timed.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type * as Protocol from "@omadm/protocol";

export type ProtocolModule = typeof Protocol;

const distIndex = new URL("../../packages/protocol/dist/index.js", import.meta.url);

export async function loadProtocol(): Promise<{ protocol: ProtocolModule; build: string }> {
  if (!existsSync(fileURLToPath(distIndex))) {
    throw new Error("packages/protocol/dist is missing: run `npx tsc -b packages/protocol` first");
  }
  const protocol = (await import(/* @vite-ignore */ distIndex.href)) as ProtocolModule;
  const native = !String(protocol.encodeSyncML).includes("__vite_ssr_import");
  return { protocol, build: native ? "dist, Node ESM loader" : "dist, transformed by vite-node" };
}
