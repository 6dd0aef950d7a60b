/**
 * Authentication of a device's message from its Device record [TR-PRO §2.4], [TR-SEC §5.1.3,
 * §5.1.4], fact sheet §4: basic and MD5 in the SyncHdr Cred, HMAC in the x-syncml-hmac header
 * over the exact body. Pure: the caller persists the new nonce and counts failures.
 */
import type { Chal, RandomBytes, SyncHdr } from "@omadm/protocol";
import {
  aauthTypeForScheme,
  parseBasicCredential,
  parseHmacHeader,
  userPassHash,
  verifyHmac,
  verifyMd5Credential,
} from "@omadm/protocol";
import type { AuthScheme, ClientAuth } from "../store/store-api.js";
import { constantTimeEqualText } from "./constant-time.js";
import { issueNonce, nonceIssuedAt, storedNonceBytes } from "./issued-nonce.js";

/** What a verification needs to know about the device (a Device record, or a provisioning candidate). */
export interface DeviceCredentials {
  readonly clientAuth: ClientAuth;
  /** Base64 NextNonce we gave the device ("" when none yet). */
  readonly clientNonce: string;
  readonly lockedUntil?: number;
}

export interface AuthenticateInput {
  readonly device: DeviceCredentials;
  readonly header: SyncHdr;
  /** Transport headers (any case). */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes (HMAC). */
  readonly body: Uint8Array;
  /** Basic/MD5: a 212 was already given in this session, so a message without Cred is fine. */
  readonly sessionAuthenticated: boolean;
  readonly now: number;
  /** Nonces of ours older than this are stale. */
  readonly nonceTtlMs: number;
  readonly random: RandomBytes;
}

/** Why a message was refused (also the auth-failure event's reason). */
export type AuthRefusal = "missing" | "invalid" | "stale-nonce" | "wrong-scheme" | "locked";

export type AuthVerdict =
  | {
      readonly ok: true;
      /** 212 authenticated for the session (basic, MD5); 200 this message only (HMAC, or no Cred after 212). */
      readonly code: 200 | 212;
      readonly chal?: Chal;
      /** A new NextNonce to persist as Device.clientNonce (it is in `chal`). */
      readonly nextNonce?: string;
    }
  | {
      readonly ok: false;
      readonly code: 401 | 407;
      /** Absent for a locked device: nothing the device could send would help now. */
      readonly chal?: Chal;
      readonly nextNonce?: string;
      readonly reason: AuthRefusal;
      /** Wrong secret: counts towards the lock-out (a missing credential, a stale nonce or a wrong scheme do not). */
      readonly countsAsFailure: boolean;
    };

/** Meta Type of each scheme in Cred and Chal [TR-STD §7.1.3.1.20], [TR-SEC §5.1.4.1]. */
export const chalTypes = {
  basic: "syncml:auth-basic",
  md5: "syncml:auth-md5",
  hmac: "syncml:auth-MAC",
} as const satisfies Record<AuthScheme, string>;

const aauthOf = { basic: "BASIC", md5: "DIGEST", hmac: "HMAC" } as const satisfies Record<AuthScheme, string>;

