import { decimal } from "./dm2-lines.js";

/** A ClientURI split into its path and the `Levels` query parameter. [DM2 §5.8] */
export interface ClientUriParts {
  /** The part before `?`; `*` stands for every MO the server may access. */
  readonly path: string;
  /** Sublevels of child nodes to include; all when absent. */
  readonly levels?: number;
}

/**
 * Splits a PUT/POST ClientURI (`oma:mo:oma-mms:1.3/1?Levels=2`, `*?Levels=1`). [DM2 §5.8]
 * Returns undefined when a Levels parameter is present but not a decimal count.
 */
export function parseClientUri(clientUri: string): ClientUriParts | undefined {
  const q = clientUri.indexOf("?");
  if (q < 0) return { path: clientUri };
  const path = clientUri.slice(0, q);
  let levels: number | undefined;
  for (const param of clientUri.slice(q + 1).split("&")) {
    const eq = param.indexOf("=");
    const name = eq < 0 ? param : param.slice(0, eq);
    if (name !== "Levels") continue;
    levels = decimal(eq < 0 ? undefined : param.slice(eq + 1));
    if (levels === undefined) return undefined;
  }
  return levels === undefined ? { path } : { path, levels };
}

/** What a SHOW URI asks the client to do when the browser reaches the given URL. [DM2 §5.8] */
export interface ShowContinuation {
  /** Close: hide the browser and continue the DM session. Continue: continue with the browser open. */
  readonly action: "Close" | "Continue";
  readonly url: string;
}

/**
 * The `?Close=URL` or `?Continue=URL` query parameter of a SHOW ServerURI, percent-decoded when it
 * is validly encoded; undefined when the URI carries neither (such a SHOW is malformed). [DM2 §5.8]
 */
export function showContinuation(serverUri: string): ShowContinuation | undefined {
  const q = serverUri.indexOf("?");
  if (q < 0) return undefined;
  for (const param of serverUri.slice(q + 1).split("&")) {
    const eq = param.indexOf("=");
    if (eq < 0) continue;
    const name = param.slice(0, eq);
    if (name !== "Close" && name !== "Continue") continue;
    const raw = param.slice(eq + 1);
    if (raw === "") continue;
    return { action: name, url: percentDecode(raw) };
  }
  return undefined;
}

function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
