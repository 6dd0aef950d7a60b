/**
 * The state of one management tree and the primitives every command is built from: name lookup
 * (case rules), ACL evaluation, URI limits, and the mutations, each of which writes an undo record
 * while a transaction or an all-or-nothing command is running. Internal: the commands in
 * *-command.ts files use it, ManagementTree wraps it.
 */
import type { AclCommand } from "./acl.js";
import { aclGrants, rootDefaultAcl } from "./acl.js";
import { cacheSwitch } from "./cache-switch.js";
import type { DdfDescriptor } from "./ddf-index.js";
import { indexDdf } from "./ddf-index.js";
import type { UriLimits } from "./parse-uri.js";
import { noUriLimits } from "./parse-uri.js";
import type { LeafValue, MoRegistry, NodeHandler, Principal, TreeChange, TreeOptions } from "./tree-api.js";
import { currentAccessEpoch, invalidateAccessFacts, nodeFlags, TreeNode } from "./tree-node.js";
import type { UndoEntry } from "./undo-log.js";
import { undoEntry, undoOne } from "./undo-log.js";
import { UriCache } from "./uri-cache.js";

const refuseAll: MoRegistry = { placement: () => undefined };

export class TreeCore {
  #root: TreeNode;
  readonly clock: () => Date;
  readonly caseSensitive: boolean;
  readonly ddfRoot: DdfDescriptor | undefined;
  readonly moRegistry: MoRegistry;
  readonly handlers = new WeakMap<TreeNode, NodeHandler>();
  /** Mount points by URI, to mount again after `importState` replaced the nodes. */
  readonly mounts = new Map<string, NodeHandler>();
  readonly listeners = new Set<(change: TreeChange) => void>();
  /** Undo records; undefined when nothing needs undoing (no transaction, no all-or-nothing command). */
  log: UndoEntry[] | undefined = undefined;
  /** True while a transaction is open. */
  inTransaction = false;
  /** Bumped on every mutation; the URI limits cache keys on it. */
  revision = 0;
  private limitsRevision = -1;
  private limitsCache: UriLimits = noUriLimits;
  /** The plain Get's URI -> node memo; emptied by `structureChanged`. */
  readonly uriCache = new UriCache();

  constructor(options: TreeOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.caseSensitive = options.caseSensitive ?? true;
    this.ddfRoot = options.ddf === undefined ? undefined : indexDdf(options.ddf);
    this.moRegistry = options.moRegistry ?? refuseAll;
    this.#root = this.newRoot();
  }

  get root(): TreeNode {
    return this.#root;
  }

  /** A new root (importState) is a structural change. */
  set root(root: TreeNode) {
    this.#root = root;
    this.structureChanged();
  }

  /** A fresh root: interior, ACL `Add=*&Get=*`, permanent. [TR-TND §8.3.7.1] */
  newRoot(): TreeNode {
    const root = new TreeNode(".", "node", "", "", this.now(), this.ddfRoot);
    root.acl = rootDefaultAcl;
    root.flags = nodeFlags.permanent;
    return root;
  }

  now(): number {
    return this.clock().getTime();
  }

  /** The Map key of a name under the tree's case rule. */
  keyOf(name: string): string {
    return this.caseSensitive ? name : name.toLowerCase();
  }

  /**
   * The child called `name`. [TR-TND §8.1] Exact match first; a case-insensitive tree keys by the
   * lower-cased name; a DDF CaseSense CIS child is also found by any casing of its name.
   */
  child(parent: TreeNode, name: string): TreeNode | undefined {
    const m = parent.children;
    if (m === undefined) return undefined;
    if (!this.caseSensitive) return m.get(name.toLowerCase());
    const hit = m.get(name);
    if (hit !== undefined) return hit;
    if (parent.ddf === undefined || !parent.ddf.hasCaseInsensitiveChild) return undefined;
    const folded = name.toLowerCase();
    for (const c of m.values())
      if (c.ddf?.caseInsensitive === true && c.name.toLowerCase() === folded) return c;
    return undefined;
  }

  /** The node at `segments`, or undefined. */
  resolve(segments: readonly string[]): TreeNode | undefined {
    let n: TreeNode | undefined = this.root;
    for (const s of segments) {
      n = this.child(n, s);
      if (n === undefined) return undefined;
    }
    return n;
  }

