/**
 * Validation of protocol-neutral commands before they are queued (the REST API calls it) and
 * again before they are rendered (a stored command might predate a rule).
 */
import { isDecodeError, nodeFormats } from "@omadm/protocol";
import type { CommandData, DmCommand } from "../store/store-api.js";
import type { UriQueryAllowance } from "./command-uri.js";
import { uriProblem } from "./command-uri.js";
import { tndsPayloadElement } from "./tnds-payload.js";

/** One thing wrong with a command; `path` names it (`commands[1].uri`). */
export interface CommandProblem {
  readonly path: string;
  readonly message: string;
}

/** Most commands one Atomic or Sequence may hold (it must fit one message [TR-PRO §2.1]). */
export const maxGroupCommands = 100;

const formats = new Set<string>(nodeFormats);
// Strict base64: the standard alphabet, padding only at the end.
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Every problem of `command`; empty when it can be sent. */
export function validateDmCommand(command: DmCommand): readonly CommandProblem[] {
  const problems: CommandProblem[] = [];
  check(command, "", "top", problems);
  return problems;
}

type Place = "top" | "Atomic" | "Sequence";

function isCommandList(x: unknown): x is readonly DmCommand[] {
  return Array.isArray(x);
}

function check(c: DmCommand, at: string, place: Place, out: CommandProblem[]): void {
  const p = (field: string) => (at === "" ? field : `${at}.${field}`);
  // Commands come from JSON (the REST API): anything may arrive.
  if (typeof c !== "object" || (c as unknown) === null) {
    out.push({ path: at === "" ? "command" : at, message: "a command must be an object" });
    return;
  }
  const uri = (value: string, query: UriQueryAllowance, field = "uri") => {
    const problem = typeof value === "string" ? uriProblem(value, query) : "URI must be a string";
    if (problem !== undefined) out.push({ path: p(field), message: problem });
  };
  const kind: string = c.kind;
  switch (c.kind) {
    case "Get":
      uri(c.uri, "get");
      // [TR-REP §4.1.6.3] Get inside Atomic is refused by the device (500): refuse it here.
      if (place === "Atomic") out.push({ path: p("kind"), message: "Get is not allowed inside Atomic" });
      return;
    case "Add":
    case "Replace":
      uri(c.uri, c.kind === "Replace" ? "replace" : "none");
      checkFormat(c.format, p, out);
      checkData(c.data, c.format, p, out);
      if (c.format === "node" && c.data !== undefined) {
        out.push({ path: p("data"), message: "an interior node (format node) has no data" });
      }
      return;
    case "Delete":
      uri(c.uri, "none");
      return;
    case "Exec":
      uri(c.uri, "none");
      checkFormat(c.format, p, out);
      checkData(c.data, c.format, p, out);
      // [TR-REP §4.1.6.6] Exec goes directly in SyncBody or in a Sequence, never in Atomic.
      if (place === "Atomic") out.push({ path: p("kind"), message: "Exec is not allowed inside Atomic" });
      return;
    case "Copy":
      // [TR-REP §4.1.6.4] Copy is leaf to leaf: plain URIs only.
      uri(c.uri, "none");
      uri(c.source, "none", "source");
      return;
    case "Atomic":
    case "Sequence": {
      // [TR-REP §4.1.6.3] nested Atomic -> 500; Sequence inside Atomic/Sequence is refused by
      // devices too. Atomic inside Sequence is allowed (RepPro DTD).
      if (place === "Atomic" || (place === "Sequence" && c.kind === "Sequence")) {
        out.push({ path: p("kind"), message: `${c.kind} is not allowed inside ${place}` });
      }
      if (!isCommandList(c.commands) || c.commands.length === 0) {
        out.push({ path: p("commands"), message: `${c.kind} needs at least one command` });
        return;
      }
      if (c.commands.length > maxGroupCommands) {
        out.push({ path: p("commands"), message: `${c.kind} holds more than ${maxGroupCommands} commands` });
      }
      c.commands.forEach((child, i) => check(child, p(`commands[${i}]`), c.kind, out));
      return;
    }
    default:
      out.push({ path: p("kind"), message: `unknown command kind ${JSON.stringify(kind)}` });
  }
}

function checkFormat(format: string | undefined, p: (f: string) => string, out: CommandProblem[]): void {
  if (format !== undefined && !formats.has(format)) {
    out.push({ path: p("format"), message: `unknown format ${JSON.stringify(format)}` });
  }
}

function checkData(
  data: CommandData | undefined,
  format: string | undefined,
  p: (f: string) => string,
  out: CommandProblem[],
): void {
  if (data === undefined) return;
  if (typeof data !== "object" || (data as unknown) === null) {
    out.push({ path: p("data"), message: "data must be {text}, {base64} or {tnds}" });
    return;
  }
  if ("text" in data) {
    if (typeof data.text !== "string") out.push({ path: p("data.text"), message: "text must be a string" });
    return;
  }
  if ("base64" in data) {
    if (typeof data.base64 !== "string" || !base64Pattern.test(data.base64)) {
      out.push({ path: p("data.base64"), message: "not valid base64" });
    }
    return;
  }
  if ("tnds" in data) {
    if (format !== undefined && format !== "xml") {
      out.push({ path: p("format"), message: "a TNDS payload has format xml" });
    }
    if (typeof data.tnds !== "string") {
      out.push({ path: p("data.tnds"), message: "tnds must be the XML text of a MgmtTree" });
      return;
    }
    try {
      tndsPayloadElement(data.tnds);
    } catch (e) {
      if (!isDecodeError(e)) throw e;
      out.push({ path: p("data.tnds"), message: `not a TNDS MgmtTree: ${e.message}` });
    }
    return;
  }
  out.push({ path: p("data"), message: "data must be {text}, {base64} or {tnds}" });
}
