import { OmaDmError } from "../errors.js";
import { parseClientUri, showContinuation } from "./client-uri.js";
import type { Dm2Command, Dm2CommandDocument } from "./dm2-commands.js";
import { dm2KeywordOfKind, dm2KindOfKeyword } from "./dm2-commands.js";
import { checkDm2Token, writeDm2Lines } from "./dm2-lines.js";
import { msgIdLine } from "./msg-id.js";

/**
 * Encodes a DM 2.0 command document: `MsgID <n>` and one command per line, each line ended by CRLF.
 * [DM2 §5.5] Throws OmaDmError "INVALID_ARGUMENT" for a document that would not decode to the same
 * value: an empty parameter or one with whitespace, PUT/POST without a ClientURI, a SHOW without
 * `?Close=`/`?Continue=`, a bad `?Levels=`, or an Unknown command named like a defined one.
 */
export function encodeDm2Commands(doc: Dm2CommandDocument): Uint8Array {
  const lines: string[][] = [msgIdLine(doc.msgId)];
  for (const c of doc.commands) lines.push(commandLine(c));
  return writeDm2Lines(lines);
}

function commandLine(c: Dm2Command): string[] {
  switch (c.kind) {
    case "Get":
      return line(c.kind, c.serverUri, c.clientUri);
    case "Put":
    case "Post":
      if (c.clientUris.length === 0) misuse(`${c.kind} needs at least one ClientURI`);
      for (const u of c.clientUris)
        if (parseClientUri(u) === undefined) misuse(`bad Levels in ClientURI ${u}`);
      return line(c.kind, c.serverUri, ...c.clientUris);
    case "Delete":
      return line(c.kind, c.clientUri);
    case "Exec":
      return line(c.kind, c.clientUri, c.serverUri);
    case "Show":
      if (showContinuation(c.serverUri) === undefined)
        misuse("SHOW ServerURI lacks ?Close=URL or ?Continue=URL");
      return line(c.kind, c.serverUri);
    case "Default":
      return line(c.kind, c.moid, c.serverUrl);
    case "End":
      return line(c.kind);
    case "Unknown":
      checkDm2Token(c.name, "command name");
      if (dm2KindOfKeyword.has(c.name)) misuse(`an Unknown command cannot be named ${c.name}`);
      return [c.name, ...c.params.map((p) => checkDm2Token(p, "parameter"))];
  }
}

function line(kind: Exclude<Dm2Command["kind"], "Unknown">, ...params: (string | undefined)[]): string[] {
  const out = [dm2KeywordOfKind.get(kind)!];
  for (const p of params) if (p !== undefined) out.push(checkDm2Token(p, "parameter"));
  return out;
}

function misuse(message: string): never {
  throw new OmaDmError("INVALID_ARGUMENT", message);
}
