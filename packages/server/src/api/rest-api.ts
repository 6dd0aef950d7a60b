import type { IncomingMessage, ServerResponse } from "node:http";
import { sendProblem } from "../http/respond.js";
import type { ApiDeps } from "./api-deps.js";
import { authorizeRequest } from "./api-auth.js";
import { ApiProblem } from "./api-problem.js";
import { createApiRouter, type ApiRoute, type ApiRouter } from "./api-route.js";
import { commandRoutes } from "./command-routes.js";
import { deviceRoutes } from "./device-routes.js";
import { eventRoutes } from "./event-routes.js";
import { openApiDocument } from "./openapi-document.js";
import { operationRoutes } from "./operation-routes.js";

/** The REST API: its route table and the handler for everything under /api. */
export interface RestApi {
  readonly router: ApiRouter;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

/** Every REST route, in the order they are matched. */
export function apiRoutes(deps: ApiDeps): ApiRoute[] {
  const document = JSON.stringify(openApiDocument());
  return [
    {
      method: "GET",
      path: "/api/openapi.json",
      auth: false,
      handle: ({ res }) => {
        res.writeHead(200, {
          "content-type": "application/json; charset=utf-8",
          "cache-control": "no-cache",
        });
        res.end(document);
        return Promise.resolve();
      },
    },
    ...deviceRoutes(deps),
    ...commandRoutes(deps),
    ...operationRoutes(deps),
    ...eventRoutes(deps),
  ];
}

/**
 * The REST API under /api: JSON in and out, bearer tokens on every route but the OpenAPI
 * document, errors as RFC 9457 problem documents.
 */
export function createRestApi(deps: ApiDeps): RestApi {
  const router = createApiRouter(apiRoutes(deps));
  return {
    router,
    async handle(req, res, url) {
      try {
        const found = router.match(req.method ?? "GET", url.pathname);
        if (found === undefined) {
          throw new ApiProblem({ title: "Not found", status: 404, detail: `no route ${url.pathname}` });
        }
        if ("allowed" in found) {
          throw new ApiProblem(
            { title: "Method not allowed", status: 405, detail: `use ${found.allowed.join(", ")}` },
            { allow: found.allowed.join(", ") },
          );
        }
        if (found.route.auth) await authorizeRequest(req, deps.store.apiTokens);
        await found.route.handle({ req, res, url, params: found.params });
      } catch (e) {
        if (res.headersSent) {
          res.destroy();
          if (!(e instanceof ApiProblem)) throw e;
          return;
        }
        if (e instanceof ApiProblem) {
          // A body left unread (refused before it was read, e.g. 401) is not drained: close instead.
          const close = e.headers.connection === "close" || !req.complete;
          if (close) res.shouldKeepAlive = false;
          sendProblem(res, e.problem, close ? { ...e.headers, connection: "close" } : e.headers);
          return;
        }
        deps.log.error({ err: e, method: req.method, path: url.pathname }, "API request failed");
        sendProblem(res, { title: "Internal error", status: 500 });
      }
    },
  };
}