  /** The normalized URI of a node: `.` or `./A/B`. */
  uriOf(node: TreeNode): string {
    if (node.parent === undefined) return ".";
    const names: string[] = [];
    for (let n: TreeNode | undefined = node; n?.parent !== undefined; n = n.parent) names.push(n.name);
    return "./" + names.reverse().join("/");
  }

  /** The nearest non-empty ACL from the node up; the root always has one. [TR-TND §8.3.7.1] */
  effectiveAcl(node: TreeNode): string {
    if (!cacheSwitch.enabled) {
      for (let n: TreeNode | undefined = node; n !== undefined; n = n.parent) if (n.acl !== "") return n.acl;
      return rootDefaultAcl;
    }
    this.refreshAccess(node);
    return node.accessAcl;
  }

  /** True when the principal may run `command` on the node (the device always may). */
  can(serverId: Principal, node: TreeNode, command: AclCommand): boolean {
    return serverId === undefined || aclGrants(this.effectiveAcl(node), command, serverId);
  }

  /** Permanent: created so by the device, or Scope Permanent in the DDF. [TR-TND §8.2] */
  isPermanent(node: TreeNode): boolean {
    return (node.flags & nodeFlags.permanent) !== 0 || node.ddf?.permanent === true;
  }

  /** True for ./Inbox and everything below it. [TR-STD §7.1.3.4] */
  isInInbox(node: TreeNode): boolean {
    if (!cacheSwitch.enabled) {
      const inbox = this.root.children === undefined ? undefined : this.inbox();
      for (let n: TreeNode | undefined = node; n !== undefined; n = n.parent) if (n === inbox) return true;
      return false;
    }
    return this.refreshAccess(node) === 1;
  }

  /**
   * Brings the node's cached access facts up to date and returns 1 when it is at or below
   * ./Inbox, else 0. The facts are the nearest non-empty ACL from the node up (else the root
   * default) and Inbox membership: both depend only on ACLs and the tree's structure, whose
   * every change bumps the access epoch (tree-node.ts). So a Get reads them from the node
   * instead of walking to the root; a stale node walks up to the first current ancestor.
   */
  refreshAccess(node: TreeNode): number {
    const stamp = currentAccessEpoch() * 2;
    const own = node.accessStamp;
    if (own === stamp || own === stamp + 1) return own - stamp;
    const inbox = this.root.children === undefined ? undefined : this.inbox();
    let acl = "";
    let inInbox = 0;
    for (let n: TreeNode | undefined = node; n !== undefined; n = n.parent) {
      const s = n.accessStamp;
      if (n !== node && (s === stamp || s === stamp + 1)) {
        if (acl === "") acl = n.accessAcl;
        if (s === stamp + 1) inInbox = 1;
        break;
      }
      if (acl === "") acl = n.acl;
      if (n === inbox) inInbox = 1;
    }
    node.accessAcl = acl === "" ? rootDefaultAcl : acl;
    node.accessStamp = stamp + inInbox;
    return inInbox;
  }

  /** The ./Inbox node, if the device has one. */
  inbox(): TreeNode | undefined {
    return this.root.children?.get(this.keyOf("Inbox"));
  }

  handlerOf(node: TreeNode): NodeHandler | undefined {
    return (node.flags & nodeFlags.handler) === 0 ? undefined : this.handlers.get(node);
  }

  /** The limits from the tree's own ./DevDetail/URI leaves; 0 (unlimited) when absent or not a number. */
  limits(): UriLimits {
    if (this.limitsRevision === this.revision) return this.limitsCache;
    const uri = this.resolve(["DevDetail", "URI"]);
    const read = (name: string): number => {
      const leaf = uri === undefined ? undefined : this.child(uri, name);
      if (leaf === undefined || typeof leaf.value !== "string") return 0;
      const n = Number(leaf.value.trim());
      return Number.isInteger(n) && n > 0 ? n : 0;
    };
    const maxDepth = read("MaxDepth");
    const maxTotLen = read("MaxTotLen");
    const maxSegLen = read("MaxSegLen");
    const old = this.limitsCache;
    // Same values keep the same object: the URI memo stays valid for as long as it is the same.
    if (old.maxDepth !== maxDepth || old.maxTotLen !== maxTotLen || old.maxSegLen !== maxSegLen)
      this.limitsCache = { maxDepth, maxTotLen, maxSegLen };
    this.limitsRevision = this.revision;
    return this.limitsCache;
  }

