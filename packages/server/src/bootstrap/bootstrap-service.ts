import { OmaDmError, type RandomBytes, type SecMethod } from "@omadm/protocol";
import type { Clock, Device, Event, StoreTx } from "../store/store-api.js";
import type { NotifyLogger } from "../notification/notification-dispatcher.js";
import type { PushSender } from "../notification/push-content.js";
import {
  buildBootstrap,
  type BootstrapPackage,
  type BootstrapRequest,
  type BootstrapServer,
} from "./bootstrap-package.js";

/** What the bootstrap service is built from. */
export interface BootstrapServiceParts {
  readonly store: Pick<StoreTx, "devices" | "events">;
  readonly clock: Clock;
  readonly random: RandomBytes;
  readonly log?: NotifyLogger;
  readonly server: BootstrapServer;
  /**
   * The WAP Push channel for pushed bootstraps. It must deliver the content type's SEC and MAC
   * parameters: kannelSmsSender does with Kannel; papSender does only with a PPG that forwards
   * content-type parameters, which Kannel 1.4.5's PPG does not.
   */
  readonly push?: PushSender;
  readonly onEvent?: (event: Event) => void;
}

/** How a pushed bootstrap ended. */
export interface BootstrapPushResult {
  readonly deviceId: string;
  readonly outcome: "sent" | "failed";
  readonly profile: BootstrapRequest["profile"];
  readonly sec: SecMethod;
  readonly mac: string;
  readonly detail?: string;
  readonly generated: BootstrapPackage["generated"];
}

/** The bootstrap server: builds per-device bootstraps, pushes them, stores what they provision. */
export interface BootstrapService {
  /**
   * Builds the device's bootstrap without storing anything (see buildBootstrap). Rejects with
   * OmaDmError STORE_NOT_FOUND for an unknown device, INVALID_ARGUMENT for missing key material.
   */
  prepare(deviceId: string, request: BootstrapRequest): Promise<BootstrapPackage>;
  /** Stores a prepared bootstrap's secrets and nonces on the device and appends a "device" event. */
  commit(pkg: BootstrapPackage, delivery: "push" | "file"): Promise<Device>;
  /**
   * Prepares, pushes to the device's MSISDN (or `msisdn`), and commits once the push was accepted.
   * A failed push changes nothing and is a result, not a rejection; misuse rejects (unknown
   * device, no security, no MSISDN, no push channel).
   */
  push(
    deviceId: string,
    request: BootstrapRequest & { readonly msisdn?: string },
  ): Promise<BootstrapPushResult>;
}

const silent: NotifyLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Creates the bootstrap service. [TR-BOOT §3.1] */
export function createBootstrapService(parts: BootstrapServiceParts): BootstrapService {
  const log = parts.log ?? silent;
  const store = parts.store;
  const emit = async (deviceId: string, data: Record<string, unknown>) => {
    try {
      const event = await store.events.append({ deviceId, kind: "device", data });
      parts.onEvent?.(event);
    } catch (e) {
      log.error({ deviceId, error: String(e) }, "bootstrap event not stored");
    }
  };
  const deviceOf = async (deviceId: string): Promise<Device> => {
    const device = await store.devices.get(deviceId);
    if (device === undefined) throw new OmaDmError("STORE_NOT_FOUND", `unknown device ${deviceId}`);
    return device;
  };
  const build = (device: Device, request: BootstrapRequest) =>
    buildBootstrap(device, request, parts.server, { random: parts.random, clock: parts.clock });
  const prepare = async (deviceId: string, request: BootstrapRequest): Promise<BootstrapPackage> =>
    build(await deviceOf(deviceId), request);
  const commit = async (pkg: BootstrapPackage, delivery: "push" | "file"): Promise<Device> => {
    const device = await store.devices.update(pkg.deviceId, pkg.devicePatch);
    if (device === undefined) throw new OmaDmError("STORE_NOT_FOUND", `unknown device ${pkg.deviceId}`);
    await emit(pkg.deviceId, {
      action: "bootstrap",
      profile: pkg.profile,
      delivery,
      ...(pkg.sec === undefined ? {} : { sec: pkg.sec }),
      generatedSecrets: pkg.generated,
    });
    log.info({ deviceId: pkg.deviceId, profile: pkg.profile, delivery }, "bootstrap credentials stored");
    return device;
  };
  return {
    prepare,
    commit,
    async push(deviceId, request) {
      if (request.security === undefined) {
        throw new OmaDmError("INVALID_ARGUMENT", "a pushed bootstrap needs a security method (its MAC)");
      }
      if (parts.push === undefined) throw new OmaDmError("INVALID_ARGUMENT", "no push channel configured");
      const device = await deviceOf(deviceId);
      const msisdn = request.msisdn ?? device.msisdn;
      if (msisdn === undefined) throw new OmaDmError("INVALID_ARGUMENT", `device ${deviceId} has no MSISDN`);
      const pkg = build(device, request);
      const outcome = await parts.push.send(msisdn, {
        contentType: pkg.contentType,
        ...(pkg.applicationId === undefined ? {} : { applicationId: pkg.applicationId }),
        body: pkg.document,
      });
      const base = {
        deviceId,
        profile: pkg.profile,
        sec: request.security.method,
        mac: pkg.mac ?? "",
        generated: pkg.generated,
        ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
      };
      if (!outcome.ok) {
        await emit(deviceId, {
          action: "bootstrap",
          profile: pkg.profile,
          delivery: "push",
          outcome: "failed",
          detail: outcome.detail,
        });
        log.warn({ deviceId, profile: pkg.profile, detail: outcome.detail }, "bootstrap push failed");
        return { ...base, outcome: "failed" };
      }
      await commit(pkg, "push");
      return { ...base, outcome: "sent" };
    },
  };
}
