import type { PageRequest } from "../store/store-api.js";
import { invalidQuery } from "./api-problem.js";

/** `?limit=` and `?cursor=` as a PageRequest (limit 1..1000). */
export function pageOf(url: URL): PageRequest {
  const limit = intParam(url, "limit", 1, 1000);
  const cursor = url.searchParams.get("cursor") ?? undefined;
  return {
    ...(limit === undefined ? {} : { limit }),
    ...(cursor === undefined || cursor === "" ? {} : { cursor }),
  };
}

/** An integer query parameter within [min, max], or undefined when absent. */
export function intParam(url: URL, name: string, min: number, max: number): number | undefined {
  const text = url.searchParams.get(name);
  if (text === null || text === "") return undefined;
  if (!/^-?\d+$/.test(text)) throw invalidQuery(name, "must be an integer");
  const n = Number(text);
  if (n < min || n > max) throw invalidQuery(name, `must be between ${min} and ${max}`);
  return n;
}

/** A time query parameter: ISO 8601 or milliseconds since the epoch. */
export function timeParam(url: URL, name: string): number | undefined {
  const text = url.searchParams.get(name);
  if (text === null || text === "") return undefined;
  const n = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(n))
    throw invalidQuery(name, "must be an ISO 8601 time or milliseconds since the epoch");
  return n;
}

/** A comma-separated list of values from `allowed`, or undefined when absent. */
export function listParam<T extends string>(url: URL, name: string, allowed: readonly T[]): T[] | undefined {
  const text = url.searchParams.get(name);
  if (text === null || text === "") return undefined;
  const values = text.split(",").map((s) => s.trim());
  for (const v of values) {
    if (!(allowed as readonly string[]).includes(v))
      throw invalidQuery(name, `${v} is not one of ${allowed.join(", ")}`);
  }
  return values as T[];
}

/** A boolean query parameter ("true"/"false"), or undefined when absent. */
export function boolParam(url: URL, name: string): boolean | undefined {
  const text = url.searchParams.get(name);
  if (text === null || text === "") return undefined;
  if (text !== "true" && text !== "false") throw invalidQuery(name, "must be true or false");
  return text === "true";
}
