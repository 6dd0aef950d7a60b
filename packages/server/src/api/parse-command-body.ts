import { validateDmCommand } from "../commands/validate-command.js";
import type { DmCommand } from "../store/store-api.js";
import { invalidBody, type FieldError } from "./api-problem.js";

const knownKeys: Readonly<Record<string, readonly string[]>> = {
  Get: ["kind", "uri"],
  Delete: ["kind", "uri"],
  Add: ["kind", "uri", "format", "type", "data"],
  Replace: ["kind", "uri", "format", "type", "data"],
  Exec: ["kind", "uri", "format", "type", "data", "async"],
  Copy: ["kind", "uri", "source"],
  Atomic: ["kind", "commands"],
  Sequence: ["kind", "commands"],
};

/** Deepest Atomic/Sequence nesting read (the rules allow two levels; this only bounds the walk). */
const maxDepth = 8;

/**
 * Reads a JSON request body as a DmCommand: first its JSON shape (objects, field types, no
 * unknown fields), then the command rules of commands/ (URIs, formats, what may nest where).
 * Throws a 400 ApiProblem listing every failure with a JSON pointer into the body.
 */
export function parseCommandBody(value: unknown): DmCommand {
  const errors: FieldError[] = [];
  checkShape(value, "", errors, 0);
  if (errors.length === 0) {
    for (const p of validateDmCommand(value as DmCommand)) {
      errors.push({ pointer: pointerOf(p.path), message: p.message });
    }
  }
  if (errors.length > 0) throw invalidBody(errors);
  return value as DmCommand;
}

function checkShape(value: unknown, at: string, errors: FieldError[], depth: number): void {
  if (!isObject(value)) {
    errors.push({ pointer: at, message: "must be an object" });
    return;
  }
  const kind = value.kind;
  const keys = typeof kind === "string" ? knownKeys[kind] : undefined;
  if (keys === undefined) {
    errors.push({ pointer: `${at}/kind`, message: `must be one of ${Object.keys(knownKeys).join(", ")}` });
    return;
  }
  for (const key of Object.keys(value)) {
    if (!keys.includes(key))
      errors.push({ pointer: `${at}/${key}`, message: `not a field of ${String(kind)}` });
  }
  for (const key of ["uri", "source", "format", "type"]) {
    if (keys.includes(key) && value[key] !== undefined && typeof value[key] !== "string") {
      errors.push({ pointer: `${at}/${key}`, message: "must be a string" });
    }
  }
  for (const key of ["uri", ...(kind === "Copy" ? ["source"] : [])]) {
    if (keys.includes(key) && value[key] === undefined)
      errors.push({ pointer: `${at}/${key}`, message: "is required" });
  }
  if (value.async !== undefined && typeof value.async !== "boolean") {
    errors.push({ pointer: `${at}/async`, message: "must be a boolean" });
  }
  if (value.data !== undefined) {
    const data = value.data;
    const dataKeys = isObject(data) ? Object.keys(data) : [];
    const key = dataKeys[0];
    if (
      !isObject(data) ||
      dataKeys.length !== 1 ||
      (key !== "text" && key !== "base64" && key !== "tnds") ||
      typeof data[key] !== "string"
    ) {
      errors.push({
        pointer: `${at}/data`,
        message: "must be exactly one of {text}, {base64}, {tnds} with a string",
      });
    }
  }
  if (kind === "Atomic" || kind === "Sequence") {
    const commands = value.commands;
    if (!Array.isArray(commands)) {
      errors.push({ pointer: `${at}/commands`, message: "must be an array" });
      return;
    }
    if (depth >= maxDepth) {
      errors.push({ pointer: `${at}/commands`, message: "nested too deeply" });
      return;
    }
    commands.forEach((c: unknown, i) => checkShape(c, `${at}/commands/${i}`, errors, depth + 1));
  }
}

/** `commands[1].data.text` -> `/commands/1/data/text`. */
function pointerOf(path: string): string {
  if (path === "") return "";
  return (
    "/" +
    path
      .replace(/\[(\d+)\]/g, ".$1")
      .split(".")
      .join("/")
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
