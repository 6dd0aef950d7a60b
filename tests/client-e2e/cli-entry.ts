// Runs the omadm command from the TypeScript sources (under vite-node, with the workspace
// aliases of vite.config.ts), so these tests never run a stale dist/.
import { main } from "../../packages/cli/src/main.js";

process.exitCode = await main(process.argv.slice(2));
