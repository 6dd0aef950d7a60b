import { initiators, uiModes } from "@omadm/protocol";
import type { NotificationDispatcher, NotifyRequest } from "../notification/notification-dispatcher.js";
import { notifyChannels, type NotifyTarget } from "../store/store-api.js";
import type { NotifyPort } from "./api-deps.js";
import { invalidBody, type FieldError } from "./api-problem.js";

/**
 * The REST API's notify port over the notification dispatcher. The request body may name
 * `uiMode`, `initiator` and a `target` overriding the device's. The answer waits for the
 * dispatcher's result (retries included) up to `waitMs`, then reports `pending`: the attempts are
 * recorded and show up as "notification" events either way.
 */
export function dispatcherPort(dispatcher: NotificationDispatcher, waitMs = 10_000): NotifyPort {
  return {
    async notify(deviceId, body) {
      const request = parseNotifyRequest(body);
      const result = dispatcher.notify(deviceId, request);
      let timer: NodeJS.Timeout | undefined;
      const pending = new Promise<{ deviceId: string; outcome: "pending" }>((resolve) => {
        timer = setTimeout(() => resolve({ deviceId, outcome: "pending" }), waitMs);
      });
      try {
        return await Promise.race([result, pending]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function parseNotifyRequest(body: Readonly<Record<string, unknown>>): NotifyRequest {
  const errors: FieldError[] = [];
  for (const k of Object.keys(body)) {
    if (k !== "uiMode" && k !== "initiator" && k !== "target")
      errors.push({ pointer: `/${k}`, message: "unknown field" });
  }
  const { uiMode, initiator, target } = body;
  if (uiMode !== undefined && !(uiModes as readonly unknown[]).includes(uiMode)) {
    errors.push({ pointer: "/uiMode", message: `must be one of ${uiModes.join(", ")}` });
  }
  if (initiator !== undefined && !(initiators as readonly unknown[]).includes(initiator)) {
    errors.push({ pointer: "/initiator", message: `must be one of ${initiators.join(", ")}` });
  }
  let t: NotifyTarget | undefined;
  if (target !== undefined) {
    const o = target as Record<string, unknown> | null;
    if (
      typeof o !== "object" ||
      o === null ||
      !(notifyChannels as readonly unknown[]).includes(o.kind) ||
      typeof o.address !== "string" ||
      o.address === ""
    ) {
      errors.push({ pointer: "/target", message: `must be {kind: ${notifyChannels.join("|")}, address}` });
    } else t = { kind: o.kind as NotifyTarget["kind"], address: o.address };
  }
  if (errors.length > 0) throw invalidBody(errors);
  return {
    ...(uiMode === undefined ? {} : { uiMode: uiMode as NotifyRequest["uiMode"] & string }),
    ...(initiator === undefined ? {} : { initiator: initiator as NotifyRequest["initiator"] & string }),
    ...(t === undefined ? {} : { target: t }),
  };
}
