import { OmaDmError } from "@omadm/protocol";
import { sendJson } from "../http/respond.js";
import { commandStates } from "../store/store-api.js";
import type { ApiDeps } from "./api-deps.js";
import { ApiProblem, invalidBody, notFound } from "./api-problem.js";
import { listParam, pageOf } from "./api-query.js";
import type { ApiRoute } from "./api-route.js";
import { commandView } from "./api-views.js";
import { readJsonBody } from "./json-body.js";
import { parseCommandBody } from "./parse-command-body.js";

/** Routes of the per-device command queue. */
export function commandRoutes(deps: ApiDeps): ApiRoute[] {
  const { store } = deps;
  return [
    {
      method: "POST",
      path: "/api/devices/{id}/commands",
      auth: true,
      async handle({ req, res, params }) {
        const id = params.id!;
        const body = await readJsonBody(req);
        if (body === undefined) throw invalidBody([{ pointer: "", message: "a DmCommand is required" }]);
        const command = parseCommandBody(body);
        let queued;
        try {
          queued = await store.commands.enqueue(id, command);
        } catch (e) {
          if (e instanceof OmaDmError && e.code === "STORE_NOT_FOUND") throw notFound(`device ${id}`);
          throw e;
        }
        deps.log.info({ deviceId: id, commandId: queued.id, kind: command.kind }, "command queued");
        sendJson(res, 201, commandView(queued), {
          location: `/api/commands/${encodeURIComponent(queued.id)}`,
        });
      },
    },
    {
      method: "GET",
      path: "/api/devices/{id}/commands",
      auth: true,
      async handle({ res, url, params }) {
        const id = params.id!;
        const states = listParam(url, "state", commandStates);
        const page = await store.commands.list(
          { deviceId: id, ...(states === undefined ? {} : { states }) },
          pageOf(url),
        );
        if (page.items.length === 0 && (await store.devices.get(id)) === undefined)
          throw notFound(`device ${id}`);
        sendJson(res, 200, {
          items: page.items.map(commandView),
          ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
        });
      },
    },
    {
      method: "GET",
      path: "/api/commands/{commandId}",
      auth: true,
      async handle({ res, params }) {
        const command = await store.commands.get(params.commandId!);
        if (command === undefined) throw notFound(`command ${params.commandId}`);
        sendJson(res, 200, commandView(command));
      },
    },
    {
      method: "DELETE",
      path: "/api/commands/{commandId}",
      auth: true,
      async handle({ res, params }) {
        const commandId = params.commandId!;
        if (await store.commands.cancel(commandId)) {
          deps.log.info({ commandId }, "command cancelled");
          res.writeHead(204).end();
          return;
        }
        const command = await store.commands.get(commandId);
        if (command === undefined) throw notFound(`command ${commandId}`);
        throw new ApiProblem({
          title: "Conflict",
          status: 409,
          detail: `command ${commandId} is ${command.state}; only a queued or sent command can be cancelled`,
        });
      },
    },
  ];
}
