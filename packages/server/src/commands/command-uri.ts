/**
 * Device URIs a server may put in a command's Target or Source: full device URIs [TR-TND §8.1],
 * optionally with a `?prop=` or `?list=` query where the command allows one [TR-TND §8.3.3, §8.4].
 */

/** Run-time properties addressable with `?prop=` [TR-TND §8.3]. */
export const uriProperties = ["ACL", "Format", "Name", "Size", "Title", "TStamp", "Type", "VerNo"] as const;

/** Properties a Replace may set (`?prop=`): the others are read-only or set implicitly [TR-TND §8.3]. */
export const replaceableProperties = ["ACL", "Name", "Title"] as const;

/** `?list=` forms of a Get [TR-TND §8.4.2]. */
export const listForms = ["Struct", "StructData", "TNDS"] as const;

/** What a command lets its URI carry. */
export type UriQueryAllowance = "none" | "get" | "replace";

/** Longest URI we send; devices publish lower limits in ./DevDetail/URI (they answer 414). */
export const maxUriLength = 2048;

// TNDS property selectors may also name Value [TR-TND §8.4.2].
const tndsSelectors = new Set<string>([...uriProperties, "Value"]);

/**
 * The problem with `uri` as a command target, or undefined when it is a valid full device URI:
 * `.` or names joined by `/`, optionally starting `./`; no empty names, no `.`/`..` names, no
 * trailing `/`, no leading `/` [TR-TND §8.1]; a query only where `query` allows it.
 */
export function uriProblem(uri: string, query: UriQueryAllowance = "none"): string | undefined {
  if (uri.length === 0) return "URI is empty";
  if (uri.length > maxUriLength) return `URI is longer than ${maxUriLength} characters`;
  for (let i = 0; i < uri.length; i++) {
    const c = uri.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return "URI contains a control character";
  }
  const q = uri.indexOf("?");
  const path = q === -1 ? uri : uri.slice(0, q);
  const pathProblem = pathProblemOf(path);
  if (pathProblem !== undefined) return pathProblem;
  if (q === -1) return undefined;
  const text = uri.slice(q + 1);
  switch (query) {
    case "none":
      return "this command takes no ?prop= or ?list= query";
    case "replace": {
      const prop = text.startsWith("prop=") ? text.slice(5) : undefined;
      if (prop === undefined || !(replaceableProperties as readonly string[]).includes(prop)) {
        return `a Replace query must be ?prop= one of ${replaceableProperties.join(", ")}`;
      }
      return undefined;
    }
    case "get":
      return getQueryProblem(text);
  }
}

function pathProblemOf(path: string): string | undefined {
  // [TR-TND §8.1] the root is "."; "./" only at the very beginning; no trailing "/", no "../".
  if (path === ".") return undefined;
  if (path.startsWith("/")) return "URI must not start with /";
  if (path.endsWith("/")) return "URI must not end with /";
  const names = path.split("/");
  for (let i = 0; i < names.length; i++) {
    const name = names[i] ?? "";
    if (name === "") return "URI has an empty node name";
    if (name === "." && i === 0) continue;
    if (name === "." || name === "..") return "URI may use . only as its first name and never ..";
  }
  return undefined;
}

function getQueryProblem(text: string): string | undefined {
  if (text.startsWith("prop=")) {
    const prop = text.slice(5);
    return (uriProperties as readonly string[]).includes(prop)
      ? undefined
      : `unknown property ${JSON.stringify(prop)}`;
  }
  if (!text.startsWith("list=")) return "a Get query must be ?prop= or ?list=";
  const list = text.slice(5);
  if (list === "Struct" || list === "StructData" || list === "TNDS") return undefined;
  if (!list.startsWith("TNDS")) return `unknown ?list= form ${JSON.stringify(list)}`;
  // [TR-TND §8.4.2] TNDS+A+B (only those) or TNDS-A-B (all but those); + and - do not mix.
  const sign = list[4];
  if (sign !== "+" && sign !== "-") return `unknown ?list= form ${JSON.stringify(list)}`;
  const names = list.slice(5).split(sign);
  if (list.slice(5).includes(sign === "+" ? "-" : "+")) return "?list=TNDS cannot mix + and -";
  for (const n of names) {
    if (!tndsSelectors.has(n)) return `unknown TNDS property selector ${JSON.stringify(n)}`;
  }
  return undefined;
}
