/**
 * The ACL property: grammar, evaluation, server removal. [TR-TND §8.3.7.1]
 *
 *   acl      = "" / entry *( "&" entry )
 *   entry    = command "=" serverid *( "+" serverid )
 *   command  = "Add" / "Delete" / "Exec" / "Get" / "Replace"
 *   serverid = "*" / 1*( printable char except "=", "&", "*", "+", whitespace )
 *
 * ACL strings are kept on nodes exactly as written (Get ?prop=ACL returns them unchanged); the
 * evaluation works on a compiled form cached per distinct string, so nodes share it.
 */

/** Commands an ACL can grant, in grammar order. Copy has no entry. [TR-TND §8.3.7.1] */
export const aclCommands = ["Add", "Delete", "Exec", "Get", "Replace"] as const;
export type AclCommand = (typeof aclCommands)[number];

/** One `command=id+id` entry. */
export interface AclEntry {
  readonly command: AclCommand;
  readonly serverIds: readonly string[];
}

/** The ACL of the root on a fresh device. [TR-TND §8.3.7.1] */
export const rootDefaultAcl = "Add=*&Get=*";

/** Parses an ACL string; undefined when it does not follow the grammar. Entries keep their order. */
export function parseAcl(text: string): AclEntry[] | undefined {
  if (text === "") return [];
  const entries: AclEntry[] = [];
  for (const part of text.split("&")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return undefined;
    const command = part.slice(0, eq);
    if (!isAclCommand(command)) return undefined;
    const ids = part.slice(eq + 1).split("+");
    for (const id of ids) if (!isServerIdToken(id)) return undefined;
    entries.push({ command, serverIds: ids });
  }
  return entries;
}

/** Writes entries back in the grammar; the inverse of `parseAcl`. */
export function formatAcl(entries: readonly AclEntry[]): string {
  return entries.map((e) => `${e.command}=${e.serverIds.join("+")}`).join("&");
}

/** True when `text` follows the ACL grammar. */
export function isValidAcl(text: string): boolean {
  return compiled(text) !== null;
}

/**
 * True when the ACL grants `command` to `serverId`. `*` grants everyone; an id listed in any
 * entry for the command grants it (repeated entries, as in `Get=A&Get=B`, add up). An ACL that
 * does not parse grants nothing.
 */
export function aclGrants(text: string, command: AclCommand, serverId: string): boolean {
  const c = compiled(text);
  if (c === null) return false;
  const g = c[commandIndex[command]];
  return g === true || (g !== undefined && g.includes(serverId));
}

/** True when a server id can be written in an ACL (printable, none of `=&*+`, no whitespace). */
export function isServerIdToken(id: string): boolean {
  if (id === "*") return true;
  if (id.length === 0) return false;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    // [TR-TND §8.3.7.1] printable characters except the grammar's separators and whitespace.
    if (c <= 0x20 || c === 0x7f || c === 0x3d || c === 0x26 || c === 0x2a || c === 0x2b) return false;
    if (c === 0x85 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029)
      return false;
    if (c === 0x3000 || c === 0xfeff) return false;
  }
  return true;
}

/** `Add=S&Delete=S&Replace=S` style ACL granting `commands` to one server, or "" if the id cannot be written. */
export function aclFor(serverId: string, commands: readonly AclCommand[]): string {
  if (serverId === "*" || !isServerIdToken(serverId)) return "";
  return formatAcl(commands.map((command) => ({ command, serverIds: [serverId] })));
}

/**
 * The ACL with `serverId` removed. [TR-TND §8.3.7.1] Entries left without ids are dropped. For
 * the root, a command left without ids returns to the factory default (`Add=*`, `Get=*`; other
 * commands are dropped), so the root keeps a non-empty ACL that still allows Add for everyone.
 * An ACL that does not parse is returned unchanged.
 */
export function aclWithoutServer(text: string, serverId: string, isRoot: boolean): string {
  const entries = parseAcl(text);
  if (entries === undefined) return text;
  const out: AclEntry[] = [];
  let changed = false;
  for (const e of entries) {
    const ids = e.serverIds.filter((id) => id !== serverId);
    if (ids.length === e.serverIds.length) {
      out.push(e);
      continue;
    }
    changed = true;
    if (ids.length > 0) out.push({ command: e.command, serverIds: ids });
    else if (isRoot && (e.command === "Add" || e.command === "Get")) {
      out.push({ command: e.command, serverIds: ["*"] });
    }
  }
  if (!changed) return text;
  let result = formatAcl(dedupe(out));
  if (isRoot && result === "") result = rootDefaultAcl;
  return result;
}

function dedupe(entries: readonly AclEntry[]): AclEntry[] {
  const seen = new Set<string>();
  const out: AclEntry[] = [];
  for (const e of entries) {
    const key = `${e.command}=${e.serverIds.join("+")}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}

function isAclCommand(s: string): s is AclCommand {
  return Object.hasOwn(commandIndex, s);
}

const commandIndex: { readonly [C in AclCommand]: number } = {
  Add: 0,
  Delete: 1,
  Exec: 2,
  Get: 3,
  Replace: 4,
};

/** Per command: true = everyone, a list of ids, or undefined = nobody. */
type CompiledAcl = (true | string[] | undefined)[];

// ACL strings repeat across nodes (most are "" or a few server patterns): compile each once.
const cache = new Map<string, CompiledAcl | null>();
const cacheLimit = 4096;

function compiled(text: string): CompiledAcl | null {
  let c = cache.get(text);
  if (c !== undefined) return c;
  const entries = parseAcl(text);
  if (entries === undefined) c = null;
  else {
    const grants: CompiledAcl = [undefined, undefined, undefined, undefined, undefined];
    for (const e of entries) {
      const i = commandIndex[e.command];
      // [TR-TND §8.3.7.1] `*` makes other ids for the command redundant.
      if (e.serverIds.includes("*")) grants[i] = true;
      else {
        const g = grants[i];
        if (g === undefined) grants[i] = [...e.serverIds];
        else if (g !== true) g.push(...e.serverIds);
      }
    }
    c = grants;
  }
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(text, c);
  return c;
}
