import { DecodeError } from "../errors.js";
import type { DecodeLimits } from "../limits.js";
import { parseClientUri, showContinuation } from "./client-uri.js";
import type { Dm2Command, Dm2CommandDocument } from "./dm2-commands.js";
import { dm2KindOfKeyword } from "./dm2-commands.js";
import type { Dm2Line } from "./dm2-lines.js";
import { readDm2Lines } from "./dm2-lines.js";
import { msgIdOf } from "./msg-id.js";

export interface DecodeDm2Options {
  readonly limits?: Partial<DecodeLimits>;
}

/**
 * Decodes a DM 2.0 command document (application/dm20): `MsgID <n>`, then one command per line.
 * [DM2 §5.5, §5.8] Commands this version does not define decode as `Unknown` (the client answers
 * them with 406); a defined command with the wrong number of parameters, a SHOW without
 * `?Close=`/`?Continue=`, or a bad `?Levels=` gives DecodeError "DM2_INVALID" at the line's offset.
 */
export function decodeDm2Commands(
  input: Uint8Array | string,
  options: DecodeDm2Options = {},
): Dm2CommandDocument {
  const lines = readDm2Lines(input, options.limits);
  const msgId = msgIdOf(lines[0]);
  const commands: Dm2Command[] = [];
  for (let k = 1; k < lines.length; k++) commands.push(commandOf(lines[k]!));
  return { msgId, commands };
}

function commandOf(line: Dm2Line): Dm2Command {
  const [name = "", ...params] = line.tokens;
  const kind = dm2KindOfKeyword.get(name);
  if (kind === undefined) return { kind: "Unknown", name, params };
  const p0 = params[0];
  const p1 = params[1];
  const count = params.length;
  switch (kind) {
    case "Get":
      // GET ServerURI [ClientURI]
      if (p0 === undefined || count > 2) return bad(line, "GET takes ServerURI [ClientURI]");
      return p1 === undefined ? { kind, serverUri: p0 } : { kind, serverUri: p0, clientUri: p1 };
    case "Put":
    case "Post": {
      // PUT|POST ServerURI ClientURI1 [ClientURI2 ...]
      if (p0 === undefined || count < 2) return bad(line, `${name} takes ServerURI ClientURI...`);
      const clientUris = params.slice(1);
      for (const u of clientUris) {
        if (parseClientUri(u) === undefined) return bad(line, `bad Levels in ClientURI ${u}`);
      }
      return { kind, serverUri: p0, clientUris };
    }
    case "Delete":
      if (p0 === undefined || count > 1) return bad(line, "DELETE takes ClientURI");
      return { kind, clientUri: p0 };
    case "Exec":
      if (p0 === undefined || count > 2) return bad(line, "EXEC takes ClientURI [ServerURI]");
      return p1 === undefined ? { kind, clientUri: p0 } : { kind, clientUri: p0, serverUri: p1 };
    case "Show":
      if (p0 === undefined || count > 1) return bad(line, "SHOW takes ServerURI");
      // [DM2 §5.8] the query ?Close=URL or ?Continue=URL MUST be present.
      if (showContinuation(p0) === undefined)
        return bad(line, "SHOW ServerURI lacks ?Close=URL or ?Continue=URL");
      return { kind, serverUri: p0 };
    case "Default":
      if (p0 === undefined || p1 === undefined || count > 2) return bad(line, "DEFAULT takes MOID ServerURL");
      return { kind, moid: p0, serverUrl: p1 };
    case "End":
      if (count > 0) return bad(line, "END takes no parameters");
      return { kind };
  }
}

function bad(line: Dm2Line, message: string): never {
  throw new DecodeError("DM2_INVALID", message, line.offset);
}