  /**
   * Call on every change of the tree's shape: a child inserted or removed, a rename, a new root.
   * Not needed for value or property changes.
   */
  structureChanged(): void {
    this.uriCache.clear();
    invalidateAccessFacts();
  }

  // ---- mutations: each records how to undo itself while `log` is set ----

  /** Records the node's fields before they change. Call before any field write. */
  snapshot(node: TreeNode): void {
    this.revision++;
    this.log?.push(undoEntry.fields(node));
  }

  /** Stamps a change: TStamp now, VerNo + 1 (wrapping at 0xFFFF). [TR-TND §8.3] */
  touch(node: TreeNode): void {
    node.tStamp = this.now();
    node.verNo = (node.verNo + 1) & 0xffff;
  }

  /** Appends a child. */
  insertChild(parent: TreeNode, child: TreeNode): void {
    this.revision++;
    this.structureChanged();
    child.parent = parent;
    (parent.children ??= new Map<string, TreeNode>()).set(this.keyOf(child.name), child);
    this.log?.push(undoEntry.inserted(child));
  }

  /** Detaches a child (with its subtree). */
  removeChild(child: TreeNode): void {
    const parent = child.parent;
    const m = parent?.children;
    if (parent === undefined || m === undefined) return;
    this.revision++;
    this.structureChanged();
    if (this.log !== undefined) this.log.push(undoEntry.removed(child, parent, indexOf(m, child)));
    m.delete(this.keyOf(child.name));
  }

  /** Puts a detached child back at its former position (undo of `removeChild`). */
  reinsertChild(parent: TreeNode, child: TreeNode, index: number): void {
    this.revision++;
    this.structureChanged();
    child.parent = parent;
    const m = (parent.children ??= new Map<string, TreeNode>());
    if (index >= m.size) m.set(this.keyOf(child.name), child);
    else parent.children = rebuilt(m, (entries) => entries.splice(index, 0, [this.keyOf(child.name), child]));
  }

  /** Renames a node, keeping its position among its siblings. */
  rename(node: TreeNode, name: string): void {
    const parent = node.parent;
    const m = parent?.children;
    if (parent === undefined || m === undefined) return;
    this.revision++;
    this.structureChanged();
    this.log?.push(undoEntry.renamed(node, node.name));
    const oldKey = this.keyOf(node.name);
    const newKey = this.keyOf(name);
    node.name = name;
    parent.children = rebuilt(m, (entries) => {
      for (const e of entries) if (e[0] === oldKey) e[0] = newKey;
    });
  }

  /** Runs `fn`; if its status is not 2xx, every mutation it made is undone. */
  atomically<T extends { readonly status: number }>(fn: () => T): T {
    const outer = this.log;
    const log = outer ?? [];
    const mark = log.length;
    this.log = log;
    try {
      const result = fn();
      if (result.status < 200 || result.status > 299) this.undoTo(mark);
      return result;
    } catch (e) {
      this.undoTo(mark);
      throw e;
    } finally {
      this.log = outer;
      if (outer === undefined) log.length = 0;
    }
  }

  /**
   * Undoes log records back to `mark`, newest first. Returns false when a record could not be
   * undone (a handler refused its old value); the others are still undone.
   */
  undoTo(mark: number): boolean {
    const log = this.log;
    if (log === undefined) return true;
    let ok = true;
    const saved = this.log;
    this.log = undefined; // undoing must not log
    while (log.length > mark) {
      const e = log.pop();
      if (e !== undefined && !undoOne(this, e)) ok = false;
    }
    this.log = saved;
    return ok;
  }

  emit(change: TreeChange): void {
    for (const l of this.listeners) l(change);
  }

  /** Emits a `change` for the node (its URI is only computed when someone listens). */
  changed(node: TreeNode): void {
    if (this.listeners.size > 0) this.emit({ kind: "change", uri: this.uriOf(node) });
  }

  /** Records a handler value change for undo. */
  loggedHandlerSet(node: TreeNode, handler: NodeHandler, old: LeafValue): void {
    this.log?.push(undoEntry.handlerSet(node, handler, old));
  }
}

function indexOf(m: Map<string, TreeNode>, child: TreeNode): number {
  let i = 0;
  for (const c of m.values()) {
    if (c === child) return i;
    i++;
  }
  return i;
}

function rebuilt(
  m: Map<string, TreeNode>,
  edit: (entries: [string, TreeNode][]) => void,
): Map<string, TreeNode> {
  const entries = [...m.entries()];
  edit(entries);
  return new Map(entries);
}
