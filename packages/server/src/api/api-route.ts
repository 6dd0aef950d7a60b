import type { IncomingMessage, ServerResponse } from "node:http";

/** HTTP methods the REST API uses. */
export const apiMethods = ["GET", "POST", "DELETE"] as const;
export type ApiMethod = (typeof apiMethods)[number];

/** What a route handler gets: the request, the response, the URL and the path parameters. */
export interface ApiContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * One REST route. `path` is written as in the OpenAPI document (`/api/devices/{id}`), so the
 * document and the table can be checked against each other.
 */
export interface ApiRoute {
  readonly method: ApiMethod;
  readonly path: string;
  /** False only for the OpenAPI document itself. */
  readonly auth: boolean;
  readonly handle: (ctx: ApiContext) => Promise<void>;
}

/** A compiled route table: finds the route and its parameters for a method and path. */
export interface ApiRouter {
  readonly routes: readonly ApiRoute[];
  /** The route and parameters, "method" when the path exists with other methods, or undefined. */
  match(
    method: string,
    pathname: string,
  ): { route: ApiRoute; params: Record<string, string> } | { allowed: readonly string[] } | undefined;
}

interface Compiled {
  readonly route: ApiRoute;
  readonly segments: readonly ({ literal: string } | { param: string })[];
}

/** Compiles a route table (path parameters match one percent-decoded segment). */
export function createApiRouter(routes: readonly ApiRoute[]): ApiRouter {
  const compiled: Compiled[] = routes.map((route) => ({
    route,
    segments: route.path
      .split("/")
      .slice(1)
      .map((s) => (s.startsWith("{") && s.endsWith("}") ? { param: s.slice(1, -1) } : { literal: s })),
  }));
  return {
    routes,
    match(method, pathname) {
      const parts = pathname.split("/").slice(1);
      const allowed: string[] = [];
      for (const c of compiled) {
        const params = matchSegments(c.segments, parts);
        if (params === undefined) continue;
        if (c.route.method === method) return { route: c.route, params };
        allowed.push(c.route.method);
      }
      return allowed.length > 0 ? { allowed } : undefined;
    },
  };
}

function matchSegments(
  segments: Compiled["segments"],
  parts: readonly string[],
): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    const p = parts[i]!;
    if ("literal" in s) {
      if (s.literal !== p) return undefined;
      continue;
    }
    if (p === "") return undefined;
    try {
      params[s.param] = decodeURIComponent(p);
    } catch {
      return undefined;
    }
  }
  return params;
}
