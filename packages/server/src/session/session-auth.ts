/**
 * Authentication of each message of a session against the device record (auth/), with what it
 * changes in the Store: the rotated client nonce, failure counting and lock-out, the auth-failure
 * event; and the creation of an auto-provisioned device on its first authenticated message.
 */
import type { Chal } from "@omadm/protocol";
import { aauthTypeForScheme, parseBasicCredential } from "@omadm/protocol";
import type { AuthVerdict } from "../auth/index.js";
import { authenticateDevice, chalFor, clientAuthOf, issueNonce } from "../auth/index.js";
import type { NewDevice } from "../store/store-api.js";
import type { EngineEvent } from "./session-api.js";
import type { MessageContext, MutableDevicePatch } from "./message-context.js";
import { appendEvent, patchDevice, withDevicePatch } from "./message-context.js";
import type { ProvisionCandidate } from "./session-state.js";

/** The SyncHdr Status the message gets, and whether the session goes on. */
export interface MessageVerdict {
  readonly ok: boolean;
  readonly code: number;
  readonly chal?: Chal;
  /** Locked, or too many failures: the session is over. */
  readonly endSession: boolean;
}

/** Authenticates the message of `ctx`, creating an auto-provisioned device when its credential verified. */
export async function authenticateMessage(ctx: MessageContext): Promise<MessageVerdict> {
  if (ctx.device === undefined) return authenticateCandidate(ctx);
  const device = ctx.device;
  const { options, state } = ctx;
  const verdict = authenticateDevice({
    device,
    header: ctx.message.header,
    headers: ctx.headers,
    body: ctx.body,
    // HMAC is checked on every message [TR-SEC §5.1.4.3]; basic/MD5 once per session (212).
    sessionAuthenticated: state.authenticated && device.clientAuth.scheme !== "hmac",
    now: ctx.now,
    nonceTtlMs: options.nonceTtlMs,
    random: options.random,
  });
  const patch: MutableDevicePatch = {};
  if (verdict.nextNonce !== undefined) patch.clientNonce = verdict.nextNonce;
  if (verdict.ok) {
    state.authenticated = true;
    if (device.authFailures > 0 || device.lockedUntil !== undefined) {
      patch.authFailures = 0;
      patch.lockedUntil = null;
    }
    if (!state.opened) patch.lastSeenAt = ctx.now;
  }
  patchDevice(ctx, patch);
  if (verdict.ok) return { ok: true, code: verdict.code, ...chalOf(verdict), endSession: false };

  let locked = verdict.reason === "locked";
  let failures = device.authFailures;
  if (verdict.countsAsFailure) {
    const after = await ctx.tx.devices.recordAuthFailure(device.id, {
      threshold: options.maxFailures,
      until: ctx.now + options.lockoutMs,
    });
    if (after !== undefined) {
      ctx.device = withDevicePatch(after, ctx.devicePatch);
      failures = after.authFailures;
      locked = after.lockedUntil !== undefined && after.lockedUntil > ctx.now;
    }
  }
  state.challenges++;
  recordFailure(ctx, device.clientAuth.scheme, verdict.reason, failures, locked);
  // A locked device gets 401 without a Chal: nothing it could send would help now.
  return locked
    ? { ok: false, code: 401, endSession: true }
    : { ok: false, code: verdict.code, ...chalOf(verdict), endSession: false };
}

function chalOf(verdict: AuthVerdict): { chal?: Chal } {
  return verdict.chal === undefined ? {} : { chal: verdict.chal };
}

type FailureReason = Extract<EngineEvent, { type: "auth-failure" }>["reason"];

function recordFailure(
  ctx: MessageContext,
  scheme: string,
  reason: FailureReason,
  failures: number,
  locked: boolean,
): void {
  const deviceId = ctx.state.deviceId;
  ctx.options.log.warn({ deviceId, scheme, reason, failures, locked }, "authentication refused");
  ctx.signals.push({
    type: "auth-failure",
    deviceId,
    reason,
    locked,
  });
  appendEvent(ctx, { deviceId, kind: "auth-failure", data: { scheme, reason, failures, locked } });
}

