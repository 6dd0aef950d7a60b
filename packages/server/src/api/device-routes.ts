import { OmaDmError, userPassHash } from "@omadm/protocol";
import { sendJson } from "../http/respond.js";
import {
  authSchemes,
  commandStates,
  notifyChannels,
  type ClientAuth,
  type NewDevice,
  type ServerAuth,
} from "../store/store-api.js";
import type { ApiDeps } from "./api-deps.js";
import { ApiProblem, invalidBody, notFound, type FieldError } from "./api-problem.js";
import { boolParam, pageOf, timeParam } from "./api-query.js";
import type { ApiRoute } from "./api-route.js";
import { deviceDetailView, deviceView, type CommandCounts } from "./api-views.js";
import { readJsonBody } from "./json-body.js";

/** Routes under /api/devices (commands, notify and bootstrap of a device are elsewhere). */
export function deviceRoutes(deps: ApiDeps): ApiRoute[] {
  const { store } = deps;
  return [
    {
      method: "GET",
      path: "/api/devices",
      auth: true,
      async handle({ res, url }) {
        const search = url.searchParams.get("search") ?? undefined;
        const seenSince = timeParam(url, "seenSince");
        const autoProvisioned = boolParam(url, "autoProvisioned");
        const page = await store.devices.list(
          {
            ...(search === undefined || search === "" ? {} : { search }),
            ...(seenSince === undefined ? {} : { seenSince }),
            ...(autoProvisioned === undefined ? {} : { autoProvisioned }),
          },
          pageOf(url),
        );
        sendJson(res, 200, {
          items: page.items.map(deviceView),
          ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
        });
      },
    },
    {
      method: "POST",
      path: "/api/devices",
      auth: true,
      async handle({ req, res }) {
        const input = parseNewDevice(await readJsonBody(req), deps.serverId);
        let device;
        try {
          device = await store.devices.create(input);
        } catch (e) {
          if (e instanceof OmaDmError && e.code === "STORE_CONFLICT") {
            throw new ApiProblem({ title: "Conflict", status: 409, detail: `device ${input.id} exists` });
          }
          throw e;
        }
        await store.events.append({ deviceId: device.id, kind: "device", data: { action: "created" } });
        deps.hub.wake();
        deps.log.info({ deviceId: device.id, scheme: device.clientAuth.scheme }, "device provisioned");
        sendJson(res, 201, deviceView(device), { location: `/api/devices/${encodeURIComponent(device.id)}` });
      },
    },
    {
      method: "GET",
      path: "/api/devices/{id}",
      auth: true,
      async handle({ res, params }) {
        const id = params.id!;
        const device = await store.devices.get(id);
        if (device === undefined) throw notFound(`device ${id}`);
        const counts = await Promise.all(
          commandStates.map((state) => store.commands.count({ deviceId: id, states: [state] })),
        );
        const commands = Object.fromEntries(
          commandStates.map((s, i) => [s, counts[i] ?? 0]),
        ) as unknown as CommandCounts;
        sendJson(res, 200, deviceDetailView(device, commands));
      },
    },
    {
      method: "DELETE",
      path: "/api/devices/{id}",
      auth: true,
      async handle({ res, params }) {
        const id = params.id!;
        if (!(await store.devices.delete(id))) throw notFound(`device ${id}`);
        await store.events.append({ deviceId: id, kind: "device", data: { action: "deleted" } });
        deps.hub.wake();
        deps.log.info({ deviceId: id }, "device deleted");
        res.writeHead(204).end();
      },
    },
  ];
}

const msisdnPattern = /^\+?[0-9]{3,20}$/;

/**
 * The body of POST /api/devices as a NewDevice. Secrets become B64(H(name:secret)) here
 * [TR-SEC §5.1.3.2] and are never stored; only a server password for Basic is kept, because
 * Basic must send the password itself.
 */
export function parseNewDevice(body: unknown, defaultServerId: string): NewDevice {
  const errors: FieldError[] = [];
  if (!isObject(body)) throw invalidBody([{ pointer: "", message: "must be a JSON object" }]);
  const allowed = ["id", "name", "msisdn", "notify", "clientAuth", "serverAuth"];
  for (const k of Object.keys(body))
    if (!allowed.includes(k)) errors.push({ pointer: `/${k}`, message: "unknown field" });
  const id = body.id;
  if (typeof id !== "string" || id === "" || id.length > 256 || /[\u0000-\u001f]/.test(id)) {
    errors.push({ pointer: "/id", message: "must be a DevId string of 1..256 printable characters" });
  }
  const str = (v: unknown, at: string, required = false): string | undefined => {
    if (v === undefined && !required) return undefined;
    if (typeof v !== "string" || v === "") {
      errors.push({ pointer: at, message: "must be a non-empty string" });
      return undefined;
    }
    return v;
  };
  const name = str(body.name, "/name");
  const msisdn = str(body.msisdn, "/msisdn");
  if (msisdn !== undefined && !msisdnPattern.test(msisdn.replace(/[\s-]/g, ""))) {
    errors.push({ pointer: "/msisdn", message: "must be a phone number (+ and 3..20 digits)" });
  }
  let notify: NewDevice["notify"];
  if (body.notify !== undefined) {
    const n = body.notify;
    if (
      !isObject(n) ||
      !(notifyChannels as readonly unknown[]).includes(n.kind) ||
      typeof n.address !== "string" ||
      n.address === ""
    ) {
      errors.push({ pointer: "/notify", message: `must be {kind: ${notifyChannels.join("|")}, address}` });
    } else notify = { kind: n.kind as (typeof notifyChannels)[number], address: n.address };
  }
  const scheme = (v: unknown, at: string) => {
    if (!(authSchemes as readonly unknown[]).includes(v)) {
      errors.push({ pointer: at, message: `must be one of ${authSchemes.join(", ")}` });
      return undefined;
    }
    return v as (typeof authSchemes)[number];
  };
  let clientAuth: ClientAuth | undefined;
  if (!isObject(body.clientAuth))
    errors.push({ pointer: "/clientAuth", message: "must be {scheme, username, secret}" });
  else {
    const c = body.clientAuth;
    const s = scheme(c.scheme, "/clientAuth/scheme");
    const username = str(c.username, "/clientAuth/username", true);
    const secret = str(c.secret, "/clientAuth/secret", true);
    if (s !== undefined && username !== undefined && secret !== undefined) {
      clientAuth = { scheme: s, username, secretHash: userPassHash(username, secret) };
    }
  }
  let serverAuth: ServerAuth | undefined;
  if (body.serverAuth !== undefined) {
    if (!isObject(body.serverAuth))
      errors.push({ pointer: "/serverAuth", message: "must be {scheme, serverId?, secret}" });
    else {
      const c = body.serverAuth;
      const s = scheme(c.scheme, "/serverAuth/scheme");
      const serverId = str(c.serverId, "/serverAuth/serverId") ?? defaultServerId;
      const secret = str(c.secret, "/serverAuth/secret", true);
      if (s !== undefined && secret !== undefined) {
        serverAuth = {
          scheme: s,
          serverId,
          secretHash: userPassHash(serverId, secret),
          ...(s === "basic" ? { secretPlain: secret } : {}),
        };
      }
    }
  }
  if (errors.length > 0 || clientAuth === undefined) throw invalidBody(errors);
  return {
    id: id as string,
    ...(name === undefined ? {} : { name }),
    ...(msisdn === undefined ? {} : { msisdn }),
    ...(notify === undefined ? {} : { notify }),
    clientAuth,
    ...(serverAuth === undefined ? {} : { serverAuth }),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
