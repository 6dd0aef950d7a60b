/**
 * The simulated devices of the server benchmark: device `i` has fixed credentials derived from
 * `i`, so the benchmark seeds the server's store and the fleet (another process) builds the same
 * device from the number alone. Every session runs Package 1 (Alert 1201, DevInfo, MD5 Cred),
 * then the five queued commands below, then the results, then the end.
 */
import type { DmCommand } from "@omadm/server";

/** Our ServerID in the benchmark. */
export const benchServerId = "omadm.bench";

/** The DMAcc account node the starter device makes for benchServerId. */
export const benchAccountUri = `./DMAcc/${benchServerId}`;

/** One simulated device's identity and secrets (MD5 both ways). */
export interface BenchDevice {
  readonly devId: string;
  readonly clientName: string;
  readonly clientSecret: string;
  readonly serverSecret: string;
}

/** Device number `i` (0-based); ids are 15-digit IMEIs. */
export function benchDevice(i: number): BenchDevice {
  return {
    devId: `IMEI:${String(350000000000000 + i)}`,
    clientName: `dev${i}`,
    clientSecret: `client-secret-${i}`,
    serverSecret: `server-secret-${i}`,
  };
}

/** What each session carries: 3 Gets and 2 Replaces, queued before the run. */
export function benchCommands(i: number): DmCommand[] {
  return [
    { kind: "Get", uri: "./DevInfo/Mod" },
    { kind: "Get", uri: "./DevDetail/SwV" },
    { kind: "Get", uri: "./DevDetail/FwV" },
    { kind: "Replace", uri: `${benchAccountUri}/Name`, format: "chr", data: { text: `bench-${i}` } },
    { kind: "Replace", uri: `${benchAccountUri}/AAuthPref`, format: "chr", data: { text: "DIGEST" } },
  ];
}
