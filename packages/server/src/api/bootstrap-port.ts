import { OmaDmError } from "@omadm/protocol";
import {
  bootstrapSecurityMethods,
  type BootstrapRequest,
  type BootstrapSecurityMethod,
} from "../bootstrap/bootstrap-package.js";
import type { BootstrapService } from "../bootstrap/bootstrap-service.js";
import type { BootstrapPort } from "./api-deps.js";
import { ApiProblem, invalidBody, notFound, type FieldError } from "./api-problem.js";

/**
 * The REST API's bootstrap port over the bootstrap service: POST /api/devices/{id}/bootstrap
 * with `{ profile: "dm" | "cp", security: { method: "NETWPIN" | "USERPIN" | "USERNETWPIN", imsi?,
 * pin? }, clientSecret?, serverSecret?, msisdn? }` pushes the device's bootstrap through the
 * WAP Push channel. The answer names the MAC and which secrets were generated, never a secret.
 */
export function bootstrapPort(service: BootstrapService): BootstrapPort {
  return {
    async bootstrap(deviceId, body) {
      const request = parseBootstrapRequest(body);
      try {
        return await service.push(deviceId, request);
      } catch (e) {
        if (e instanceof OmaDmError && e.code === "STORE_NOT_FOUND") throw notFound(`device ${deviceId}`);
        if (e instanceof OmaDmError && e.code === "INVALID_ARGUMENT") {
          throw new ApiProblem({ title: "Cannot bootstrap", status: 400, detail: e.message });
        }
        throw e;
      }
    },
  };
}

function parseBootstrapRequest(
  body: Readonly<Record<string, unknown>>,
): BootstrapRequest & { msisdn?: string } {
  const errors: FieldError[] = [];
  const known = ["profile", "security", "clientSecret", "serverSecret", "msisdn"];
  for (const k of Object.keys(body))
    if (!known.includes(k)) errors.push({ pointer: `/${k}`, message: "unknown field" });
  const profile = body.profile ?? "dm";
  if (profile !== "dm" && profile !== "cp") errors.push({ pointer: "/profile", message: "must be dm or cp" });
  const strOf = (v: unknown, at: string): string | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== "string" || v === "")
      errors.push({ pointer: at, message: "must be a non-empty string" });
    return typeof v === "string" ? v : undefined;
  };
  let security: BootstrapRequest["security"];
  const s = body.security;
  if (typeof s !== "object" || s === null || Array.isArray(s)) {
    errors.push({ pointer: "/security", message: "must be {method, imsi?, pin?}" });
  } else {
    const o = s as Record<string, unknown>;
    const method = typeof o.method === "string" ? o.method.toUpperCase() : undefined;
    if (method === undefined || !(bootstrapSecurityMethods as readonly string[]).includes(method)) {
      errors.push({
        pointer: "/security/method",
        message: `must be one of ${bootstrapSecurityMethods.join(", ")}`,
      });
    } else {
      const imsi = strOf(o.imsi, "/security/imsi");
      const pin = strOf(o.pin, "/security/pin");
      security = {
        method: method as BootstrapSecurityMethod,
        ...(imsi === undefined ? {} : { imsi }),
        ...(pin === undefined ? {} : { pin }),
      };
    }
  }
  const clientSecret = strOf(body.clientSecret, "/clientSecret");
  const serverSecret = strOf(body.serverSecret, "/serverSecret");
  const msisdn = strOf(body.msisdn, "/msisdn");
  if (errors.length > 0) throw invalidBody(errors);
  return {
    profile: profile as BootstrapRequest["profile"],
    ...(security === undefined ? {} : { security }),
    ...(clientSecret === undefined ? {} : { clientSecret }),
    ...(serverSecret === undefined ? {} : { serverSecret }),
    ...(msisdn === undefined ? {} : { msisdn }),
  };
}
