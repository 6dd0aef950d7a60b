/**
 * The DM 2.0 command document (application/dm20) the server sends: `MsgID <n>`, then one command per
 * line. [DM2 §5.5, §5.8] Plain readonly data, one discriminated union.
 */

export interface Dm2CommandDocument {
  readonly msgId: number;
  readonly commands: readonly Dm2Command[];
}

export type Dm2Command =
  Dm2Get | Dm2Put | Dm2Post | Dm2Delete | Dm2Exec | Dm2Show | Dm2Default | Dm2End | Dm2Unknown;

/** HTTP GET ServerURI; store at ClientURI, or (without one) report the new location as Param1. */
export interface Dm2Get {
  readonly kind: "Get";
  readonly serverUri: string;
  readonly clientUri?: string;
}

/** Serialize the ClientURIs as one TNDS20 object and HTTP PUT it to ServerURI. */
export interface Dm2Put {
  readonly kind: "Put";
  readonly serverUri: string;
  /** At least one; each may carry `?Levels=n`; `*` is every MO the server may access. */
  readonly clientUris: readonly string[];
}

/** As Put, with HTTP POST. */
export interface Dm2Post {
  readonly kind: "Post";
  readonly serverUri: string;
  readonly clientUris: readonly string[];
}

/** Delete the node at ClientURI and its subtree. */
export interface Dm2Delete {
  readonly kind: "Delete";
  readonly clientUri: string;
}

/** Exec the node at ClientURI; ServerURI receives the Generic Alert if the MO names no other. */
export interface Dm2Exec {
  readonly kind: "Exec";
  readonly clientUri: string;
  readonly serverUri?: string;
}

/** Open a browser on ServerURI, which carries `?Close=URL` or `?Continue=URL`. */
export interface Dm2Show {
  readonly kind: "Show";
  readonly serverUri: string;
}

/** Where to fetch configuration for an MOID when the device or the user needs it. */
export interface Dm2Default {
  readonly kind: "Default";
  readonly moid: string;
  readonly serverUrl: string;
}

/** Last package: execute the commands, then end the session without reporting status. */
export interface Dm2End {
  readonly kind: "End";
}

/**
 * A command this version does not define. The document stays valid: the client answers it with
 * 406 Optional Feature Not Supported. [DM2 §5.8]
 */
export interface Dm2Unknown {
  readonly kind: "Unknown";
  readonly name: string;
  readonly params: readonly string[];
}

/** Wire keyword <-> kind of each defined command. [DM2 §5.8] */
export const dm2CommandKeywords = [
  ["GET", "Get"],
  ["PUT", "Put"],
  ["POST", "Post"],
  ["DELETE", "Delete"],
  ["EXEC", "Exec"],
  ["SHOW", "Show"],
  ["DEFAULT", "Default"],
  ["END", "End"],
] as const;

export type Dm2CommandKind = (typeof dm2CommandKeywords)[number][1];

export const dm2KindOfKeyword: ReadonlyMap<string, Dm2CommandKind> = new Map(dm2CommandKeywords);
export const dm2KeywordOfKind: ReadonlyMap<Dm2CommandKind, string> = new Map(
  dm2CommandKeywords.map(([keyword, kind]) => [kind, keyword]),
);
