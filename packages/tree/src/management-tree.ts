/**
 * ManagementTree: the device's management tree, the one stateful object of this package.
 * Every server command has a method; each returns a status value [TR-REP §4.1.6]. The rules live
 * in the *-command.ts files; this class holds the state and the transaction.
 */
import { OmaDmError, tndsMediaTypes, tndsToElement } from "@omadm/protocol";
import type { MgmtTree } from "@omadm/protocol";
import { addCommand } from "./add-command.js";
import { copyCommand } from "./copy-command.js";
import { deleteCommand } from "./delete-command.js";
import { define, findByType, mount, removeServer, setPermanent, unmount } from "./device-operations.js";
import { execCommand } from "./exec-command.js";
import { getCommand } from "./get-command.js";
import { parseUri } from "./parse-uri.js";
import { replaceCommand } from "./replace-command.js";
import { subtreeToTnds } from "./tnds-export.js";
import type {
  AddOutcome,
  DefineOptions,
  ExecOutcome,
  GetOutcome,
  NodeContent,
  NodeHandler,
  Principal,
  TndsSelection,
  TreeChange,
  TreeOptions,
  TreeOutcome,
  TreeState,
  TreeTransaction,
} from "./tree-api.js";
import { TreeCore } from "./tree-core.js";
import { exportState, importState } from "./tree-state.js";

/** Creates a tree holding only the root `.` (ACL `Add=*&Get=*`). */
export function createTree(options?: TreeOptions): ManagementTree {
  return new ManagementTree(options);
}

export class ManagementTree {
  readonly #core: TreeCore;
  #transaction: Transaction | undefined = undefined;

  constructor(options?: TreeOptions) {
    this.#core = new TreeCore(options);
  }

  /** Add a node (leaf, interior with Format `node`, or a TNDS subtree). */
  add(uri: string, content: NodeContent, serverId: Principal): AddOutcome {
    return addCommand(this.#core, uri, content, serverId);
  }

  /** Replace a leaf value, a property (`?prop=ACL|Name|Title`), or a subtree with TNDS. */
  replace(uri: string, content: NodeContent, serverId: Principal): TreeOutcome {
    return replaceCommand(this.#core, uri, content, serverId);
  }

  /** Delete a node and its subtree. */
  delete(uri: string, serverId: Principal): TreeOutcome {
    return deleteCommand(this.#core, uri, serverId);
  }

  /** Copy a leaf's value over another leaf (or into a new one). */
  copy(targetUri: string, sourceUri: string, serverId: Principal): TreeOutcome {
    return copyCommand(this.#core, targetUri, sourceUri, serverId);
  }

  /** Get a value, child list, property (`?prop=`) or listing (`?list=Struct|StructData|TNDS`). */
  get(uri: string, serverId: Principal): GetOutcome {
    return getCommand(this.#core, uri, serverId);
  }

  /** Exec the handler mounted on the node. */
  exec(uri: string, content: NodeContent | undefined, serverId: Principal, correlator?: string): ExecOutcome {
    return execCommand(this.#core, uri, content, serverId, correlator);
  }

  /**
   * Opens a transaction (for Atomic). Throws OmaDmError "INVALID_ARGUMENT" if one is open:
   * DM has no nested Atomic (the engine answers it with 500 before calling this).
   */
  begin(): TreeTransaction {
    if (this.#transaction !== undefined)
      throw new OmaDmError("INVALID_ARGUMENT", "a transaction is already open");
    const core = this.#core;
    core.log = [];
    core.inTransaction = true;
    const tx = new Transaction(core, () => {
      this.#transaction = undefined;
    });
    this.#transaction = tx;
    core.emit({ kind: "begin" });
    return tx;
  }

  /** True while a transaction is open. */
  get inTransaction(): boolean {
    return this.#transaction !== undefined;
  }

  /** Device: create or overwrite a node (and missing parents), permanent unless told otherwise. */
  define(uri: string, content: NodeContent, options?: DefineOptions): TreeOutcome {
    return define(this.#core, uri, content, options);
  }

  /** Device: mark a node permanent or dynamic. */
  setPermanent(uri: string, permanent = true): TreeOutcome {
    return setPermanent(this.#core, uri, permanent);
  }

  /** Device: back an existing node with code (get, set, exec). */
  mount(uri: string, handler: NodeHandler): TreeOutcome {
    return mount(this.#core, uri, handler);
  }

  unmount(uri: string): TreeOutcome {
    return unmount(this.#core, uri);
  }

  /** Device: strip a ServerID from every ACL (the server's account was removed). */
  removeServer(serverId: string): number {
    return removeServer(this.#core, serverId);
  }

  /** URIs of interior nodes whose Type (MO identifier) is `type`. */
  findByType(type: string): string[] {
    return findByType(this.#core, type);
  }

  /** The subtree at `uri` as TNDS (device view, every node), or undefined if there is none. */
  toTnds(uri: string, selection?: TndsSelection): MgmtTree | undefined {
    const p = parseUri(uri);
    if (typeof p === "number") return undefined;
    const node = this.#core.resolve(p.segments);
    return node === undefined ? undefined : subtreeToTnds(this.#core, node, selection, undefined);
  }

  /**
   * Adds a TNDS object given as a model under `uri` (what `add` does with a TNDS Item): for
   * bootstrap and for building standard objects. Default principal: the device.
   */
  fromTnds(uri: string, tnds: MgmtTree, serverId?: Principal): AddOutcome {
    return this.add(
      uri,
      { format: "xml", type: tndsMediaTypes.tndsXml, data: tndsToElement(tnds) },
      serverId,
    );
  }

  /** Every node and property, JSON-safe, with a stable key order. */
  exportState(): TreeState {
    return exportState(this.#core);
  }

  /**
   * Replaces the whole tree with an exported state; mounted handlers are mounted again by URI.
   * Throws OmaDmError "INVALID_ARGUMENT" for a malformed state or while a transaction is open.
   */
  importState(state: unknown): void {
    if (this.#transaction !== undefined)
      throw new OmaDmError("INVALID_ARGUMENT", "importState during a transaction");
    importState(this.#core, state);
    this.#core.emit({ kind: "change", uri: "." });
  }

  /** Subscribes to changes (for persistence); returns the unsubscribe function. */
  onChange(listener: (change: TreeChange) => void): () => void {
    this.#core.listeners.add(listener);
    return () => {
      this.#core.listeners.delete(listener);
    };
  }
}

class Transaction implements TreeTransaction {
  #open = true;
  readonly #core: TreeCore;
  readonly #close: () => void;

  constructor(core: TreeCore, close: () => void) {
    this.#core = core;
    this.#close = close;
  }

  get open(): boolean {
    return this.#open;
  }

  commit(): void {
    if (!this.#finish()) return;
    this.#core.emit({ kind: "commit" });
  }

  /** [TR-REP §4.1.6.3] 200 when every change was undone, 516 when one could not be. */
  rollback(): TreeOutcome {
    if (!this.#open) return { status: 516 };
    const ok = this.#core.undoTo(0);
    this.#finish();
    this.#core.emit({ kind: "rollback" });
    return { status: ok ? 200 : 516 };
  }

  #finish(): boolean {
    if (!this.#open) return false;
    this.#open = false;
    this.#core.log = undefined;
    this.#core.inTransaction = false;
    this.#close();
    return true;
  }
}
