import {
  DecodeError,
  decodePackage0,
  isSupportedPackage0Version,
  resyncNonce,
  sessionIdHex,
  verifyPackage0,
  type DecodeLimits,
  type Package0,
} from "@omadm/protocol";
import type { AccountStore } from "../account/index.js";
import type {
  IntakeLogger,
  NotificationOutcome,
  NotificationPrompt,
  NotificationRefusal,
  NotificationUi,
  SessionRequest,
} from "./intake-api.js";
import { RecentKeys } from "./recent-keys.js";
import { silentLogger } from "./silent-logger.js";

/** Options of NotificationIntake. */
export interface NotificationIntakeOptions {
  /** The device's accounts: the Package 0 ServerID picks one, its SRVCRED keys the digest. */
  readonly accounts: AccountStore;
  /** Called once for every notification that should start a session. */
  readonly onSession: (request: SessionRequest) => void;
  readonly ui?: NotificationUi;
  readonly log?: IntakeLogger;
  /** How many (ServerID, session id) pairs are remembered to drop duplicates; default 64. */
  readonly recentSessions?: number;
  /** Largest Package 0 accepted; default 4 KiB (8 header bytes, a 255-byte id, a vendor part). */
  readonly maxBytes?: number;
}

/**
 * Verifies Package 0 notifications and turns the good ones into session requests.
 * [TR-NOT §6.2] The digest is checked with the account's SRVCRED secret and stored server nonce,
 * then with both spellings of the resync nonce (fact sheet §4.6). Unknown servers and bad digests
 * are logged and start nothing; a (ServerID, session id) seen recently starts nothing again
 * [TR-NOT §6.2.2.10]; ui-mode decides whether the user is asked, told, or not bothered
 * [TR-NOT §6.2.2.7].
 */
export class NotificationIntake {
  readonly #options: NotificationIntakeOptions;
  readonly #log: IntakeLogger;
  readonly #recent: RecentKeys;
  readonly #limits: Partial<DecodeLimits>;

  constructor(options: NotificationIntakeOptions) {
    this.#options = options;
    this.#log = options.log ?? silentLogger;
    this.#recent = new RecentKeys(options.recentSessions ?? 64);
    this.#limits = { maxBytes: options.maxBytes ?? 4096 };
  }

  /** Handles one Package 0 received from `source` (for the log). Never throws. */
  async receive(bytes: Uint8Array, source = "unknown"): Promise<NotificationOutcome> {
    let pkg: Package0;
    try {
      pkg = decodePackage0(bytes, this.#limits);
    } catch (e) {
      const reason = e instanceof DecodeError ? `${e.code} at byte ${e.offset}` : String(e);
      this.#log.warn({ source, bytes: bytes.length, reason }, "malformed Package 0 dropped");
      return { accepted: false, refusal: "malformed" };
    }
    const { serverId } = pkg;
    const refuse = (refusal: NotificationRefusal, message: string): NotificationOutcome => {
      this.#log.warn({ source, serverId, sessionId: pkg.sessionId, refusal }, message);
      return { accepted: false, refusal, serverId };
    };
    if (!isSupportedPackage0Version(pkg.version)) {
      return refuse("unsupported-version", `Package 0 version ${pkg.version} is not supported`);
    }
    const account = this.#options.accounts.byServerId(serverId);
    if (account === undefined) return refuse("unknown-server", "Package 0 from an unknown server");
    const credential = account.server;
    if (credential === undefined) {
      return refuse("no-server-credential", "account has no SRVCRED to verify the Package 0 digest");
    }
    const match = verifyPackage0(pkg, { serverPassword: credential.secret }, credential.nonce);
    if (match === "none") return refuse("bad-digest", "Package 0 digest does not verify");

    const key = `${serverId}\u0000${pkg.sessionId}`;
    if (this.#recent.has(key)) {
      this.#log.info({ source, serverId, sessionId: pkg.sessionId }, "duplicate Package 0 ignored");
      return { accepted: false, refusal: "duplicate", serverId };
    }
    // Remember it before any await: a copy arriving while the user is asked is a duplicate too.
    this.#recent.add(key);

    if (match !== "stored") {
      // fact sheet §4.6: the server lost our nonce; both sides restart from the resync nonce,
      // and the session's challenges hand out fresh ones.
      const nonce = resyncNonce(match);
      this.#options.accounts.setServerNonce(serverId, nonce);
      if (account.client !== undefined) this.#options.accounts.setClientNonce(serverId, nonce);
      this.#log.info({ serverId, nonce: match }, "Package 0 verified with the resync nonce");
    }

    const prompt: NotificationPrompt = {
      serverId,
      ...(account.name === undefined ? {} : { serverName: account.name }),
      initiator: pkg.initiator,
      text: promptText(account.name ?? serverId, pkg),
    };
    const ui = this.#options.ui;
    switch (pkg.uiMode) {
      case "user-interaction":
        if (ui?.confirm !== undefined) {
          let allowed = false;
          try {
            allowed = await ui.confirm(prompt);
          } catch (e) {
            this.#log.warn({ serverId, error: String(e) }, "user prompt failed; session not started");
          }
          if (!allowed) return refuse("declined", "user declined the server's session");
        }
        break;
      case "informative":
        // Tell the user, but do not wait: the session does not depend on it.
        if (ui?.notify !== undefined) {
          Promise.resolve()
            .then(() => ui.notify?.(prompt))
            .catch((e: unknown) => this.#log.warn({ serverId, error: String(e) }, "user notice failed"));
        }
        break;
      case "background":
      case "not-specified":
        break;
    }
    const request: SessionRequest = {
      serverId,
      trigger: { kind: "server", sessionId: pkg.sessionId, uiMode: pkg.uiMode, initiator: pkg.initiator },
    };
    this.#log.info(
      {
        source,
        serverId,
        sessionId: sessionIdHex(pkg.sessionId),
        uiMode: pkg.uiMode,
        initiator: pkg.initiator,
      },
      "Package 0 accepted",
    );
    this.#options.onSession(request);
    return { accepted: true, request, nonce: match };
  }
}

function promptText(server: string, pkg: Package0): string {
  // [TR-NOT §6.2.2.8] initiator "user": the end user asked for this (e.g. through customer care).
  const who = pkg.initiator === "user" ? " (at your request)" : "";
  return pkg.uiMode === "user-interaction"
    ? `${server}${who} wants to manage this device. Allow?`
    : `${server}${who} is managing this device.`;
}
