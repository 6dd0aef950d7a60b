/**
 * The client authenticating itself to the server (DMAcc CLCRED) [TR-PRO §2.4], [TR-SEC §5.1.3,
 * §5.1.4], fact sheet §4: basic and MD5 go in the SyncHdr Cred, HMAC in the x-syncml-hmac header
 * over the exact body bytes with a new nonce every message. The server's SyncHdr Status drives it:
 * 212 authenticated for the session, 200 keep sending credentials, 401/407 with Chal answer again
 * with the scheme and nonce asked for.
 */
import type { AAuthType, Chal, Cred, Status } from "@omadm/protocol";
import {
  aauthTypeForScheme,
  basicCredential,
  decodeNonce,
  formatHmacHeader,
  hmacMac,
  md5Credential,
} from "@omadm/protocol";
import type { AccountStore, ServerAccount } from "../account/account-api.js";

/** The DM-level schemes; "none" when the account authenticates at the transport (or not at all). */
export type ClientScheme = "none" | "basic" | "md5" | "hmac";

export function schemeOf(type: AAuthType | undefined): ClientScheme | undefined {
  switch (type) {
    case "BASIC":
      return "basic";
    case "DIGEST":
      return "md5";
    case "HMAC":
      return "hmac";
    case undefined:
    case "HTTP-BASIC":
    case "HTTP-DIGEST":
    case "TRANSPORT":
      return "none";
    case "X509":
    case "SECURID":
    case "SAFEWORD":
    case "DIGIPASS":
      return undefined;
  }
}

/** What the session does after the server's SyncHdr Status for our message. */
export type ClientAuthStep =
  | { readonly kind: "ok" }
  | { readonly kind: "retry"; readonly code: number }
  | { readonly kind: "failed"; readonly reason: string };

export class ClientAuth {
  scheme: ClientScheme;
  /** The nonce the next MD5/HMAC credential is built with (decoded bytes). */
  nonce: Uint8Array;
  /** 212 received: no more Cred this session (HMAC still signs every message). */
  accepted = false;
  failures = 0;
  readonly #account: ServerAccount;
  readonly #accounts: AccountStore;
  readonly #maxFailures: number;

  constructor(account: ServerAccount, accounts: AccountStore, maxFailures: number) {
    this.#account = account;
    this.#accounts = accounts;
    this.#maxFailures = maxFailures;
    this.scheme = schemeOf(account.client?.type) ?? "none";
    this.nonce = account.client?.nonce ?? new Uint8Array(0);
  }

  /** The user name: SyncHdr Source LocName, and the HMAC header's username. [TR-REP §4.1.1.9] */
  get userName(): string | undefined {
    return this.scheme === "none" ? undefined : this.#account.client?.name;
  }

  /** The SyncHdr Cred for the next message, if one is due. */
  cred(): Cred | undefined {
    const c = this.#account.client;
    if (c === undefined || this.accepted) return undefined;
    switch (this.scheme) {
      case "basic":
        return {
          meta: { type: "syncml:auth-basic", format: "b64" },
          data: basicCredential(c.name, c.secret),
        };
      case "md5":
        return {
          meta: { type: "syncml:auth-md5", format: "b64" },
          data: md5Credential(c.name, c.secret, this.nonce),
        };
      case "hmac":
      case "none":
        return undefined;
    }
  }

  /** The transport headers for `body`: x-syncml-hmac when HMAC is in use. [TR-SEC §5.1.4.3] */
  headers(body: Uint8Array): Record<string, string> {
    const c = this.#account.client;
    if (this.scheme !== "hmac" || c === undefined) return {};
    return {
      "x-syncml-hmac": formatHmacHeader({
        username: c.name,
        mac: hmacMac(c.name, c.secret, this.nonce, body),
      }),
    };
  }

  /**
   * Reads the server's SyncHdr Status for our last message. `trusted`: the server authenticated
   * itself in that message (or the account does not ask it to), so a NextNonce may be stored for
   * the next session; an untrusted one is still used for this session. [TR-SEC §5.1.3.4]
   */
  onStatus(status: Status, trusted: boolean): ClientAuthStep {
    const code = status.data;
    if (code === 212 || code === 200) {
      if (code === 212 && this.scheme !== "hmac") this.accepted = true;
      this.#takeNonce(status.chal, trusted);
      return { kind: "ok" };
    }
    if (code === 401 || code === 407) {
      this.failures++;
      this.accepted = false;
      if (this.failures > this.#maxFailures)
        return { kind: "failed", reason: `authentication refused ${this.failures} times (${code})` };
      if (this.#account.client === undefined)
        return {
          kind: "failed",
          reason: `server requires authentication (${code}) and the account has no client credential`,
        };
      if (status.chal !== undefined) {
        const type = aauthTypeForScheme(status.chal.meta.type ?? "syncml:auth-basic");
        const scheme = schemeOf(type);
        if (scheme === undefined || scheme === "none") {
          return {
            kind: "failed",
            reason: `server asked for unsupported scheme ${status.chal.meta.type ?? "?"}`,
          };
        }
        this.scheme = scheme;
        this.#takeNonce(status.chal, trusted);
        return { kind: "retry", code };
      }
      // [TR-PRO §2.4.1] 401 without a Chal refuses the credentials; 407 without one still lets us
      // send the configured credentials if we had not.
      const configured = schemeOf(this.#account.client.type);
      if (code === 407 && this.scheme === "none" && configured !== undefined && configured !== "none") {
        this.scheme = configured;
        return { kind: "retry", code };
      }
      return { kind: "failed", reason: `server refused authentication (${code}) without a challenge` };
    }
    if (code >= 300) return { kind: "failed", reason: `server answered the SyncHdr with ${code}` };
    return { kind: "ok" };
  }

  #takeNonce(chal: Chal | undefined, trusted: boolean): void {
    const text = chal?.meta.nextNonce;
    if (text === undefined) return;
    let nonce: Uint8Array;
    try {
      nonce = decodeNonce(text);
    } catch {
      return; // not base64: keep the nonce we had
    }
    this.nonce = nonce;
    if (trusted) this.#accounts.setClientNonce(this.#account.serverId, nonce);
  }
}