/** An unknown device the policy let in: it becomes a device once its credential verifies. */
async function authenticateCandidate(ctx: MessageContext): Promise<MessageVerdict> {
  const { state, options } = ctx;
  const candidate = state.candidate;
  if (candidate === undefined) {
    // The device was deleted during the session.
    recordFailure(ctx, "none", "unknown-device", 0, false);
    return { ok: false, code: 401, endSession: true };
  }
  if (candidate.kind === "tofu") return authenticateTofu(ctx, candidate);
  // An unknown device must answer a nonce we issued: a digest over the empty nonce could be a
  // replay, so MD5/HMAC candidates are challenged first (not counted as a failure).
  const unchallenged = candidate.clientNonce === "" && candidate.clientAuth.scheme !== "basic";
  const verdict = authenticateDevice({
    device: {
      clientAuth: candidate.clientAuth,
      clientNonce: unchallenged ? issueNonce(options.random, ctx.now) : candidate.clientNonce,
    },
    header: ctx.message.header,
    headers: ctx.headers,
    body: ctx.body,
    sessionAuthenticated: false,
    now: ctx.now,
    nonceTtlMs: options.nonceTtlMs,
    random: options.random,
  });
  const clientNonce = verdict.nextNonce ?? candidate.clientNonce;
  if (verdict.ok) {
    await provision(ctx, {
      id: state.deviceId,
      clientAuth: candidate.clientAuth,
      ...(candidate.serverAuth === undefined ? {} : { serverAuth: candidate.serverAuth }),
      ...(candidate.name === undefined ? {} : { name: candidate.name }),
      clientNonce,
    });
    return { ok: true, code: verdict.code, ...chalOf(verdict), endSession: false };
  }
  const failures = candidate.failures + (verdict.countsAsFailure && !unchallenged ? 1 : 0);
  state.candidate = { ...candidate, clientNonce, failures };
  return candidateRefused(
    ctx,
    verdict.code,
    verdict.chal,
    candidate.clientAuth.scheme,
    verdict.reason,
    failures,
  );
}

/** `autoProvision: true`: a Basic credential creates the device with that user name and password. */
async function authenticateTofu(
  ctx: MessageContext,
  candidate: Extract<ProvisionCandidate, { kind: "tofu" }>,
): Promise<MessageVerdict> {
  const cred = ctx.message.header.cred;
  if (cred !== undefined && aauthTypeForScheme(cred.meta?.type ?? "syncml:auth-basic") === "BASIC") {
    const parsed = parseBasicCredential(cred.data);
    if (parsed !== undefined && parsed.username !== "") {
      await provision(ctx, {
        id: ctx.state.deviceId,
        clientAuth: clientAuthOf("basic", parsed.username, parsed.password),
      });
      return { ok: true, code: 212, endSession: false };
    }
  }
  const failures = candidate.failures + (cred === undefined ? 0 : 1);
  ctx.state.candidate = { kind: "tofu", failures };
  const code = cred === undefined ? 407 : 401;
  const reason = cred === undefined ? "missing" : "wrong-scheme";
  return candidateRefused(ctx, code, chalFor("basic"), "basic", reason, failures);
}

function candidateRefused(
  ctx: MessageContext,
  code: 401 | 407,
  chal: Chal | undefined,
  scheme: string,
  reason: FailureReason,
  failures: number,
): MessageVerdict {
  ctx.state.challenges++;
  // Without a device record there is nothing to lock; the session ends at the lock-out threshold.
  const over = failures >= ctx.options.maxFailures;
  recordFailure(ctx, scheme, reason, failures, over);
  return over
    ? { ok: false, code: 401, endSession: true }
    : { ok: false, code, ...(chal === undefined ? {} : { chal }), endSession: false };
}

async function provision(ctx: MessageContext, device: Omit<NewDevice, "autoProvisioned">): Promise<void> {
  const created = await ctx.tx.devices.create({ ...device, autoProvisioned: true });
  ctx.device = created;
  patchDevice(ctx, { lastSeenAt: ctx.now });
  ctx.state.candidate = undefined;
  ctx.state.authenticated = true;
  ctx.options.log.info(
    { deviceId: created.id, scheme: created.clientAuth.scheme },
    "device auto-provisioned",
  );
  appendEvent(ctx, {
    deviceId: created.id,
    kind: "device",
    data: { action: "auto-provisioned", scheme: created.clientAuth.scheme },
  });
}
