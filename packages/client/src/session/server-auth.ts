/**
 * The server authenticating itself to the client (DMAcc SRVCRED) [TR-PRO §2.4], [TR-SEC §5.1.3,
 * §5.1.4], fact sheet §4.4: when the account holds a server credential, every server message must
 * carry a valid SyncHdr Cred (basic, MD5) until one was accepted (212), or a valid x-syncml-hmac
 * header on every message (answered 200 with a new NextNonce each time). Otherwise the SyncHdr
 * Status is 407 (nothing given) or 401 (wrong) with our Chal, and no command of that message runs.
 */
import type { Chal, SyncHdr } from "@omadm/protocol";
import {
  aauthTypeForScheme,
  encodeNonce,
  newNonce,
  parseHmacHeader,
  verifyBasicCredential,
  verifyHmac,
  verifyMd5Credential,
} from "@omadm/protocol";
import type { AccountStore, ServerAccount } from "../account/account-api.js";
import type { ClientScheme } from "./client-auth.js";
import { schemeOf } from "./client-auth.js";

/** The SyncHdr Status we give the server's message, and whether its commands may run. */
export interface ServerVerdict {
  readonly ok: boolean;
  readonly code: number;
  readonly chal?: Chal;
}

const chalType = { basic: "syncml:auth-basic", md5: "syncml:auth-md5", hmac: "syncml:auth-MAC" } as const;

export class ServerAuth {
  /** The account asks the server to authenticate at the DM level. */
  readonly required: boolean;
  authenticated = false;
  failures = 0;
  readonly #scheme: Exclude<ClientScheme, "none"> | undefined;
  readonly #account: ServerAccount;
  readonly #accounts: AccountStore;
  readonly #random: (n: number) => Uint8Array;
  /** The nonces a valid MD5/HMAC credential may be built with now (the latest first). */
  #nonces: Uint8Array[];
  /** The nonce of our latest Chal, stored only once a message carrying it is sent. */
  #pending: Uint8Array | undefined;

  constructor(account: ServerAccount, accounts: AccountStore, random: (n: number) => Uint8Array) {
    this.#account = account;
    this.#accounts = accounts;
    this.#random = random;
    const scheme = schemeOf(account.server?.type);
    // An X509/SecurID... credential cannot be checked here: such a server is never authenticated.
    this.#scheme = scheme === "none" ? undefined : scheme === undefined ? undefined : scheme;
    this.required = account.server !== undefined && scheme !== "none";
    this.#nonces = [account.server?.nonce ?? new Uint8Array(0)];
  }

  /** Checks one server message. `headers` are the transport headers, `body` the exact bytes. */
  verify(header: SyncHdr, headers: Readonly<Record<string, string>>, body: Uint8Array): ServerVerdict {
    const srv = this.#account.server;
    if (!this.required || srv === undefined) return { ok: true, code: 200 };
    const name = srv.name === "" ? this.#account.serverId : srv.name;
    switch (this.#scheme) {
      case "basic":
      case "md5": {
        const cred = header.cred;
        if (cred === undefined) return this.authenticated ? { ok: true, code: 200 } : this.#refuse(407);
        // Cred Meta Type defaults to basic (SyncML RepPro).
        const type = aauthTypeForScheme(cred.meta?.type ?? "syncml:auth-basic");
        const valid =
          this.#scheme === "basic"
            ? type === "BASIC" && verifyBasicCredential(cred.data, name, srv.secret)
            : type === "DIGEST" &&
              this.#nonces.some((n) =>
                verifyMd5Credential(cred.data, { username: name, password: srv.secret }, n),
              );
        if (!valid) return this.#refuse(401);
        const first = !this.authenticated;
        this.authenticated = true;
        // [TR-PRO §2.4.1] with MD5, a Chal beside 212 hands over the nonce for the next session.
        return first && this.#scheme === "md5"
          ? { ok: true, code: 212, chal: this.#challenge(true) }
          : { ok: true, code: 212 };
      }
      case "hmac": {
        const value = headerValue(headers, "x-syncml-hmac");
        if (value === undefined) return this.#refuse(407);
        let valid = false;
        try {
          const parsed = parseHmacHeader(value);
          valid = this.#nonces.some((n) =>
            verifyHmac(parsed, { username: name, password: srv.secret }, n, body),
          );
        } catch {
          valid = false;
        }
        if (!valid) return this.#refuse(401);
        this.authenticated = true;
        // [TR-SEC §5.1.4.3] 200 (not 212) and a new nonce for every message.
        return { ok: true, code: 200, chal: this.#challenge(false) };
      }
      case undefined:
        return this.#refuse(401);
    }
  }

  #refuse(code: 401 | 407): ServerVerdict {
    this.failures++;
    return { ok: false, code, chal: this.#challenge(false) };
  }

  /**
   * Stores the nonce of our latest Chal as the server's next nonce (SRVCRED AAuthData): called
   * when a message carrying that Chal is sent. A Chal that never leaves (the session ended on
   * the server's message) must not replace the nonce the server knows, or its next Package 0
   * and credential would fail. [TR-SEC §5.1.3.4]
   */
  commitChallenge(): void {
    if (this.#pending === undefined) return;
    this.#accounts.setServerNonce(this.#account.serverId, this.#pending);
    this.#pending = undefined;
  }

  /**
   * Our Chal: the scheme, and for MD5/HMAC a fresh nonce, valid at once for this session and
   * stored by commitChallenge. `keepOld`: the session's nonce stays valid too (MD5 after 212).
   */
  #challenge(keepOld: boolean): Chal {
    const scheme = this.#scheme ?? "basic";
    if (scheme === "basic") return { meta: { type: chalType.basic, format: "b64" } };
    const nonce = newNonce(this.#random);
    this.#pending = nonce;
    this.#nonces = keepOld ? [nonce, ...this.#nonces.slice(0, 1)] : [nonce];
    return { meta: { type: chalType[scheme], format: "b64", nextNonce: encodeNonce(nonce) } };
  }
}

/** A header by name, whatever its case. */
export function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}
