import { sendJson } from "../http/respond.js";
import type { ApiDeps } from "./api-deps.js";
import { ApiProblem, invalidBody, notFound } from "./api-problem.js";
import type { ApiRoute } from "./api-route.js";
import { readJsonBody } from "./json-body.js";

/** Actions on a device: notify (Package 0) and bootstrap, delegated to their modules. */
export function operationRoutes(deps: ApiDeps): ApiRoute[] {
  const { store } = deps;
  const bodyObject = async (req: Parameters<ApiRoute["handle"]>[0]["req"]) => {
    const body = (await readJsonBody(req)) ?? {};
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw invalidBody([{ pointer: "", message: "must be a JSON object" }]);
    }
    return body as Record<string, unknown>;
  };
  const unavailable = (what: string) =>
    new ApiProblem({
      title: "Not configured",
      status: 503,
      detail: `${what} is not configured on this server`,
    });
  return [
    {
      method: "POST",
      path: "/api/devices/{id}/notify",
      auth: true,
      async handle({ req, res, params }) {
        const id = params.id!;
        const body = await bodyObject(req);
        if ((await store.devices.get(id)) === undefined) throw notFound(`device ${id}`);
        if (deps.notify === undefined) throw unavailable("notification");
        const outcome = await deps.notify.notify(id, body);
        deps.hub.wake();
        sendJson(res, 202, outcome ?? {});
      },
    },
    {
      method: "POST",
      path: "/api/devices/{id}/bootstrap",
      auth: true,
      async handle({ req, res, params }) {
        const id = params.id!;
        const body = await bodyObject(req);
        // The device need not exist yet: a bootstrap is how a fresh device gets its account, and
        // the bootstrap module decides whether it provisions the device too.
        if (deps.bootstrap === undefined) throw unavailable("bootstrap");
        const outcome = await deps.bootstrap.bootstrap(id, body);
        deps.hub.wake();
        sendJson(res, 202, outcome ?? {});
      },
    },
  ];
}
