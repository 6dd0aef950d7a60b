// The omadm command, bundled by the benchmark from the TypeScript sources (bench-processes.ts).
import { main } from "@omadm/cli";

process.exitCode = await main(process.argv.slice(2));
