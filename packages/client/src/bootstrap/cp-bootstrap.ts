/**
 * The CP-profile bootstrap: an OMA Client Provisioning document whose w7 APPLICATION
 * characteristics become DMAcc accounts. [TR-BOOT §3.1.3], fact sheet §8.5
 */
import type { CpDocument, DmAccount } from "@omadm/protocol";
import {
  cpCharacteristicsOf,
  decodeCp,
  dmAccountAcl,
  dmAccountFromW7,
  isW7Application,
  OmaDmError,
} from "@omadm/protocol";
import { isServerIdToken } from "@omadm/tree";
import { addAccount } from "../account/add-account.js";
import type {
  BootstrapKeys,
  BootstrapOutcome,
  BootstrapRefused,
  BootstrapSecurity,
  BootstrapTarget,
} from "./bootstrap-api.js";
import type { BootstrapStep, RunOptions } from "./bootstrap-run.js";
import { runBootstrap } from "./bootstrap-run.js";
import { macRefusal, refused } from "./bootstrap-security.js";

/**
 * Applies a CP document (WBXML or XML). With `security` (a push) the MAC is checked first and a
 * mismatch refused before decoding; without it the caller vouches for the source (factory file,
 * smartcard). Every w7 APPLICATION becomes an account under ./DMAcc with a unique `<X>` name and
 * an ACL granting Get, Replace and Delete to its PROVIDER-ID [TR-BOOT §3.1.3.4]; other
 * characteristics (NAPDEF, PXLOGICAL, other applications) are reported as skipped: this device
 * has no connectivity MO to map them to. A document without a w7 application creates nothing.
 */
export async function applyCpBootstrap(
  device: BootstrapTarget,
  cp: Uint8Array,
  security?: BootstrapSecurity,
  keys: BootstrapKeys = {},
): Promise<BootstrapOutcome> {
  if (security !== undefined) {
    const bad = macRefusal(cp, security, keys);
    if (bad !== undefined) return bad;
  }
  const step = cpStep(cp);
  if ("kind" in step) return step;
  return runBootstrap(device, step.run);
}

/** Applies a CP document from a trusted source with run options (the smartcard's). */
export async function applyCpDocument(
  device: BootstrapTarget,
  cp: Uint8Array,
  options?: RunOptions,
): Promise<BootstrapOutcome> {
  const step = cpStep(cp);
  if ("kind" in step) return step;
  return runBootstrap(device, step.run, options);
}

/** Decodes the document and maps its w7 applications; the step that adds them, or a refusal. */
export function cpStep(cp: Uint8Array): BootstrapRefused | { readonly run: BootstrapStep } {
  let doc: CpDocument;
  const accounts: DmAccount[] = [];
  try {
    doc = decodeCp(cp);
    for (const app of cpCharacteristicsOf(doc, "APPLICATION"))
      if (isW7Application(app)) accounts.push(dmAccountFromW7(app));
  } catch (e) {
    if (e instanceof OmaDmError) return refused("malformed", e.message);
    throw e;
  }
  return {
    run: (tree, skipped) => {
      for (const c of doc.characteristics) {
        if (c.kind === "characteristic" && !(c.type.toUpperCase() === "APPLICATION" && isW7Application(c))) {
          skipped.push({ what: c.type, reason: "only w7 APPLICATION characteristics are provisioned" });
        }
      }
      for (const account of accounts) {
        // A PROVIDER-ID the ACL grammar cannot write gets no ACL of its own (see accountAcl).
        const acl = isServerIdToken(account.serverId) ? dmAccountAcl(account.serverId) : "";
        const out = addAccount(tree, account, { acl });
        if (out.status === 418) {
          return refused(
            "server-exists",
            `the device already has an account for ${JSON.stringify(account.serverId)}`,
          );
        }
        if (out.status !== 200)
          return refused("tree-refused", `account ${account.serverId}: status ${out.status}`);
      }
      return {};
    },
  };
}