/** Verifies one message of `device`. */
export function authenticateDevice(input: AuthenticateInput): AuthVerdict {
  const { device, header, now } = input;
  const scheme = device.clientAuth.scheme;
  if (device.lockedUntil !== undefined && device.lockedUntil > now) {
    // Locked: refused without a Chal, so the client stops [TR-PRO §2.4 "401 after credentials = refused"];
    // the credential is not even checked, so guessing during the lock-out learns nothing.
    return { ok: false, code: 401, reason: "locked", countsAsFailure: false };
  }
  switch (scheme) {
    case "basic":
    case "md5": {
      const cred = header.cred;
      if (cred === undefined) {
        if (input.sessionAuthenticated) return { ok: true, code: 200 };
        return refuse(input, 407, "missing", false);
      }
      // Cred Meta Type defaults to basic (SyncML RepPro); the type must be the provisioned one:
      // [TR-PRO §2.4] the authentication type must not change.
      const type = aauthTypeForScheme(cred.meta?.type ?? chalTypes.basic);
      if (type !== aauthOf[scheme]) return refuse(input, 401, "wrong-scheme", false);
      if (scheme === "basic") {
        const parsed = parseBasicCredential(cred.data);
        const valid =
          parsed !== undefined &&
          parsed.username === device.clientAuth.username &&
          constantTimeEqualText(userPassHash(parsed.username, parsed.password), device.clientAuth.secretHash);
        return valid ? { ok: true, code: 212 } : refuse(input, 401, "invalid", true);
      }
      const nonce = storedNonceBytes(device.clientNonce);
      const valid = verifyMd5Credential(cred.data, { userPassHash: device.clientAuth.secretHash }, nonce);
      if (!valid) return refuse(input, 401, "invalid", true);
      // [TR-SEC §5.1.3.3] a stale nonce is followed by one more challenge with a new nonce.
      if (isStale(nonce, input)) return refuse(input, 401, "stale-nonce", false);
      // [TR-PRO §2.4] 212 may carry a Chal: the nonce for the next session.
      const nextNonce = issueNonce(input.random, now);
      return { ok: true, code: 212, chal: chalFor("md5", nextNonce), nextNonce };
    }
    case "hmac": {
      const value = headerValue(input.headers, "x-syncml-hmac");
      if (value === undefined) {
        // [TR-SEC §5.1.4.4] asked for HMAC but given another type: refused.
        return header.cred === undefined
          ? refuse(input, 407, "missing", false)
          : refuse(input, 401, "wrong-scheme", false);
      }
      let valid = false;
      const nonce = storedNonceBytes(device.clientNonce);
      try {
        const parsed = parseHmacHeader(value);
        valid =
          parsed.username === device.clientAuth.username &&
          verifyHmac(parsed, { userPassHash: device.clientAuth.secretHash }, nonce, input.body);
      } catch {
        valid = false; // an unparseable header is a wrong credential, not a malformed message
      }
      if (!valid) return refuse(input, 401, "invalid", true);
      if (isStale(nonce, input)) return refuse(input, 401, "stale-nonce", false);
      // [TR-SEC §5.1.4.3] HMAC: 200 (not 212) and a new nonce on every message.
      const nextNonce = issueNonce(input.random, now);
      return { ok: true, code: 200, chal: chalFor("hmac", nextNonce), nextNonce };
    }
  }
}

/** The Chal for `scheme`; MD5 and HMAC carry NextNonce (b64) [TR-REP §4.1.1.2]. */
export function chalFor(scheme: AuthScheme, nextNonce?: string): Chal {
  const meta = { type: chalTypes[scheme], format: "b64" };
  return scheme === "basic" || nextNonce === undefined ? { meta } : { meta: { ...meta, nextNonce } };
}

function refuse(
  input: AuthenticateInput,
  code: 401 | 407,
  reason: AuthRefusal,
  countsAsFailure: boolean,
): AuthVerdict {
  const scheme = input.device.clientAuth.scheme;
  // [TR-PRO §2.4] 401/407 MUST carry a Chal; [TR-SEC §5.1.3.3] every refusal gets a fresh nonce.
  if (scheme === "basic") return { ok: false, code, chal: chalFor("basic"), reason, countsAsFailure };
  const nextNonce = issueNonce(input.random, input.now);
  return { ok: false, code, chal: chalFor(scheme, nextNonce), nextNonce, reason, countsAsFailure };
}

function isStale(nonce: Uint8Array, input: AuthenticateInput): boolean {
  const issued = nonceIssuedAt(nonce);
  return issued !== undefined && (input.now - issued > input.nonceTtlMs || issued > input.now + 60_000);
}

/** A transport header by name, whatever its case. */
export function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}
