/**
 * One entry point for a bootstrap that arrived over WAP push (SMS, UDP, HTTP): the policy for an
 * untrusted channel is that the MAC is required, for the CP profile as for the DM profile.
 * [TR-SEC §5.1.7.2.2], [TR-BOOT §3.1.1] "only from authorized sources".
 */
import type { SecMethod } from "@omadm/protocol";
import type { BootstrapKeys, BootstrapOutcome, BootstrapTarget } from "./bootstrap-api.js";
import { refused } from "./bootstrap-security.js";
import { applyCpBootstrap } from "./cp-bootstrap.js";
import { applyDmBootstrap } from "./dm-profile-bootstrap.js";

/** A pushed bootstrap as intake hands it over (intake's BootstrapPush fits this shape). */
export interface PushedBootstrap {
  readonly profile: "dm" | "cp";
  readonly document: Uint8Array;
  readonly sec?: SecMethod;
  readonly mac?: string;
}

/** Applies a pushed DM-profile or CP bootstrap; without SEC and MAC it is refused. */
export async function applyBootstrapPush(
  device: BootstrapTarget,
  push: PushedBootstrap,
  keys: BootstrapKeys,
): Promise<BootstrapOutcome> {
  if (push.sec === undefined || push.mac === undefined) {
    return refused("unsupported-security", "a pushed bootstrap must carry SEC and MAC");
  }
  const security = { method: push.sec, mac: push.mac };
  switch (push.profile) {
    case "dm":
      return applyDmBootstrap(device, push.document, security, keys);
    case "cp":
      return applyCpBootstrap(device, push.document, security, keys);
  }
}
