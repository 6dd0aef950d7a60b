import { describe, expect, it } from "vitest";
import type { ApiDeps } from "./api-deps.js";
import { openApiDocument } from "./openapi-document.js";
import { apiRoutes } from "./rest-api.js";

// The endpoints served outside the REST router (server.ts dispatches them itself).
const serviceRoutes = [
  ["post", "/dm"],
  ["get", "/metrics"],
  ["get", "/healthz"],
] as const;

describe("the OpenAPI document", () => {
  const doc = openApiDocument();
  const documented = Object.entries(doc.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
  const served = [
    ...apiRoutes({} as ApiDeps).map((r) => `${r.method} ${r.path}`),
    ...serviceRoutes.map(([m, p]) => `${m.toUpperCase()} ${p}`),
  ].sort();

  it("describes every route the server serves, and no other", () => {
    expect(documented).toEqual(served);
  });

  it("gives every operation a unique operationId and a 2xx response", () => {
    const ops = Object.values(doc.paths).flatMap((item) => Object.values(item));
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of ops) expect(Object.keys(o.responses).some((s) => s.startsWith("2"))).toBe(true);
  });

  it("declares every path parameter of a templated path", () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(item)) {
        const declared = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
        expect(declared.sort()).toEqual([...names].sort());
      }
    }
  });

  it("resolves every $ref to a component schema", () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map(
      (m) => m[1]!,
    );
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(doc.components.schemas).toHaveProperty(r);
  });

  it("requires the bearer token except on the public endpoints", () => {
    const open = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.values(item).map((o) => [path, o.security] as const))
      .filter(([, security]) => security !== undefined && security.length === 0)
      .map(([path]) => path)
      .sort();
    expect(open).toEqual(["/api/openapi.json", "/dm", "/healthz", "/metrics"]);
    expect(doc.security).toEqual([{ bearer: [] }]);
    const unauthenticated = apiRoutes({} as ApiDeps)
      .filter((r) => !r.auth)
      .map((r) => r.path);
    expect(unauthenticated).toEqual(["/api/openapi.json"]);
  });
});
