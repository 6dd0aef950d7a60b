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
 * with `{ profile: "dm" | "cp", security?: { method: "NETWPIN" | "USERPIN" | "USERNETWPIN", imsi?,
 * pin? }, clientSecret?, serverSecret?, msisdn?, delivery?: "push" | "file" }`.
 * - `push` (the default) pushes the bootstrap through the WAP Push channel; security is required.
 *   The answer names the MAC and which secrets were generated, never a secret.
 * - `file` stores the new secrets and returns the document itself (base64, with its WSP content
 *   type), for factory or smartcard provisioning; security is optional (a smartcard needs none).
 *   The document carries the device's secrets in clear: only an admin token gets it.
 */
export function bootstrapPort(
  service: BootstrapService,
  options: { readonly pushConfigured?: boolean } = {},
): BootstrapPort {
  return {
    async bootstrap(deviceId, body) {
      const request = parseBootstrapRequest(body);
      try {
        if (request.delivery === "file") {
          const pkg = await service.prepare(deviceId, request);
          await service.commit(pkg, "file");
          return {
            deviceId,
            delivery: "file",
            profile: pkg.profile,
            document: Buffer.from(pkg.document).toString("base64"),
            contentType: pkg.contentType,
            ...(pkg.applicationId === undefined ? {} : { applicationId: pkg.applicationId }),
            ...(pkg.sec === undefined ? {} : { sec: pkg.sec, mac: pkg.mac }),
            generated: pkg.generated,
          };
        }
        if (options.pushConfigured === false) {
          throw new ApiProblem({
            title: "Bootstrap push is not configured",
            status: 503,
            detail: 'start the server with --sms-gateway (or --ppg), or ask for delivery "file"',
          });
        }
        if (request.security === undefined)
          throw invalidBody([{ pointer: "/security", message: "a push needs security" }]);
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
): BootstrapRequest & { msisdn?: string; delivery: "push" | "file" } {
  const errors: FieldError[] = [];
  const known = ["profile", "security", "clientSecret", "serverSecret", "msisdn", "delivery"];
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
  const delivery = body.delivery ?? "push";
  if (delivery !== "push" && delivery !== "file")
    errors.push({ pointer: "/delivery", message: "must be push or file" });
  let security: BootstrapRequest["security"];
  const s = body.security;
  if (s === undefined) {
    // Checked by the caller: a push needs security, a file may go without (smartcard).
  } else if (typeof s !== "object" || s === null || Array.isArray(s)) {
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
    delivery: delivery as "push" | "file",
  };
}
