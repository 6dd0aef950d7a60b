import {
  bootstrapSecurityOf,
  contentTypeForCode,
  decodeWspPush,
  routePush,
  wapPushPort,
  type WspPush,
} from "@omadm/protocol";
import type { BootstrapSink, IntakeLogger, NotificationOutcome } from "./intake-api.js";
import type { NotificationIntake } from "./notification-intake.js";
import { silentLogger } from "./silent-logger.js";

/** Where pushes go: Package 0 to the notification intake, bootstrap documents to the device's bootstrap intake. */
export interface PushTarget {
  readonly notifications: NotificationIntake;
  /** Absent: bootstrap pushes are logged and dropped. */
  readonly bootstrap?: BootstrapSink;
  readonly log?: IntakeLogger;
}

/** What became of one push or datagram. */
export type PushDisposition =
  | { readonly kind: "notification"; readonly outcome: NotificationOutcome }
  | { readonly kind: "bootstrap"; readonly profile: "dm" | "cp" }
  | { readonly kind: "dropped"; readonly reason: string };

/** Largest push PDU or datagram decoded: a concatenated SMS tops out near 255 x 140 bytes. */
export const maxPushBytes = 64 * 1024;

/**
 * Routes one decoded WSP push received on WDP port `destinationPort`. [TR-NOT §6.3] port 2948 and
 * X-Wap-Application-Id 7 with content type 0x44 (code or text) go to the notification intake;
 * DM-profile and CP documents go to the bootstrap intake with the SEC and MAC of their content
 * type [TR-SEC §5.1.7.2]; everything else is logged and dropped. Never throws.
 */
export async function deliverPush(
  push: WspPush,
  destinationPort: number,
  source: string,
  target: PushTarget,
): Promise<PushDisposition> {
  const log = target.log ?? silentLogger;
  const route = routePush(destinationPort, push);
  switch (route) {
    case "dm-notification":
      return { kind: "notification", outcome: await target.notifications.receive(push.body, source) };
    case "dm-bootstrap":
    case "cp-bootstrap": {
      const profile = route === "dm-bootstrap" ? "dm" : "cp";
      if (target.bootstrap === undefined) {
        log.warn({ source, profile }, "bootstrap push dropped: no bootstrap intake configured");
        return { kind: "dropped", reason: "no bootstrap intake" };
      }
      const mediaType =
        push.contentType.mediaType ??
        (push.contentType.code === undefined ? undefined : contentTypeForCode(push.contentType.code));
      try {
        await target.bootstrap({
          profile,
          document: push.body,
          ...(mediaType === undefined ? {} : { mediaType }),
          ...bootstrapSecurityOf(push.contentType),
          source,
        });
      } catch (e) {
        log.error({ source, profile, error: String(e) }, "bootstrap intake failed");
        return { kind: "dropped", reason: "bootstrap intake failed" };
      }
      return { kind: "bootstrap", profile };
    }
    case "other":
      log.warn(
        {
          source,
          destinationPort,
          applicationId: push.applicationId,
          contentType: push.contentType.mediaType,
        },
        "push for another application dropped",
      );
      return { kind: "dropped", reason: "not for the DM client" };
  }
}

/**
 * Handles bytes that are either a connectionless WSP push PDU or a bare Package 0, as a UDP
 * datagram or an HTTP body may be (the listener stands for WDP port 2948). A PDU that decodes
 * and routes to the DM client is delivered as a push; anything else is tried as a Package 0,
 * whose digest then decides. Never throws.
 */
export async function deliverDatagram(
  bytes: Uint8Array,
  source: string,
  target: PushTarget,
): Promise<PushDisposition> {
  const log = target.log ?? silentLogger;
  if (bytes.length > maxPushBytes) {
    log.warn({ source, bytes: bytes.length }, "oversized push dropped");
    return { kind: "dropped", reason: "too large" };
  }
  let push: WspPush | undefined;
  try {
    push = decodeWspPush(bytes, { maxBytes: maxPushBytes });
  } catch {
    // Not a push PDU (DecodeError): try it as a bare Package 0 below.
  }
  if (push !== undefined && routePush(wapPushPort, push) !== "other") {
    return deliverPush(push, wapPushPort, source, target);
  }
  return { kind: "notification", outcome: await target.notifications.receive(bytes, source) };
}
