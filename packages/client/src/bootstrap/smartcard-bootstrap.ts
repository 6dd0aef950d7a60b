/**
 * The smartcard bootstrap, with a file standing in for the card. [TR-BOOT §3.1.4.6],
 * [TR-BOOT §3.1.3.5.1], fact sheet §8.6: read at every start; the card is a trusted transport
 * (no MAC) [TR-SEC §5.1.7.2.2]; accounts that came from a card that is gone, or whose content
 * changed, are removed.
 *
 * Which accounts came from the card is kept in a small record file next to the device
 * (`<tree>.smartcard.json`: the card's digest and its ServerIDs), written crash-safely. The
 * record is written before the tree with the union of the old and new ServerIDs, and again after
 * the tree with the new ones, so after a crash at any moment it lists every card account.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { decodeCp, decodeSyncML, OmaDmError, sniffEncoding } from "@omadm/protocol";
import { writeFileAtomic } from "@omadm/tree";
import { accountSnapshot } from "./account-changes.js";
import type { BootstrapOutcome, BootstrapTarget } from "./bootstrap-api.js";
import type { BootstrapStep } from "./bootstrap-run.js";
import { runBootstrap } from "./bootstrap-run.js";
import { refused } from "./bootstrap-security.js";
import { cpStep } from "./cp-bootstrap.js";
import { dmProfileStep } from "./dm-profile-bootstrap.js";

/** Options of `applySmartcardBootstrap`. */
export interface SmartcardOptions {
  /** Where the card record lives; default `<device.paths.tree>.smartcard.json`. */
  readonly recordPath?: string;
  /** false: skip fsync of the record (simulators). Default true. */
  readonly fsync?: boolean;
}

interface CardRecord {
  readonly digest: string;
  readonly serverIds: readonly string[];
}

const recordFormat = "omadm-smartcard";
const emptyRecord: CardRecord = { digest: "", serverIds: [] };

/**
 * Reads the card file and brings the device in line with it: a missing file (no card) removes
 * the accounts an earlier card made; an unchanged card does nothing (nonces and server changes
 * are kept); a new or changed card replaces the earlier card's accounts with its own. The card
 * holds a DM-profile message (WBXML) or a CP document (WBXML or XML). A card account for a
 * server that already has an account not made by a card is refused ("server-exists").
 */
export async function applySmartcardBootstrap(
  device: BootstrapTarget & { readonly paths?: { readonly tree: string } },
  cardFile: string,
  options: SmartcardOptions = {},
): Promise<BootstrapOutcome> {
  const recordPath =
    options.recordPath ?? (device.paths === undefined ? undefined : `${device.paths.tree}.smartcard.json`);
  if (recordPath === undefined)
    throw new OmaDmError("INVALID_ARGUMENT", "applySmartcardBootstrap needs a record path");
  const write = (r: CardRecord) => writeRecord(recordPath, r, options.fsync);
  const record = await readRecord(recordPath);
  const card = await readCard(cardFile);

  if (card === undefined) {
    if (record.serverIds.length === 0) return { kind: "applied", accounts: [], removed: [], skipped: [] };
    const out = await runBootstrap(device, () => ({}), { removeFirst: record.serverIds });
    if (out.kind === "applied") await write(emptyRecord);
    return out;
  }

  const digest = createHash("sha256").update(card).digest("hex");
  const present = new Set([...accountSnapshot(device.tree).values()].map((a) => a.serverId));
  if (digest === record.digest && record.serverIds.every((id) => present.has(id))) {
    return { kind: "applied", accounts: [], removed: [], skipped: [] };
  }
  const step = cardStep(card);
  if ("kind" in step) return step;
  // A dry run tells which servers the card provisions, for the record written before the tree.
  const dry = await runBootstrap(device, step.run, { removeFirst: record.serverIds, dryRun: true });
  if (dry.kind === "refused") return dry;
  const serverIds = dry.accounts.map((a) => a.serverId);
  await write({ digest: record.digest, serverIds: [...new Set([...record.serverIds, ...serverIds])] });
  const out = await runBootstrap(device, step.run, { removeFirst: record.serverIds });
  if (out.kind === "applied") await write({ digest, serverIds: out.accounts.map((a) => a.serverId) });
  return out;
}

function cardStep(card: Uint8Array): ReturnType<typeof cpStep> | { readonly run: BootstrapStep } {
  // A SyncML message is a DM-profile bootstrap (which must be WBXML); anything else must be CP.
  let isSyncml = false;
  try {
    decodeSyncML(card);
    isSyncml = true;
  } catch (e) {
    if (!(e instanceof OmaDmError)) throw e;
  }
  if (isSyncml) return dmProfileStep(card);
  try {
    decodeCp(card);
  } catch (e) {
    if (!(e instanceof OmaDmError)) throw e;
    const kind = sniffEncoding(card) ?? "unknown";
    return refused("malformed", `the card holds neither a DM-profile message nor a CP document (${kind})`);
  }
  return cpStep(card);
}

async function readCard(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as { code?: unknown }).code === "ENOENT") return undefined;
    throw e;
  }
}

async function readRecord(path: string): Promise<CardRecord> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as { code?: unknown }).code === "ENOENT") return emptyRecord;
    throw e;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === "object" && parsed !== null) {
      const { format, digest, serverIds } = parsed as Record<string, unknown>;
      if (
        format === recordFormat &&
        typeof digest === "string" &&
        Array.isArray(serverIds) &&
        serverIds.every((s) => typeof s === "string")
      ) {
        return { digest, serverIds };
      }
    }
  } catch {
    // fall through: a damaged record
  }
  throw new OmaDmError("INVALID_ARGUMENT", `smartcard record ${path} is damaged`);
}

async function writeRecord(path: string, record: CardRecord, fsync: boolean | undefined): Promise<void> {
  const json = JSON.stringify({
    format: recordFormat,
    version: 1,
    digest: record.digest,
    serverIds: record.serverIds,
  });
  await writeFileAtomic(path, Buffer.from(`${json}\n`, "utf8"), fsync === undefined ? {} : { fsync });
}
