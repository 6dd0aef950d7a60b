import { describe, expect, it } from "vitest";
import { createApiRouter, type ApiRoute } from "./api-route.js";

const noop = () => Promise.resolve();
const route = (method: ApiRoute["method"], path: string): ApiRoute => ({
  method,
  path,
  auth: true,
  handle: noop,
});

describe("createApiRouter", () => {
  const router = createApiRouter([
    route("GET", "/api/devices"),
    route("POST", "/api/devices"),
    route("GET", "/api/devices/{id}"),
    route("DELETE", "/api/devices/{id}"),
    route("GET", "/api/devices/{id}/commands"),
  ]);

  it.each([
    ["GET", "/api/devices", "/api/devices", {}],
    ["GET", "/api/devices/IMEI%3A4901", "/api/devices/{id}", { id: "IMEI:4901" }],
    ["DELETE", "/api/devices/a%2Fb", "/api/devices/{id}", { id: "a/b" }],
    ["GET", "/api/devices/x/commands", "/api/devices/{id}/commands", { id: "x" }],
  ])("matches %s %s to %s with its parameters", (method, path, expected, params) => {
    const found = router.match(method, path);
    expect(found !== undefined && "route" in found ? [found.route.path, found.params] : found).toEqual([
      expected,
      params,
    ]);
  });

  it("names the allowed methods when only the method is wrong", () => {
    expect(router.match("PUT", "/api/devices/x")).toEqual({ allowed: ["GET", "DELETE"] });
  });

  it.each(["/api/devices/", "/api/devicesx", "/api/devices/x/y", "/api/devices/%E0%A4%A"])(
    "finds nothing for %s",
    (path) => {
      expect(router.match("GET", path)).toBeUndefined();
    },
  );
});
