import { sendJson } from "../http/respond.js";
import { eventKinds } from "../store/store-api.js";
import type { ApiDeps } from "./api-deps.js";
import { invalidQuery } from "./api-problem.js";
import { intParam, listParam, pageOf } from "./api-query.js";
import type { ApiRoute } from "./api-route.js";
import { eventView, sessionView } from "./api-views.js";
import { openEventStream } from "./event-stream.js";

/** Events (a page after a cursor, and the live SSE stream) and open sessions. */
export function eventRoutes(deps: ApiDeps): ApiRoute[] {
  const { store } = deps;
  return [
    {
      method: "GET",
      path: "/api/events",
      auth: true,
      async handle({ res, url }) {
        const after = intParam(url, "after", 0, Number.MAX_SAFE_INTEGER);
        const limit = intParam(url, "limit", 1, 1000);
        const deviceId = url.searchParams.get("deviceId") ?? undefined;
        const kinds = listParam(url, "kind", eventKinds);
        const items = await store.events.list({
          ...(after === undefined ? {} : { after }),
          ...(limit === undefined ? {} : { limit }),
          ...(deviceId === undefined || deviceId === "" ? {} : { deviceId }),
          ...(kinds === undefined ? {} : { kinds }),
        });
        // The next page starts after the last event returned (or where this one started).
        const next = items.length > 0 ? items[items.length - 1]!.id : (after ?? 0);
        sendJson(res, 200, { items: items.map(eventView), nextAfter: next });
      },
    },
    {
      method: "GET",
      path: "/api/stream",
      auth: true,
      async handle({ req, res, url }) {
        const header = req.headers["last-event-id"];
        let after = intParam(url, "after", 0, Number.MAX_SAFE_INTEGER);
        if (typeof header === "string" && header !== "") {
          if (!/^\d+$/.test(header)) throw invalidQuery("Last-Event-ID", "must be an event id");
          after = Number(header);
        }
        const deviceId = url.searchParams.get("deviceId") ?? undefined;
        const kinds = listParam(url, "kind", eventKinds);
        await openEventStream(
          res,
          {
            ...(after === undefined ? {} : { after }),
            ...(deviceId === undefined || deviceId === "" ? {} : { deviceId }),
            ...(kinds === undefined ? {} : { kinds }),
          },
          {
            hub: deps.hub,
            events: store.events,
            ...(deps.stream === undefined ? {} : { opened: (end: () => void) => deps.stream?.(res, end) }),
          },
        );
      },
    },
    {
      method: "GET",
      path: "/api/sessions",
      auth: true,
      async handle({ res, url }) {
        const deviceId = url.searchParams.get("deviceId") ?? undefined;
        const page = await store.sessions.list(
          { now: deps.clock(), ...(deviceId === undefined || deviceId === "" ? {} : { deviceId }) },
          pageOf(url),
        );
        sendJson(res, 200, {
          items: page.items.map(sessionView),
          ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
        });
      },
    },
  ];
}
